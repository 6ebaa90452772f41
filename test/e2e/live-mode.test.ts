// The CLI against a real swarm in the lab: docker owns the ports, the tool observes without touching them.
import type { Lab } from '../lab/lab.js';
import { labSuite } from './lab-suite.js';
import { cells, labArgs, runCli } from './cli.js';

const { labTest } = labSuite({ hosts: 3, docker: true, managers: 1 });

async function dockerdPids(lab: Lab): Promise<string[]> {
  return Promise.all(lab.hosts.map(async (h) => (await lab.exec(h.id, 'pidof dockerd')).stdout.trim()));
}

labTest('a clean swarm passes every probe in live mode and dockerd keeps running untouched', async (t) => {
  const { lab } = t.context;
  const before = await dockerdPids(lab);
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
  t.is(run.code, 0, run.stderr + run.stdout.slice(0, 2000));
  const result = run.json!;
  t.is(result.mode, 'live');
  t.deepEqual(cells(result, 'fail'), []);
  t.deepEqual(cells(result, 'error'), []);
  t.is(cells(result, 'pass').length, 6 * 3 + 2);
  t.deepEqual(result.hosts.map((h) => h.role), ['manager', 'worker', 'worker']);
  t.true(result.hosts.every((h) => h.facts?.swarmState === 'active'));
  t.deepEqual(await dockerdPids(lab), before);
  const nodes = await lab.exec('n1', "docker node ls --format '{{.Status}}'");
  t.deepEqual(nodes.stdout.trim().split('\n'), ['Ready', 'Ready', 'Ready']);
  t.deepEqual(await lab.leftovers(), []);
});

labTest('dropping the data-path port into one worker fails the cells into that worker only', async (t) => {
  const { lab } = t.context;
  await lab.drop('n3', { proto: 'udp', port: 4789, direction: 'in' });
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
  t.is(run.code, 1);
  t.deepEqual(cells(run.json!, 'fail'), ['n1>n3 4789/udp', 'n2>n3 4789/udp']);
  t.deepEqual(await lab.leftovers(), []);
});

labTest('dropping 2377 on the manager fails worker to manager 2377 only', async (t) => {
  const { lab } = t.context;
  await lab.drop('n1', { proto: 'tcp', port: 2377, direction: 'in' });
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
  t.is(run.code, 1);
  t.deepEqual(cells(run.json!, 'fail'), ['n2>n1 2377/tcp', 'n3>n1 2377/tcp']);
  t.true(run.json!.probes.filter((p) => p.status === 'fail').every((p) => p.reason === 'filtered'));
  t.deepEqual(await lab.leftovers(), []);
});

labTest('ESP is probed with raw IP protocol 50 and a drop of it fails only the cells into that host', async (t) => {
  const { lab } = t.context;
  await lab.drop('n2', { proto: 'esp', direction: 'in' });
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--esp', '--format', 'json']));
  t.is(run.code, 1);
  t.deepEqual(cells(run.json!, 'fail'), ['n1>n2 esp', 'n3>n2 esp']);
  t.is(run.json!.probes.filter((p) => p.protocol === 'esp' && p.status === 'pass').length, 4);
  t.deepEqual(await lab.leftovers(), []);
});

labTest('in a clean swarm every node lists the others as gossip peers and uses the swarm\'s data-path port', async (t) => {
  const { lab } = t.context;
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
  t.is(run.code, 0, run.stdout.slice(0, 2000));
  const r = run.json!;
  const of = (check: string) => r.findings.filter((f) => f.check === check);
  t.true(of('overlay-peers').length >= 2 && of('overlay-peers').every((f) => f.status === 'pass'), JSON.stringify(of('overlay-peers')));
  t.deepEqual(of('data-path-port').map((f) => f.status), ['pass']);
  t.deepEqual(of('swarm-address'), []);
  // One manager: a warning about raft's majority, nothing else from the swarm's view.
  t.deepEqual(of('swarm-members').filter((f) => f.status !== 'pass').map((f) => f.summary.split(':')[0]), ['1 manager (n1)']);
});

labTest('what the run reads of docker through the engine\'s API is what the docker client prints on each host', async (t) => {
  const { lab } = t.context;
  const inUse = (r: NonNullable<Awaited<ReturnType<typeof runCli>>['json']>) =>
    Number(/(\d+) of \d+ addresses in use/.exec(r.findings.find((f) => f.check === 'overlay-subnet' && /^overlay spf-net /.test(f.summary))?.summary ?? '')?.[1]);
  const before = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
  t.is(before.code, 0, before.stderr);
  // A VIP-mode service on spf-net with no replicas: its virtual IP is allocated, nothing is started.
  await lab.exec('n1', 'docker service create --detach --no-resolve-image --replicas 0 --network spf-net --name spf-api-vip spf-busybox:lab sleep 1');
  try {
    const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
    t.is(run.code, 0, run.stderr + run.stdout.slice(0, 2000));
    const r = run.json!;
    for (const h of r.hosts) {
      const cli = (await lab.exec(h.id, "docker info --format '{{.ServerVersion}} {{.Swarm.LocalNodeState}} {{.Swarm.NodeAddr}}'")).stdout.trim();
      t.is(`${h.facts?.dockerVersion} ${h.facts?.swarmState} ${h.facts?.nodeAddr}`, cli, h.id);
    }
    const listed = (await lab.exec('n1', "docker network ls --filter driver=overlay --format '{{.Name}}'")).stdout.trim().split('\n').sort();
    const manager = r.hosts.find((h) => h.id === 'n1')!;
    t.deepEqual(manager.facts?.overlays?.map((o) => o.name).sort(), listed);
    for (const o of manager.facts?.overlays ?? []) {
      const subnets = (await lab.exec('n1', `docker network inspect --format '{{range .IPAM.Config}}{{.Subnet}} {{end}}' ${o.name}`)).stdout.trim().split(' ');
      t.deepEqual(o.subnets, subnets, o.name);
    }
    // The service's one VIP, from the manager's service list, takes one more address of spf-net.
    t.is((await lab.exec('n1', "docker service inspect --format '{{len .Endpoint.VirtualIPs}}' spf-api-vip")).stdout.trim(), '1');
    t.true(inUse(before.json!) > 0);
    t.is(inUse(r), inUse(before.json!) + 1);
  } finally {
    await lab.exec('n1', 'docker service rm spf-api-vip');
  }
  t.deepEqual(await lab.leftovers(), []);
});
