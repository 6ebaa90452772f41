// Host facts and the edges of an inventory, against a docker lab: a host with forwarding off, two
// hosts cloned from one machine-id, one machine listed twice under two addresses, and one host alone.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { labSuite } from './lab-suite.js';
import { cells, labArgs, runCli } from './cli.js';

const { labTest } = labSuite({ hosts: 3, docker: true, managers: 1 });

labTest('ip_forward=0 on one docker host is a failing finding on that host only, with the sysctl fix', async (t) => {
  const { lab } = t.context;
  await lab.exec('n2', 'echo 0 > /proc/sys/net/ipv4/ip_forward');
  try {
    const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
    t.is(run.code, 1, run.stderr);
    const sysctl = run.json!.findings.filter((f) => f.check === 'sysctl');
    t.deepEqual(sysctl.map((f) => [f.host, f.status]), [['n2', 'fail']]);
    t.regex(sysctl[0].remediation ?? '', /sysctl -w net\.ipv4\.ip_forward=1/);
    const cause = run.json!.causes!.find((c) => c.findings.includes(run.json!.findings.indexOf(sysctl[0])));
    t.deepEqual(cause?.hosts, ['n2']);
    t.deepEqual(cells(run.json!, 'fail'), []);
  } finally {
    await lab.exec('n2', 'echo 1 > /proc/sys/net/ipv4/ip_forward');
  }
});

labTest('two hosts with the same machine-id: one warning naming both, the others unnamed', async (t) => {
  const { lab } = t.context;
  const shared = randomBytes(16).toString('hex');
  lab.setMachineId('n2', shared);
  lab.setMachineId('n3', shared);
  try {
    const run = await runCli(labArgs(lab, ['--timeout', '1', '--format', 'json']));
    t.is(run.code, 0, run.stderr);
    const cloned = run.json!.findings.filter((f) => f.check === 'cloned-hosts');
    t.deepEqual(cloned.map((f) => [f.status, f.hosts]), [['warn', ['n2', 'n3']]]);
    t.regex(cloned[0].summary, /^n2, n3 have the same machine-id/);
    t.false(run.stdout.includes(shared), 'the machine-id itself is not reported');
  } finally {
    lab.setMachineId('n2', randomBytes(16).toString('hex'));
    lab.setMachineId('n3', randomBytes(16).toString('hex'));
  }
});

labTest('one machine listed twice under two addresses is one error naming both, its pair not probed, exit 3', async (t) => {
  const { lab } = t.context;
  const second = '198.18.0.111';
  await lab.exec('n1', `ip addr add ${second}/24 dev eth0`);
  try {
    // known_hosts: n1's keys under its second address too, as an operator would have them.
    const known = readFileSync(lab.knownHostsPath, 'utf8');
    const knownBoth = path.join(lab.stateDir, 'known_hosts.same-machine');
    writeFileSync(knownBoth, known + known.split('\n').filter((l) => l.startsWith('198.18.0.11 ')).map((l) => l.replace('198.18.0.11 ', `${second} `)).join('\n') + '\n');
    const run = await runCli(['check', '--hosts', `198.18.0.11,${second},198.18.0.12`, '--identity', lab.sshKeyPath, '--known-hosts', knownBoth,
      '--connect-timeout', '3', '--timeout', '1', '--format', 'json']);
    t.is(run.code, 3, run.stderr);
    const result = run.json!;
    const same = result.findings.filter((f) => f.check === 'same-machine');
    t.deepEqual(same.map((f) => [f.status, f.hosts]), [['error', ['198.18.0.11', second]]]);
    const between = result.probes.filter((p) => [p.from, p.to].sort().join() === ['198.18.0.11', second].sort().join());
    t.is(between.length, 8);
    t.true(between.every((p) => p.status === 'skip' && /are the same machine/.test(p.detail)));
    // Each entry is still tested with the other host, and no listener of the run is reported as a stranger's.
    t.deepEqual(cells(result, 'fail'), []);
    t.deepEqual(cells(result, 'error'), []);
    t.deepEqual(result.findings.filter((f) => f.check === 'port-owner' || f.check === 'cloned-hosts'), []);
  } finally {
    await lab.exec('n1', `ip addr del ${second}/24 dev eth0`);
  }
});

labTest('a one-host inventory tests host facts only and exits 3: nothing was tested between hosts', async (t) => {
  const { lab } = t.context;
  const run = await runCli(labArgs(lab, ['--timeout', '1', '--limit', 'n1']));
  t.is(run.code, 3, run.stderr);
  t.regex(run.stdout, /^INCOMPLETE: /);
  t.regex(run.stdout, /nothing was tested between hosts: the run has one host \(n1\)/);
});
