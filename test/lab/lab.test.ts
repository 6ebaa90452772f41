// The lab itself: sshd hosts, the real OpenSSH client, faults, a docker swarm, leftovers, teardown.
// Needs root on Linux with the lab's tools; otherwise every test here is skipped with the reason.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import test from 'ava';
import { Lab } from './lab.js';
import { labRemains } from './teardown.js';

const sshAvail = Lab.available();
const dockerAvail = Lab.available({ docker: true });
const userAvail = Lab.available({ user: true });
const why = (a: { ok: boolean; reason?: string }) => (a.ok ? '' : ` [skipped: ${a.reason}]`);
const sshTest = sshAvail.ok ? test.serial : test.serial.skip;
const dockerTest = dockerAvail.ok ? test.serial : test.serial.skip;
const userTest = userAvail.ok ? test.serial : test.serial.skip;

let lab: Lab | undefined;

test.after.always(async () => {
  if (sshAvail.ok) await Lab.down();
});

function labNetnsNames(): string[] {
  const r = spawnSync('/usr/sbin/ip', ['netns', 'list'], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith('spf-'));
}

function ssh(l: Lab, address: string, command: string, o: { key?: string; knownHosts?: string; user?: string } = {}) {
  return spawnSync('/usr/bin/ssh', [
    '-F', '/dev/null', '-i', o.key ?? l.sshKeyPath, '-o', 'IdentitiesOnly=yes',
    '-o', `UserKnownHostsFile=${o.knownHosts ?? l.knownHostsPath}`, '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5',
    `${o.user ?? 'root'}@${address}`, command,
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

  // A file a run left in /tmp is reported; a stack dump dockerd had containerd write is not a run's.
  await lab.exec('n1', 'touch /tmp/spf-stray /tmp/containerd.41.stacks.log');
  t.deepEqual(await lab.leftovers(), ['n1: file /tmp/spf-stray']);
  await lab.exec('n1', 'rm -f /tmp/spf-stray /tmp/containerd.41.stacks.log');
  t.deepEqual(await lab.leftovers(), []);

  await lab.teardown();
  t.deepEqual(labRemains(), []);
  t.deepEqual(labNetnsNames(), []);
  await lab.teardown(); // idempotent
  lab = undefined;
});

userTest(`a key per host, host certificates and a user with a sudo password, all inside the hosts only${why(userAvail)}`, async (t) => {
  const passwdBefore = readFileSync('/etc/passwd', 'utf8');
  lab = await Lab.up({ hosts: 2, keyPerHost: true, hostCertificates: true, user: { name: 'spf', password: 'pw-1' } });
  const [a, b] = [lab.host('n1').address, lab.host('n2').address];

  // Each host takes its own key only.
  t.is(ssh(lab, b, 'hostname', { key: lab.identityPath('n2') }).stdout.trim(), 'n2');
  t.not(ssh(lab, b, 'hostname', { key: lab.identityPath('n1') }).status, 0);

  // The host certificate is accepted under strict checking with only the CA in known_hosts.
  const caFile = `${lab.stateDir}/known_hosts_ca`;
  writeFileSync(caFile, `@cert-authority 198.18.0.* ${readFileSync(`${lab.hostCaPath}.pub`, 'utf8').trim()}\n`);
  const viaCa = ssh(lab, a, 'hostname', { key: lab.identityPath('n1'), knownHosts: caFile });
  t.is(viaCa.status, 0, viaCa.stderr);
  t.is(viaCa.stdout.trim(), 'n1');

  // The user logs in with the host's key; sudo takes its password, refuses another and logs both.
  const sudo = (pw: string) => ssh(lab!, a, `echo ${pw} | sudo -S -p '' id -u`, { key: lab!.identityPath('n1'), user: 'spf' });
  t.is(sudo('wrong').status, 1);
  const ok = sudo('pw-1');
  t.is(ok.status, 0, ok.stderr);
  t.is(ok.stdout.trim(), '0');
  const log = (await lab.exec('n1', 'cat /var/log/auth.log')).stdout;
  t.regex(log, / : spf : 1 incorrect password attempt ; /);
  t.regex(log, / : spf : PWD=\/home\/spf ; USER=root ; COMMAND=\/usr\/bin\/id -u/);
  t.is((await lab.exec('n2', 'id -u spf')).stdout.trim(), '4242');

  // Nothing of it on the machine itself.
  t.is(readFileSync('/etc/passwd', 'utf8'), passwdBefore);
  t.false(existsSync('/etc/sudoers.d/spf-lab'));
  t.false(existsSync('/home/spf'));
  t.deepEqual(await lab.leftovers(), []);
  await lab.teardown();
  t.deepEqual(labRemains(), []);
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
