// How the canary runs a command in its container: by nsenter into the container's namespaces, and by
// docker exec where nsenter is missing or may not enter (no root); the lab (as root) takes the first way.
import test from 'ava';
import type { RemoteAgent } from '../../src/agent/remote-agent.js';
import { inContainer, runCanary } from '../../src/run/canary.js';

type Answer = { code: number | null; stdout: string; stderr: string; error: string | null };

/** An agent whose exec answers by the program's name, recording every argv. */
function agent(answers: Record<string, Answer>) {
  const calls: string[][] = [];
  const fake = { exec: async (argv: string[]) => { calls.push(argv); return { ev: 'exec', id: 'x', ...answers[argv[0] as string] }; } };
  return { agent: fake as unknown as RemoteAgent, calls };
}

const ok = (stdout: string): Answer => ({ code: 0, stdout, stderr: '', error: null });

/**
 * A node's engine API as the canary reads it: its container (named NETWORK-ID) at `ip` with `pid` on
 * the canary's network, and, once asked after the run, no container or network of it left; `left`
 * answers the label listings instead.
 */
function engine(id: string, ip: string, pid: number, left?: (path: string) => { status: number | null; body: string; error: string | null }) {
  return async (path: string) => {
    const container = new RegExp(`^/containers/(spf-canary-[0-9a-f]+)-${id}/json$`).exec(path);
    if (container) return { ev: 'docker', id: 'd', status: 200, body: JSON.stringify({ NetworkSettings: { Networks: { [container[1] as string]: { IPAddress: ip } } }, State: { Pid: pid } }), error: null };
    return { ev: 'docker', id: 'd', ...(left?.(path) ?? { status: 200, body: '[]', error: null }) };
  };
}

test('with a PID the command runs in the container\'s mount and network namespaces by nsenter, without docker', async (t) => {
  const { agent: a, calls } = agent({ nsenter: ok('mtu 1450\n') });
  const c = { host: 'n1', name: 'spf-canary-abc-n1', pid: 4242 };
  t.is((await inContainer(a, c, ['sh', '-c', 'true'], 1000)).stdout, 'mtu 1450\n');
  t.deepEqual(calls, [['nsenter', '-t', '4242', '-m', '-n', 'sh', '-c', 'true']]);
});

test('where nsenter may not enter (no root) or is missing, docker exec runs it, and nsenter is not tried again', async (t) => {
  for (const refusal of [{ code: 1, stdout: '', stderr: 'nsenter: cannot open /proc/4242/ns/mnt: Permission denied\n', error: null }, { code: null, stdout: '', stderr: '', error: 'not-found' }]) {
    const { agent: a, calls } = agent({ nsenter: refusal, docker: ok('mtu 1450\n') });
    const c = { host: 'n1', name: 'spf-canary-abc-n1', pid: 4242 };
    t.is((await inContainer(a, c, ['sh', '-c', 'true'], 1000)).stdout, 'mtu 1450\n');
    await inContainer(a, c, ['sh', '-c', 'true'], 1000);
    t.deepEqual(calls.map((argv) => argv.slice(0, 3)), [['nsenter', '-t', '4242'], ['docker', 'exec', 'spf-canary-abc-n1'], ['docker', 'exec', 'spf-canary-abc-n1']]);
  }
});

test('without a PID docker exec runs it; a ping that fails inside the container is its answer, not a reason to switch', async (t) => {
  const noPid = agent({ docker: ok('mtu 1450\n') });
  await inContainer(noPid.agent, { host: 'n1', name: 'c1' }, ['true'], 1000);
  t.deepEqual(noPid.calls, [['docker', 'exec', 'c1', 'true']]);
  const failing = agent({ nsenter: { code: 1, stdout: 'mtu 1450\nsmall 10.0.9.3 fail\n', stderr: '', error: null } });
  const c = { host: 'n1', name: 'c1', pid: 7 };
  t.is((await inContainer(failing.agent, c, ['sh'], 1000)).stdout, 'mtu 1450\nsmall 10.0.9.3 fail\n');
  t.deepEqual(failing.calls.map((argv) => argv[0]), ['nsenter']);
});

