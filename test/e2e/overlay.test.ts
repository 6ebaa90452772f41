// The overlay data path against a real swarm in the lab: path MTU, overlay MTU, subnets, the canary.
import { spawn } from 'node:child_process';
import { bootstrapCommand } from '../../src/agent/bootstrap.js';
import { RemoteAgent } from '../../src/agent/remote-agent.js';
import { fromChild } from '../../src/agent/stream.js';
import { interfacesFrom, parseAddrs, parseRoutes, routesFrom } from '../../src/facts/ip.js';
import type { Finding, RunResult } from '../../src/model.js';
import { hostCommand } from '../lab/host.js';
import { labSuite } from './lab-suite.js';
import { labArgs, runCli } from './cli.js';

const { labTest } = labSuite({ hosts: 3, docker: true, managers: 1 });
const CANARY = ['--canary', '--canary-image', 'spf-busybox:lab'];

const of = (r: RunResult, check: string, status?: string): Finding[] => r.findings.filter((f) => f.check === check && (!status || f.status === status));
const pairs = (fs: Finding[]) => fs.map((f) => `${f.from}>${f.to}`).sort();

labTest('a clean swarm passes every overlay check, the canary included, and the canary leaves nothing behind', async (t) => {
  const { lab } = t.context;
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json', ...CANARY]));
  t.is(run.code, 0, run.stdout.slice(0, 3000));
  const r = run.json!;
  t.is(of(r, 'canary', 'pass').length, 6);
  t.is(of(r, 'path-mtu', 'pass').length, 6);
  t.is(of(r, 'overlay-mtu', 'pass').length, 6, 'two overlays (ingress, spf-net) on three hosts');
  t.true(of(r, 'overlay-subnet').length >= 2 && of(r, 'overlay-subnet').every((f) => f.status === 'pass'));
  t.deepEqual(await lab.leftovers(), []);
  const networks = await lab.exec('n1', "docker network ls --format '{{.Name}}'");
  t.false(networks.stdout.includes('spf-canary'));
});

labTest('on a swarm node the agent reads the same interfaces and routes as ip -j, bridges and their ports included', async (t) => {
  const { lab } = t.context;
  const [cmd, args] = hostCommand(lab.host('n2').initPid, ['/bin/sh', '-c', bootstrapCommand()]);
  const { agent } = await RemoteAgent.start('n2', fromChild(spawn(cmd, args, { stdio: 'pipe' })), 20000);
  const info = await agent.netInfo();
  await agent.stop();
  const addrs = parseAddrs((await lab.exec('n2', 'ip -j addr')).stdout);
  t.true(addrs.some((i) => i.name === 'docker_gwbridge') && addrs.some((i) => i.master === 'docker_gwbridge'));
  t.deepEqual(interfacesFrom(info.links ?? []), addrs);
  t.deepEqual(routesFrom(info.routes ?? []), parseRoutes((await lab.exec('n2', 'ip -j route')).stdout));
});

labTest('a 1400-byte path limit at one host fails path-mtu and the full-size canary pings for exactly its pairs', async (t) => {
  const { lab } = t.context;
  await lab.limitPathMtu('n3', 1400);
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json', ...CANARY]));
  t.is(run.code, 1);
  const r = run.json!;
  const involving = ['n1>n3', 'n2>n3', 'n3>n1', 'n3>n2'];
  t.deepEqual(pairs(of(r, 'path-mtu', 'fail')), involving);
  for (const f of of(r, 'path-mtu', 'fail')) {
    const largest = (f.evidence as { largestSeen: number }).largestSeen;
    t.true(Math.abs(largest - 1400) <= 28, `largest passing ${largest} is within 28 bytes of 1400`);
  }
  const canaryFails = of(r, 'canary', 'fail');
  t.deepEqual(pairs(canaryFails), involving);
  t.true(canaryFails.every((f) => (f.evidence as { small: boolean }).small === true && /full-size/.test(f.summary)));
  t.deepEqual(pairs(of(r, 'canary', 'pass')), ['n1>n2', 'n2>n1']);
  t.deepEqual(r.probes.filter((p) => p.status === 'fail'), [], 'the ports themselves are open');
  t.deepEqual(await lab.leftovers(), []);
});

labTest('one host with a 1400-byte underlay fails overlay-mtu on that host with the fix naming 1400', async (t) => {
  const { lab } = t.context;
  await lab.setUnderlayMtu('n3', 1400);
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
  t.is(run.code, 1);
  const fails = of(run.json!, 'overlay-mtu', 'fail');
  t.deepEqual([...new Set(fails.map((f) => f.host))], ['n3']);
  t.true(fails.length >= 2 && fails.every((f) => /com\.docker\.network\.driver\.mtu=1400/.test(f.remediation ?? '')));
  t.regex(fails.find((f) => /ingress/.test(f.summary))?.remediation ?? '', /--ingress/);
  t.deepEqual(await lab.leftovers(), []);
});

labTest('an overlay whose subnet contains the hosts\' own network fails overlay-subnet naming both ranges', async (t) => {
  const { lab } = t.context;
  const made = await lab.exec('n1', 'docker network create --driver overlay --subnet 198.18.0.0/16 spf-clash');
  t.is(made.code, 0, made.stderr);
  try {
    const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
    t.is(run.code, 1);
    const fails = of(run.json!, 'overlay-subnet', 'fail');
    t.true(fails.length > 0);
    t.true(fails.every((f) => /spf-clash/.test(f.summary) && /198\.18\.0\./.test(f.summary)));
  } finally {
    await lab.exec('n1', 'docker network rm spf-clash');
  }
  t.deepEqual(await lab.leftovers(), []);
});

labTest('with the data-path port dropped into one host the canary fails exactly the pairs into that host', async (t) => {
  const { lab } = t.context;
  await lab.drop('n3', { proto: 'udp', port: 4789, direction: 'in' });
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json', ...CANARY]));
  t.is(run.code, 1);
  const r = run.json!;
  const fails = of(r, 'canary', 'fail');
  t.deepEqual(pairs(fails), ['n1>n3', 'n2>n3']);
  t.true(fails.every((f) => /no echo request from n\d reached n3's container/.test(f.summary)));
  // From n3 the requests arrive (counted at the target); only the echo replies into n3 are lost.
  const fromN3 = of(r, 'canary').filter((f) => f.from === 'n3');
  t.true(fromN3.length === 2 && fromN3.every((f) => f.status === 'pass' && /replies back into n3 are lost/.test(f.summary)));
  t.deepEqual(pairs(of(r, 'canary', 'pass')), ['n1>n2', 'n2>n1', 'n3>n1', 'n3>n2']);
  t.deepEqual(await lab.leftovers(), []);
});
