// Hosts that never answer, against real sshd: a frozen sshd, SYNs dropped, and Ctrl-C while a
// connection is pending. Each run ends by its deadline (+5 s) with that host an error that says
// what happened, the other hosts' cells right, and the right exit code.
import type { ExecutionContext } from 'ava';
import type { Lab } from '../lab/lab.js';
import { labSuite } from './lab-suite.js';
import { cells, labArgsOwnTimeout, runCli } from './cli.js';

const args = labArgsOwnTimeout;

const { labTest } = labSuite({ hosts: 3, managers: 1 });

const HEALTHY_PAIRS = ['n1>n3', 'n3>n1'];

/** A run with --deadline 6 while n2 never answers: it ends in time, exit 3, n2 an error saying `why`, n1 and n3 probed. */
async function n2ErrorByDeadline(t: ExecutionContext, lab: Lab, why: RegExp) {
  const started = Date.now();
  const run = await runCli(args(lab, ['--deadline', '6', '--connect-timeout', '30', '--format', 'json', '-q']));
  const ms = Date.now() - started;
  t.true(ms < 11_000, `took ${ms} ms`);
  t.is(run.code, 3, run.stderr);
  const n2 = run.json?.hosts.find((h) => h.id === 'n2');
  t.regex(n2?.error ?? '', why);
  const passing = cells(run.json!, 'pass').map((c) => c.split(' ')[0]);
  for (const pair of HEALTHY_PAIRS) t.true(passing.includes(pair), `${pair} passes: ${passing.join(', ')}`);
  return run;
}

labTest('a host whose sshd is frozen is an error by the deadline, and the other hosts are probed', async (t) => {
  const { lab } = t.context;
  await lab.exec('n2', 'kill -STOP $(cat /run/sshd.pid)');
  t.teardown(() => lab.exec('n2', 'kill -CONT $(cat /run/sshd.pid)'));
  const run = await n2ErrorByDeadline(t, lab, /198\.18\.0\.12:22 accepted the TCP connection but sshd there sent no SSH handshake within 2400 ms/);
  t.deepEqual(run.json!.probes.filter((p) => p.status === 'error' && p.from !== 'n2' && p.to !== 'n2'), []);
});

labTest('a host that drops SYNs to port 22 is an error by the deadline, and the other hosts are probed', async (t) => {
  const { lab } = t.context;
  await lab.drop('n2', { proto: 'tcp', port: 22, direction: 'in' });
  await n2ErrorByDeadline(t, lab, /no TCP answer from 198\.18\.0\.12:22 \(the connection was never accepted\) within 2400 ms/);
});

labTest('Ctrl-C 2 s into a run with a pending connection exits 130 within 2 s and leaves no agent behind', async (t) => {
  const { lab } = t.context;
  await lab.exec('n2', 'kill -STOP $(cat /run/sshd.pid)');
  t.teardown(() => lab.exec('n2', 'kill -CONT $(cat /run/sshd.pid)'));
  let pid = 0;
  const running = runCli(args(lab, ['--deadline', '120', '--connect-timeout', '60', '--format', 'json']), { onStart: (p) => { pid = p; } });
  // 2 s in, and at least until the connection to n2 is pending (accepted by its kernel, unanswered).
  await new Promise((resolve) => setTimeout(resolve, 2000));
  for (let i = 0; i < 50 && !(await lab.exec('n2', "ss -Htn state established '( sport = :22 )'")).stdout.trim(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const interrupted = Date.now();
  process.kill(pid, 'SIGINT');
  const run = await running;
  const ms = Date.now() - interrupted;
  t.is(run.code, 130, run.stderr);
  t.true(ms < 2000, `exited ${ms} ms after Ctrl-C`);
  t.true(run.json?.interrupted, 'the result says it was interrupted');
  t.regex(run.json?.hosts.find((h) => h.id === 'n2')?.error ?? '', /198\.18\.0\.12:22 .*: the run was interrupted$/);
  await lab.exec('n2', 'kill -CONT $(cat /run/sshd.pid)');
  await new Promise((resolve) => setTimeout(resolve, 5000));
  t.deepEqual(await lab.leftovers({ settleMs: 0 }), []);
});