test('a container whose overlay attachment timed out at the manager is started once more, and the canary runs with it', async (t) => {
  const calls: string[][] = [];
  const runs = new Map<string, number>();
  const node = (id: string, ip: string, pid: number) => {
    const exec = async (argv: string[]) => {
      calls.push([id, ...argv]);
      const answer = (stdout: string, code = 0, stderr = '') => ({ ev: 'exec', id: 'x', code, stdout, stderr, error: null });
      if (argv[0] === 'docker' && argv[1] === 'run') {
        const n = (runs.get(id) ?? 0) + 1;
        runs.set(id, n);
        // n2's first start meets a manager too busy to attach it in time, as seen on the 10-node lab.
        if (id === 'n2' && n === 1) return answer('', 125, 'docker: Error response from daemon: attaching to network failed, make sure your network options are correct and check manager logs: context deadline exceeded.\n');
        return answer('0123456789ab\n');
      }
      if (argv[0] === 'nsenter') {
        const target = /-q (\d+\.\d+\.\d+\.\d+) /.exec(argv.join(' '))?.[1];
        return answer(`mtu 1450\nsmall ${target} ok\nfull ${target} ok\n`);
      }
      return answer('');
    };
    const agent = { exec, dockerGet: engine(id, ip, pid), hasExited: false, readProcNet: async () => 'Icmp: InMsgs InEchos\nIcmp: 5 3\n' };
    return { id, agent: agent as unknown as RemoteAgent, manager: id === 'n1' };
  };
  const nodes = [node('n1', '10.0.9.2', 101), node('n2', '10.0.9.3', 102), node('n3', '10.0.9.4', 103)];
  const evidence = await runCanary(nodes, { image: 'busybox', timeoutMs: 1000, deadlineMs: 60000 }, new AbortController().signal);
  t.deepEqual(evidence.containers.map((c) => [c.host, c.ip, c.error]), [['n1', '10.0.9.2', undefined], ['n2', '10.0.9.3', undefined], ['n3', '10.0.9.4', undefined]]);
  t.is(runs.get('n2'), 2);
  t.true(calls.some(([id, ...argv]) => id === 'n2' && argv.join(' ') === `docker rm -f ${evidence.network}-n2`), 'what the failed start left under its name is removed first');
  t.is(evidence.pings.length, 6);
  t.true(evidence.pings.every((p) => p.small === true && p.full === true));
});

