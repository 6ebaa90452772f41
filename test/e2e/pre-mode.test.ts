// The CLI against a lab of plain sshd hosts (no docker): pre mode, temporary listeners.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../lab/lab.js';
import { labSuite } from './lab-suite.js';
import { CLI, cells, labArgs, runCli } from './cli.js';
import { untestedView } from '../../src/untested-hosts.js';

const { labTest } = labSuite({ hosts: 3, managers: 1 });

async function assertClean(t: { deepEqual: (a: unknown, b: unknown, m?: string) => void }, lab: Lab) {
  t.deepEqual(await lab.leftovers(), [], 'nothing is left on any host');
}

labTest('a clean lab passes every probe in both directions and exits 0', async (t) => {
  const { lab } = t.context;
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
  t.is(run.code, 0, run.stderr);
  const result = run.json!;
  t.is(result.mode, 'pre');
  t.deepEqual(cells(result, 'fail'), []);
  t.deepEqual(cells(result, 'error'), []);
  // 6 ordered pairs x (7946/tcp, 7946/udp, 4789/udp) + 2377/tcp towards the one manager.
  t.is(cells(result, 'pass').length, 6 * 3 + 2);
  t.is(cells(result, 'skip').length, 4);
  t.true(result.hosts.every((h) => h.reachable && h.error === null));
  await assertClean(t, lab);
});

labTest('dropping 7946/udp into one host from one peer fails exactly that one cell', async (t) => {
  const { lab } = t.context;
  await lab.drop('n3', { proto: 'udp', port: 7946, direction: 'in', peer: 'n2' });
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
  t.is(run.code, 1);
  t.deepEqual(cells(run.json!, 'fail'), ['n2>n3 7946/udp']);
  const probe = run.json!.probes.find((p) => p.status === 'fail')!;
  t.is(probe.reason, 'not-received');
  t.regex(probe.remediation ?? '', /7946/);
  t.deepEqual(cells(run.json!, 'error'), []);
  await assertClean(t, lab);
});

labTest('a TCP REJECT shows refused and a TCP DROP shows filtered', async (t) => {
  const { lab } = t.context;
  await lab.reject('n2', { proto: 'tcp', port: 7946, direction: 'in' });
  await lab.drop('n3', { proto: 'tcp', port: 7946, direction: 'in' });
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
  t.is(run.code, 1);
  const failed = run.json!.probes.filter((p) => p.status === 'fail');
  t.deepEqual(failed.map((p) => `${p.from}>${p.to} ${p.reason}`).sort(), ['n1>n2 refused', 'n1>n3 filtered', 'n2>n3 filtered', 'n3>n2 refused']);
  await assertClean(t, lab);
});

labTest('a cut cable makes that host an error and leaves the verdicts of the others intact', async (t) => {
  const { lab } = t.context;
  await lab.cutCable('n3');
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
  t.is(run.code, 3, 'no fail, but errors: exit 3');
  const result = run.json!;
  const n3 = result.hosts.find((h) => h.id === 'n3')!;
  t.false(n3.reachable);
  t.truthy(n3.error);
  // n3 was out before probing: its probes are one `untested` entry, none of them listed.
  t.deepEqual(result.untested?.map((u) => u.host), ['n3']);
  t.false(result.probes.some((p) => p.from === 'n3' || p.to === 'n3'));
  const involving = [...untestedView(result).probes()].filter((p) => p.status !== 'skip');
  t.true(involving.length > 0 && involving.every((p) => p.status === 'error' && (p.from === 'n3' || p.to === 'n3')));
  const others = result.probes.filter((p) => p.from !== 'n3' && p.to !== 'n3' && p.status !== 'skip');
  t.true(others.length > 0 && others.every((p) => p.status === 'pass'));
  await lab.clearFaults();
  await assertClean(t, lab);
});

