// The lab itself: sshd hosts, the real OpenSSH client, faults, a docker swarm, leftovers, teardown.
// Needs root on Linux with the lab's tools; otherwise every test here is skipped with the reason.
import { spawnSync } from 'node:child_process';
import test from 'ava';
import { Lab } from './lab.js';
import { labRemains } from './teardown.js';

const sshAvail = Lab.available();
const dockerAvail = Lab.available({ docker: true });
const why = (a: { ok: boolean; reason?: string }) => (a.ok ? '' : ` [skipped: ${a.reason}]`);
const sshTest = sshAvail.ok ? test.serial : test.serial.skip;
const dockerTest = dockerAvail.ok ? test.serial : test.serial.skip;

let lab: Lab | undefined;

test.after.always(async () => {
  if (sshAvail.ok) await Lab.down();
});

function labNetnsNames(): string[] {
  const r = spawnSync('/usr/sbin/ip', ['netns', 'list'], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith('spf-'));
}

function ssh(l: Lab, address: string, command: string) {
  return spawnSync('/usr/bin/ssh', [
    '-F', '/dev/null', '-i', l.sshKeyPath,
    '-o', `UserKnownHostsFile=${l.knownHostsPath}`, '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5',
    `root@${address}`, command,
  ], { encoding: 'utf8', timeout: 20_000 });
}

sshTest(`three sshd hosts: ssh, ping, a drop fault, leftovers, teardown${why(sshAvail)}`, async (t) => {
  lab = await Lab.up({ hosts: 3 });
  t.deepEqual(lab.hosts.map((h) => [h.id, h.address, h.role]), [
    ['n1', '198.18.0.11', 'manager'], ['n2', '198.18.0.12', 'worker'], ['n3', '198.18.0.13', 'worker'],
  ]);
  t.log(`up in ${lab.timings.total?.toFixed(2)} s`);

  // The real OpenSSH client, the lab key, and strict checking against the lab's known_hosts.
  const r = ssh(lab, '198.18.0.12', 'hostname');
  t.is(r.status, 0, r.stderr);
  t.is(r.stdout.trim(), 'n2');

  // Hosts reach each other; no host has a default route.
  for (const [from, to] of [['n1', '198.18.0.12'], ['n2', '198.18.0.13'], ['n3', '198.18.0.11']] as const) {
    const p = await lab.exec(from, `busybox ping -c1 -W2 ${to}`);
    t.is(p.code, 0, `${from} -> ${to}: ${p.stdout}${p.stderr}`);
  }
  t.is((await lab.exec('n1', 'ip route show default')).stdout.trim(), '');

  // A firewall drop on n2 makes a TCP probe to its sshd fail; clearFaults restores it.
  const probe = () => lab!.exec('n1', 'nc -z -w 1 198.18.0.12 22');
  t.is((await probe()).code, 0);
  await lab.drop('n2', { proto: 'tcp', port: 22, direction: 'in' });
  t.not((await probe()).code, 0);
  await lab.clearFaults();
  t.is((await probe()).code, 0);

  t.deepEqual(await lab.leftovers(), []);

  await lab.teardown();
  t.deepEqual(labRemains(), []);
  t.deepEqual(labNetnsNames(), []);
  await lab.teardown(); // idempotent
  lab = undefined;
});

dockerTest(`three docker hosts form a swarm; containers ping across spf-net${why(dockerAvail)}`, async (t) => {
  lab = await Lab.up({ hosts: 3, docker: true });
  t.log(`up in ${lab.timings.total?.toFixed(2)} s (${JSON.stringify(lab.timings)})`);

  const nodes = await lab.exec('n1', "/usr/bin/docker node ls --format '{{.Hostname}} {{.Status}}'");
  t.is(nodes.code, 0, nodes.stderr);
  t.deepEqual(nodes.stdout.trim().split('\n').sort(), ['n1 Ready', 'n2 Ready', 'n3 Ready']);

  const ip2 = await lab.containerAddress('n2');
  const ip3 = await lab.containerAddress('n3');
  t.regex(ip2, /^\d+\.\d+\.\d+\.\d+$/);
  for (const [from, to] of [['n1', ip2], ['n3', ip2], ['n2', ip3]] as const) {
    const p = await lab.exec(from, `/usr/bin/docker exec spf-c-${from} ping -c1 -W2 ${to}`);
    t.is(p.code, 0, `spf-c-${from} -> ${to}: ${p.stdout}${p.stderr}`);
  }

  t.deepEqual(await lab.leftovers(), []);

  await lab.teardown();
  t.log(`teardown in ${lab.timings.teardown?.toFixed(2)} s`);
  t.deepEqual(labRemains(), []);
  t.deepEqual(labNetnsNames(), []);
  lab = undefined;
});