test('a broken node is pinged in the first slot only: its other pairs skip the slots for the retry with the full wait, and its counter still gives one-way evidence', async (t) => {
  // Five nodes; n3 neither sends nor receives on the overlay. Echo requests that arrive are counted
  // at their target, as the container's /proc/net/snmp counts them.
  const ids = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const ipOf = (id: string) => `10.0.9.${ids.indexOf(id) + 2}`;
  const idOf = new Map(ids.map((id) => [ipOf(id), id]));
  const echos = new Map(ids.map((id) => [id, 0]));
  const pinged: { from: string; to: string; waitS: number }[] = [];
  const node = (id: string) => {
    const exec = async (argv: string[]) => {
      const answer = (stdout: string) => ({ ev: 'exec', id: 'x', code: 0, stdout, stderr: '', error: null });
      if (argv[0] === 'docker' && argv[1] === 'run') return answer('0123456789ab\n');
      if (argv[0] === 'nsenter') {
        const script = argv.join(' ');
        const ip = /-q (\d+\.\d+\.\d+\.\d+) /.exec(script)?.[1] as string;
        const to = idOf.get(ip) as string;
        pinged.push({ from: id, to, waitS: Number(/-W (\d+)/.exec(script)?.[1]) });
        const works = id !== 'n3' && to !== 'n3';
        if (works) echos.set(to, (echos.get(to) ?? 0) + 2);
        const word = works ? 'ok' : 'fail';
        return answer(`mtu 1450\nsmall ${ip} ${word}\nfull ${ip} ${word}\n`);
      }
      return answer('');
    };
    const agent = { exec, dockerGet: engine(id, ipOf(id), 100 + ids.indexOf(id)), hasExited: false, readProcNet: async () => `Icmp: InMsgs InEchos\nIcmp: 9 ${echos.get(id)}\n` };
    return { id, agent: agent as unknown as RemoteAgent, manager: id === 'n1' };
  };
  const evidence = await runCanary(ids.map(node), { image: 'busybox', timeoutMs: 1000, deadlineMs: 60000 }, new AbortController().signal);
  const involving = (p: { from: string; to: string }) => p.from === 'n3' || p.to === 'n3';
  // In slot 1 n3 fails towards n4 and from n2: from then on it takes part in no slot.
  t.deepEqual(pinged.filter((p) => involving(p) && p.waitS === 1).map((p) => `${p.from}>${p.to}`).sort(), ['n2>n3', 'n3>n4']);
  t.deepEqual(pinged.filter((p) => p.waitS !== 1).map((p) => `${p.from}>${p.to}`).sort(), ['n1>n3', 'n2>n3', 'n3>n1', 'n3>n2', 'n3>n4', 'n3>n5', 'n4>n3', 'n5>n3'], 'every pair of n3 is pinged once with the full wait, nothing else');
  t.true(pinged.filter((p) => p.waitS !== 1).every((p) => p.waitS === 3));
  t.is(evidence.pings.length, 20, 'every ordered pair is judged');
  t.deepEqual(evidence.pings.filter((p) => !p.small || !p.full).map((p) => `${p.from}>${p.to}`).sort(), ['n1>n3', 'n2>n3', 'n3>n1', 'n3>n2', 'n3>n4', 'n3>n5', 'n4>n3', 'n5>n3']);
  // Four sources at n3 in the retry, and its counter did not move: none of their requests arrived.
  t.deepEqual(evidence.pings.filter((p) => p.to === 'n3').map((p) => p.requestsIn), [0, 0, 0, 0]);
  t.true(evidence.pings.filter((p) => !involving(p)).every((p) => p.small && p.full && p.requestsIn === 2));
});

test('a node whose engine cannot list what is left is reported after the wait as not verified, never as clean', async (t) => {
  const node = (id: string, ip: string, pid: number) => {
    const exec = async (argv: string[]) => ({ ev: 'exec', id: 'x', code: 0, error: null, stderr: '',
      stdout: argv[0] === 'nsenter' ? `mtu 1450\nsmall ${/-q (\S+) /.exec(argv.join(' '))?.[1]} ok\nfull ${/-q (\S+) /.exec(argv.join(' '))?.[1]} ok\n` : '' });
    // n2's engine answers the canary's start, then nothing but errors to its label listings.
    const left = id === 'n2' ? () => ({ status: null, body: '', error: '/var/run/docker.sock: ECONNREFUSED' }) : undefined;
    const agent = { exec, dockerGet: engine(id, ip, pid, left), hasExited: false, readProcNet: async () => 'Icmp: InMsgs InEchos\nIcmp: 5 3\n' };
    return { id, agent: agent as unknown as RemoteAgent, manager: id === 'n1' };
  };
  const evidence = await runCanary([node('n1', '10.0.9.2', 101), node('n2', '10.0.9.3', 102)], { image: 'busybox', timeoutMs: 1000, deadlineMs: 60000 }, new AbortController().signal);
  t.true(evidence.pings.every((p) => p.small && p.full));
  t.true(evidence.cleanup.failed.includes(`${evidence.network}-n2`), 'its container not confirmed removed');
  t.deepEqual(evidence.cleanup.failed.filter((f) => f.startsWith('n2: ')), ['n2: containers not listed', 'n2: networks not listed']);
  t.false(evidence.cleanup.failed.some((f) => f.startsWith('n1')));
});