labTest('the table leads with the verdict line and the cause with its fix, then the matrix', async (t) => {
  const { lab } = t.context;
  await lab.drop('n1', { proto: 'udp', port: 4789, direction: 'in' });
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--no-color']));
  t.is(run.code, 1);
  t.regex(run.stdout, /^FAIL: 1 cause /);
  t.regex(run.stdout, /1\. {2}✗ n1 drops 4789\/udp from both peers/);
  // The fix goes into the chain that holds the dropping rule, just before it.
  t.regex(run.stdout, /fix: on n1: nft insert rule inet spf_fault input position \d+ ip saddr \{ 198\.18\.0\.12, 198\.18\.0\.13 \} udp dport/);
  t.regex(run.stdout, /seen: n2 -> n1 4789\/udp: not received/);
  t.true(run.stdout.indexOf('Fix first') < run.stdout.indexOf('from \\ to'), 'the causes come before the matrix');
  t.notRegex(run.stdout, /\u001b\[/, 'no colour codes when not a terminal');
  await assertClean(t, lab);
});

labTest('an unknown host key is refused before any login and reported as an error', async (t) => {
  const { lab } = t.context;
  const empty = join(lab.stateDir, 'empty_known_hosts');
  writeFileSync(empty, '');
  const args = labArgs(lab, ['--timeout', '1', '--format', 'json']).map((a) => (a === lab.knownHostsPath ? empty : a));
  const run = await runCli(args);
  t.is(run.code, 3);
  t.true(run.json!.hosts.every((h) => h.errorKind === 'host-key' && /SHA256:/.test(h.error ?? '')));
  t.true(run.json!.findings.some((f) => f.check === 'host-access' && /known_hosts/.test(f.remediation ?? '')));
  await assertClean(t, lab);
});

labTest('a bad inventory is rejected with its line number and exit 2 before any connection', async (t) => {
  const { lab } = t.context;
  const bad = join(lab.stateDir, 'bad.ini');
  writeFileSync(bad, '[managers]\nn1 ansible_host=198.18.0.11\nn2;reboot ansible_host=198.18.0.12\n');
  const run = await runCli(['check', '-i', bad, '--identity', lab.sshKeyPath, '--known-hosts', lab.knownHostsPath]);
  t.is(run.code, 2);
  t.regex(run.stderr, /bad\.ini:3/);
  await assertClean(t, lab);
});

labTest('Ctrl-C stops the run, cleans every host and exits 130', async (t) => {
  const { lab } = t.context;
  // A dropped port keeps the round busy until the probe timeout, long enough to interrupt it.
  await lab.drop('n2', { proto: 'udp', port: 7946, direction: 'in' });
  let pid = 0;
  const running = runCli(labArgs(lab, ['--timeout', '8', '--format', 'json']), { onStart: (p) => { pid = p; } });
  await new Promise((r) => setTimeout(r, 2500));
  process.kill(pid, 'SIGINT');
  const run = await running;
  t.is(run.code, 130);
  t.true(run.json?.interrupted);
  await assertClean(t, lab);
});

labTest('a report nobody reads (a pager left open) does not keep the agents running on the hosts', async (t) => {
  const { lab } = t.context;
  // stdout is a pipe shrunk to one page that is never read: the JSON report cannot drain into it.
  const holder = spawn('python3', ['-c', [
    'import fcntl, os, subprocess, sys, time',
    'r, w = os.pipe()',
    'fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ',
    'p = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.DEVNULL)',
    'os.close(w)',
    'print(p.pid, flush=True)',
    'sys.stdin.read()  # until the test says so; then the read end closes and the CLI can end',
    'os.close(r)',
    'print(p.wait(), flush=True)',
  ].join('\n'), process.execPath, CLI, ...labArgs(lab, ['--timeout', '1', '--format', 'json'])], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  holder.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<void>((resolve) => holder.on('close', () => resolve()));
  try {
    // First the run must be under way (agents on the hosts), or "clean" below would prove nothing.
    let underWay = false;
    for (let i = 0; i < 50 && !underWay; i++) {
      underWay = (await lab.leftovers({ settleMs: 0 })).some((l) => /python3/.test(l));
      if (!underWay) await new Promise((r) => setTimeout(r, 100));
    }
    t.true(underWay, 'the agents were seen running');
    const cliPid = Number(out.trim().split('\n')[0]);
    t.true(cliPid > 0);
    // The run takes a few seconds, the wait for stdout at most 2 s more; then the hosts are cleaned up
    // while the CLI itself is still blocked on its report.
    const left = await lab.leftovers({ settleMs: 12_000 });
    t.deepEqual(left, []);
    t.notThrows(() => process.kill(cliPid, 0), 'the CLI is still waiting for its reader');
  } finally {
    holder.stdin.end();
    await exited;
  }
});

labTest('a killed runner leaves no agent behind: the hosts see the connection drop and clean up', async (t) => {
  const { lab } = t.context;
  await lab.drop('n2', { proto: 'udp', port: 7946, direction: 'in' });
  let pid = 0;
  const running = runCli(labArgs(lab, ['--timeout', '8']), { onStart: (p) => { pid = p; } });
  await new Promise((r) => setTimeout(r, 2500));
  process.kill(pid, 'SIGKILL');
  await running;
  // sshd notices the closed TCP connection and the agent reads EOF on stdin.
  let left: string[] = [];
  for (let i = 0; i < 30; i++) {
    left = await lab.leftovers();
    if (left.length === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  t.deepEqual(left, []);
});

labTest('a host without python3 still gets its TCP probes through sshd, and the rest are errors that say why', async (t) => {
  const { lab } = t.context;
  // Hide the interpreter inside n3's own mount namespace: a non-executable file over it.
  const hide = 'f=/run/spf-noexec; : > $f; chmod 644 $f; for p in /usr/bin/python3*; do [ -L "$p" ] || mount --bind $f "$p"; done';
  t.is((await lab.exec('n3', hide)).code, 0);
  try {
    const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
    t.is(run.code, 3);
    const result = run.json!;
    t.is(result.hosts.find((h) => h.id === 'n3')?.errorKind, 'tool-missing');
    const fromN3Tcp = result.probes.filter((p) => p.from === 'n3' && p.protocol === 'tcp' && p.status !== 'skip');
    t.deepEqual(fromN3Tcp.map((p) => `${p.to} ${p.port} ${p.status}`).sort(), ['n1 2377 pass', 'n1 7946 pass', 'n2 7946 pass']);
    t.true(fromN3Tcp.every((p) => /sshd/.test(p.detail)));
    const fromN3Udp = result.probes.filter((p) => p.from === 'n3' && p.protocol === 'udp');
    t.true(fromN3Udp.every((p) => p.status === 'error' && p.reason === 'tool-missing'));
    t.true(result.probes.filter((p) => p.to === 'n3' && p.status !== 'skip').every((p) => p.status === 'error'));
    t.deepEqual(cells(result, 'fail'), []);
  } finally {
    await lab.exec('n3', 'for p in /usr/bin/python3*; do umount "$p" 2>/dev/null; done; rm -f /run/spf-noexec');
  }
  await assertClean(t, lab);
});
