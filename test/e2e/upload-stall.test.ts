// A path-MTU black hole between this machine and one host that also hits TCP (no MSS clamping): SSH
// logs in, the agent upload stalls. The host is reported as what it is, the others are probed, and
// the CLI exits by the deadline.
import { labSuite } from './lab-suite.js';
import { cells, labArgsOwnTimeout, runCli } from './cli.js';

const args = labArgsOwnTimeout;

const { labTest } = labSuite({ hosts: 3, managers: 1 });

labTest('a stalled agent upload is named as a path-MTU black hole on that host, and the run ends in time', async (t) => {
  const { lab } = t.context;
  await lab.limitPathMtu('n2', 1400, { operatorTcp: true });
  const started = Date.now();
  const run = await runCli(args(lab, ['--deadline', '20', '--format', 'json', '-q']));
  const ms = Date.now() - started;
  t.true(ms < 25_000, `took ${ms} ms`);
  t.is(run.code, 3, run.stderr);
  const n2 = run.json?.hosts.find((h) => h.id === 'n2');
  t.is(n2?.errorKind, 'ssh-stall');
  t.is(n2?.error, 'SSH to n2 logs in but stalls on full-size packets: a path-MTU black hole between this machine and n2?');
  const passing = cells(run.json!, 'pass').map((c) => c.split(' ')[0]);
  for (const pair of ['n1>n3', 'n3>n1']) t.true(passing.includes(pair), `${pair} passes: ${passing.join(', ')}`);
  t.deepEqual(await lab.leftovers(), []);
});
