// The agent's own work beside the probes: running commands, reading interfaces and routes, and doing
// both on an interpreter without the newer features it prefers.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { interfacesFrom, parseAddrs, parseRoutes, routesFrom } from '../../src/facts/ip.js';
import { resultsOf, startLocalAgent } from './local-agent.js';

function ipJson(args: string[]): string | undefined {
  try {
    return execFileSync('ip', ['-j', ...args], { encoding: 'utf8' });
  } catch {
    return undefined;
  }
}
const haveIp = ipJson(['link']) !== undefined;
const ipTest = haveIp ? test : test.skip;

test('exec reports the exit status, stdout and stderr of a command that fails', async (t) => {
  const { agent } = await startLocalAgent();
  const r = await agent.exec(['sh', '-c', 'echo out; echo err >&2; exit 3']);
  t.like(r, { code: 3, stdout: 'out\n', stderr: 'err\n', error: null });
  await agent.stop();
});

test('exec kills a command that outlives its timeout and says so', async (t) => {
  const { agent } = await startLocalAgent();
  // The answer must come long before sleep would end: exec waits at most its timeout plus 2 s.
  const r = await agent.exec(['sleep', '30'], 1500);
  t.is(r.error, 'timeout');
  await agent.stop();
});

test('exec keeps only the tail of a large output', async (t) => {
  const { agent } = await startLocalAgent();
  const r = await agent.exec(['sh', '-c', 'head -c 300000 /dev/zero | tr "\\\\0" a; echo END']);
  t.is(r.code, 0);
  t.is(r.stdout.length, 262144);
  t.true(r.stdout.endsWith('aEND\n'));
  await agent.stop();
});

test('commands run side by side: a slow one does not hold up a quick one', async (t) => {
  const { agent } = await startLocalAgent();
  const slow = agent.exec(['sleep', '1']);
  const quick = await agent.exec(['echo', 'quick']);
  t.is(quick.stdout, 'quick\n');
  t.is((await slow).code, 0);
  await agent.stop();
});

ipTest('netinfo reads the same interfaces, addresses and routes as ip -j addr and ip -j route', async (t) => {
  const { agent } = await startLocalAgent();
  const info = await agent.netInfo();
  await agent.stop();
  t.is(info.error, null);
  const fromIp = parseAddrs(ipJson(['addr']) as string);
  const fromAgent = interfacesFrom(info.links ?? []);
  t.true(fromAgent.length > 0);
  t.deepEqual(fromAgent, fromIp);
  t.deepEqual(routesFrom(info.routes ?? []), parseRoutes(ipJson(['route']) as string));
});

test('netinfo includes /etc/resolv.conf as it is', async (t) => {
  const { agent } = await startLocalAgent();
  const info = await agent.netInfo();
  await agent.stop();
  let text: string | null = null;
  try {
    text = execFileSync('cat', ['/etc/resolv.conf'], { encoding: 'utf8' });
  } catch {
    text = null;
  }
  t.is(info.resolv, text);
});

// Python 3.6 and 3.7 (RHEL 8's platform-python) have no os.posix_spawnp; a stripped-down build may
// lack the C JSON accelerator. The agent falls back to fork/exec and to the json module.
const OLD_PYTHON = 'import os, sys\ndel os.posix_spawnp\nimport posix\ndel posix.posix_spawnp\nsys.modules["_json"] = None';

test('without posix_spawn and the C JSON accelerator the agent still probes, runs commands and reports them', async (t) => {
  const { agent, events } = await startLocalAgent(20000, OLD_PYTHON);
  const echo = await agent.exec(['echo', 'é $HOME']);
  t.is(echo.stdout, 'é $HOME\n');
  t.is((await agent.exec(['no-such-program-spf'])).error, 'not-found');
  t.is((await agent.exec(['sleep', '30'], 1500)).error, 'timeout');
  agent.send({ op: 'probe', timeoutMs: 1000, items: [{ id: 'c', proto: 'tcp', addr: '127.0.0.1', port: 1, nonce: 'x' }] });
  await agent.waitFor((e): e is Extract<typeof e, { ev: 'probe-done' }> => e.ev === 'probe-done', 3000, 'the probe');
  t.like(resultsOf(events)[0], { id: 'c', outcome: 'refused' });
  await agent.stop();
});

test('a command starts with SIGPIPE and SIGXFSZ at their defaults, not ignored as in Python', async (t) => {
  const { agent } = await startLocalAgent();
  // SigIgn in /proc/self/status is a hex mask of ignored signals, signal N at bit N-1: SIGPIPE 13, SIGXFSZ 25.
  const r = await agent.exec(['sh', '-c', 'grep SigIgn /proc/self/status']);
  const mask = BigInt(`0x${r.stdout.split(/\s+/)[1]}`);
  t.is(mask & (1n << 12n), 0n);
  t.is(mask & (1n << 24n), 0n);
  await agent.stop();
});
