// A non-root login whose sudo asks for a password (ansible_user + ansible_become), on real sshd hosts
// with a real sudo: the agent runs as root through it, and a wrong password is one failed attempt.
import path from 'node:path';
import type { Lab } from '../lab/lab.js';
import { labSuite } from './lab-suite.js';
import { cells, runCli } from './cli.js';
import { authLog, operatorHome, writeTree } from './operator.js';

const PASSWORD = 'Lab-sudo-pass-7';
const { labTest } = labSuite({ hosts: 3, managers: 1, user: { name: 'spf', password: PASSWORD } });

function inventory(lab: Lab): string {
  const line = (id: string) => `${id} ansible_host=${lab.host(id).address}`;
  return writeTree(path.join(lab.stateDir, 'inv-become'), {
    'hosts.ini': [
      '[managers]', line('n1'), '', '[workers]', line('n2'), line('n3'), '',
      '[all:vars]', 'ansible_user=spf', 'ansible_become=true', '',
    ].join('\n'),
  }) + '/hosts.ini';
}

function check(lab: Lab, env: NodeJS.ProcessEnv) {
  return runCli(['check', '-i', inventory(lab), '--identity', lab.sshKeyPath, '--known-hosts', lab.knownHostsPath, '--connect-timeout', '3', '--timeout', '1', '--format', 'json'],
    { env: { HOME: operatorHome(lab, 'become'), SWARM_PREFLIGHT_BECOME_PASS: undefined, ...env } });
}

/** Each host's auth.log from now on, read after the run. */
async function logsSince(lab: Lab): Promise<() => Promise<Record<string, string[]>>> {
  const start = Object.fromEntries(await Promise.all(lab.hosts.map(async (h) => [h.id, (await authLog(lab, h.id)).length] as const)));
  return async () => Object.fromEntries(await Promise.all(lab.hosts.map(async (h) => [h.id, (await authLog(lab, h.id)).slice(start[h.id])] as const)));
}

/** sudo's own count of failed attempts in the log lines ("N incorrect password attempt(s)"). */
const failedAttempts = (lines: string[]) => lines.reduce((n, l) => n + Number(/: (\d+) incorrect password attempts? ;/.exec(l)?.[1] ?? 0), 0);

labTest('ansible_user=spf with ansible_become and the sudo password in SWARM_PREFLIGHT_BECOME_PASS runs clean, the agent as root', async (t) => {
  const { lab } = t.context;
  const logs = await logsSince(lab);
  const run = await check(lab, { SWARM_PREFLIGHT_BECOME_PASS: PASSWORD });
  t.is(run.code, 0, run.stderr + run.stdout.slice(0, 2000));
  const r = run.json!;
  t.is(r.mode, 'pre');
  t.true(r.hosts.every((h) => h.reachable && h.error === null));
  t.deepEqual(r.hosts.map((h) => h.facts?.uid), [0, 0, 0], 'the agent ran as root on every host');
  t.deepEqual(cells(r, 'fail'), []);
  t.deepEqual(cells(r, 'error'), []);
  t.is(cells(r, 'pass').length, 6 * 3 + 2);
  for (const [id, lines] of Object.entries(await logs())) {
    t.true(lines.some((l) => l.startsWith('Accepted publickey for spf ')), `${id} logged in as spf`);
    t.true(lines.some((l) => / : spf : .*USER=root ; COMMAND=/.test(l) && !/incorrect password/.test(l)), `${id}: sudo to root granted\n${lines.join('\n')}`);
    t.is(failedAttempts(lines), 0);
    t.false(lines.some((l) => l.includes(PASSWORD)), `${id}: the password appears in no command line sudo logged`);
  }
  t.deepEqual(await lab.leftovers(), []);
});

labTest('a wrong sudo password makes every host an error that says so, after exactly one attempt on each', async (t) => {
  const { lab } = t.context;
  const logs = await logsSince(lab);
  const run = await check(lab, { SWARM_PREFLIGHT_BECOME_PASS: 'not-the-password' });
  t.is(run.code, 3, run.stderr + run.stdout.slice(0, 2000));
  const r = run.json!;
  for (const h of r.hosts) {
    t.regex(h.error ?? '', /sudo/i, `${h.id}: ${h.error}`);
    t.regex(h.error ?? '', /password/i, `${h.id}: ${h.error}`);
  }
  t.deepEqual(cells(r, 'pass'), []);
  t.deepEqual(cells(r, 'fail'), []);
  for (const [id, lines] of Object.entries(await logs())) {
    t.is(failedAttempts(lines), 1, `${id}: one try, not sudo's three\n${lines.join('\n')}`);
    t.false(lines.some((l) => / : spf : .*USER=root ; COMMAND=/.test(l) && !/incorrect password/.test(l)), `${id}: nothing ran as root`);
  }
  t.deepEqual(await lab.leftovers(), []);
});

labTest('ansible_become with no password given is an error naming how to give one, and sudo records no failed attempt', async (t) => {
  const { lab } = t.context;
  const logs = await logsSince(lab);
  const run = await check(lab, {});
  t.is(run.code, 3, run.stderr + run.stdout.slice(0, 2000));
  for (const h of run.json!.hosts) {
    const fix = run.json!.findings.find((f) => f.check === 'host-access' && f.host === h.id)?.remediation ?? '';
    t.regex(`${h.error}\n${fix}`, /--ask-become-pass|SWARM_PREFLIGHT_BECOME_PASS/, `${h.id}: ${h.error}\nfix: ${fix}`);
  }
  for (const [id, lines] of Object.entries(await logs())) t.is(failedAttempts(lines), 0, `${id}: ${lines.join('\n')}`);
  t.deepEqual(await lab.leftovers(), []);
});

labTest('without root the cause of a dropped port says the rules could not be read and why, and keeps the general fix', async (t) => {
  const { lab } = t.context;
  await lab.drop('n2', { proto: 'udp', port: 4789, direction: 'in' });
  const dir = writeTree(path.join(lab.stateDir, 'inv-plain'), {
    'hosts.ini': ['[managers]', `n1 ansible_host=${lab.host('n1').address}`, '', '[workers]', `n2 ansible_host=${lab.host('n2').address}`,
      `n3 ansible_host=${lab.host('n3').address}`, '', '[all:vars]', 'ansible_user=spf', ''].join('\n'),
  });
  const run = await runCli(['check', '-i', `${dir}/hosts.ini`, '--identity', lab.sshKeyPath, '--known-hosts', lab.knownHostsPath, '--connect-timeout', '3', '--timeout', '1', '--format', 'json'],
    { env: { HOME: operatorHome(lab, 'become'), SWARM_PREFLIGHT_BECOME_PASS: undefined } });
  t.is(run.code, 1, run.stderr);
  t.deepEqual(cells(run.json!, 'fail'), ['n1>n2 4789/udp', 'n3>n2 4789/udp']);
  const cause = run.json!.causes?.find((c) => c.status === 'fail');
  t.log(cause?.summary, '\n', cause?.remediation);
  t.regex(cause?.remediation ?? '', /^on n2 .*4789.*\(.*could not read n2's rules: reading the firewall rules needs root \(run as root or with --sudo\).*\)$/);
  t.notRegex(cause?.remediation ?? '', /not installed/);
  t.like(run.json!.probes.find((p) => p.status === 'fail')?.dropBy, { where: 'unknown' });
});
