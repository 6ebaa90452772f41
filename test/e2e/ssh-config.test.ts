// Operators' SSH setups against real sshd hosts: a ~/.ssh/config (Include, Match) that reaches two
// hosts only through a jump host with ProxyCommand, and host certificates signed by a CA that
// known_hosts trusts with @cert-authority.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Lab } from '../lab/lab.js';
import { generateSshKey } from '../lab/sshkeys.js';
import { labSuite } from './lab-suite.js';
import { cells, runCli } from './cli.js';
import { authLog, operatorHome, writeTree } from './operator.js';

const { labTest } = labSuite({ hosts: 3, managers: 1, hostCertificates: true });

const OPERATOR = '198.18.0.1';

/** Does a TCP connection from the operator's namespace to address:22 open within ms? */
function sshPortOpen(address: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: address, port: 22, timeout: ms });
    const done = (ok: boolean) => { s.destroy(); resolve(ok); };
    s.once('connect', () => done(true));
    s.once('timeout', () => done(false));
    s.once('error', () => done(false));
  });
}

/** Processes on this machine whose command line mentions `needle` (a ProxyCommand left running). */
function processesMentioning(needle: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle)) out.push(`${e}: ${cmd}`);
    } catch {
      // gone
    }
  }
  return out;
}

function iniInventory(lab: Lab, dir: string): string {
  const line = (id: string) => `${id} ansible_host=${lab.host(id).address}`;
  return writeTree(dir, { 'hosts.ini': `[managers]\n${line('n1')}\n\n[workers]\n${line('n2')}\n${line('n3')}\n` }) + '/hosts.ini';
}

function openssh(lab: Lab, knownHosts: string, address: string) {
  return spawnSync('/usr/bin/ssh', [
    '-F', '/dev/null', '-i', lab.sshKeyPath, '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', `root@${address}`, 'hostname',
  ], { encoding: 'utf8', timeout: 20_000, env: { PATH: '/usr/bin:/bin' } });
}

labTest('~/.ssh/config with Include and Match reaches two firewalled hosts through a ProxyCommand jump, with no ssh flags at all', async (t) => {
  const { lab } = t.context;
  const jump = lab.host('n1').address;
  const behind = [lab.host('n2').address, lab.host('n3').address];
  const home = operatorHome(lab, 'proxy');
  const ssh = path.join(home, '.ssh');
  // OpenSSH finds ~ through the passwd entry, not $HOME: the jump's own ssh is told its files, as
  // operators' configs do.
  writeTree(ssh, {
    'config': [
      '# the operator\'s own config',
      'Include config.d/*.conf',
      '',
      'Match host 198.18.0.*',
      '  User root',
      '  IdentityFile ~/.ssh/lab_ed25519',
      '  IdentitiesOnly yes',
      '',
    ].join('\n'),
    'config.d/lab.conf': [
      `Host ${behind.join(' ')}`,
      `  ProxyCommand /usr/bin/ssh -F /dev/null -i ${ssh}/lab_ed25519 -o UserKnownHostsFile=${ssh}/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes -W %h:%p root@${jump}`,
      '',
    ].join('\n'),
    'lab_ed25519': readFileSync(lab.sshKeyPath, 'utf8'),
    'known_hosts': readFileSync(lab.knownHostsPath, 'utf8'),
  });
  for (const id of ['n2', 'n3']) await lab.drop(id, { proto: 'tcp', port: 22, direction: 'in', peer: OPERATOR });
  t.false(await sshPortOpen(behind[0]!, 1000), 'n2 is not reachable from the operator directly');
  t.true(await sshPortOpen(jump, 1000), 'n1 is');
  const before = { n2: (await authLog(lab, 'n2')).length, n3: (await authLog(lab, 'n3')).length };

  const run = await runCli(['check', '-i', iniInventory(lab, path.join(home, 'inv')), '--timeout', '1', '--format', 'json'], { env: { HOME: home } });
  t.is(run.code, 0, run.stderr + run.stdout.slice(0, 2000));
  const r = run.json!;
  t.true(r.hosts.every((h) => h.reachable && h.error === null));
  t.deepEqual(cells(r, 'fail'), []);
  t.deepEqual(cells(r, 'error'), []);
  t.is(cells(r, 'pass').length, 6 * 3 + 2);
  // The logins to n2 and n3 came from the jump host.
  for (const id of ['n2', 'n3'] as const) {
    const lines = (await authLog(lab, id)).slice(before[id]);
    t.true(lines.some((l) => l.startsWith(`Accepted publickey for root from ${jump} `)), `${id}: ${lines.join('\n')}`);
    t.false(lines.some((l) => l.includes(`from ${OPERATOR} `)), `${id} saw no login from the operator`);
  }
  t.deepEqual(processesMentioning(`${ssh}/lab_ed25519`), [], 'no ProxyCommand is left running');
  t.deepEqual(await lab.leftovers(), []);
});

labTest('host certificates trusted only through @cert-authority are refused with the honest reason (ssh2 cannot check them), before any login', async (t) => {
  const { lab } = t.context;
  const ca = readFileSync(`${lab.hostCaPath}.pub`, 'utf8').trim();
  const caKnownHosts = path.join(lab.stateDir, 'known_hosts_ca');
  writeFileSync(caKnownHosts, `@cert-authority 198.18.0.* ${ca}\n`);
  // The lab's certificates are valid: OpenSSH accepts every host under strict checking with this file alone.
  for (const h of lab.hosts) {
    const o = openssh(lab, caKnownHosts, h.address);
    t.is(o.status, 0, `${h.id}: ${o.stderr}`);
    t.is(o.stdout.trim(), h.id);
  }
  const before = Object.fromEntries(await Promise.all(lab.hosts.map(async (h) => [h.id, (await authLog(lab, h.id)).length] as const)));

  const home = operatorHome(lab, 'cert');
  const run = await runCli(['check', '-i', lab.writeInventory(), '--identity', lab.sshKeyPath, '--known-hosts', caKnownHosts,
    '--connect-timeout', '3', '--timeout', '1', '--format', 'json'], { env: { HOME: home } });
  t.is(run.code, 3, run.stderr + run.stdout.slice(0, 2000));
  const r = run.json!;
  for (const h of r.hosts) {
    t.false(h.reachable);
    t.is(h.errorKind, 'host-key', `${h.id}: ${h.error}`);
    t.regex(h.error ?? '', /@cert-authority/);
    t.regex(h.error ?? '', /host certificates are not supported/);
    t.regex(h.error ?? '', /known_hosts_ca:1/, 'it names the line it could not use');
  }
  t.deepEqual(cells(r, 'pass'), []);
  t.deepEqual(cells(r, 'fail'), [], 'nothing is judged about a network it never reached');
  // Refused at the host key: no credential was offered to any host.
  for (const h of lab.hosts) {
    const lines = (await authLog(lab, h.id)).slice(before[h.id]);
    t.false(lines.some((l) => /^Accepted |^Failed /.test(l)), `${h.id}: ${lines.join('\n')}`);
  }
  t.deepEqual(await lab.leftovers(), []);
});

labTest('a @cert-authority line for another CA does not make the hosts known either', async (t) => {
  const { lab } = t.context;
  const other = generateSshKey('ed25519', 'some-other-ca');
  const kh = path.join(lab.stateDir, 'known_hosts_other_ca');
  writeFileSync(kh, `@cert-authority 198.18.0.* ${other.publicKey}`);
  t.not(openssh(lab, kh, lab.host('n1').address).status, 0, 'OpenSSH refuses too');
  const run = await runCli(['check', '-i', lab.writeInventory(), '--identity', lab.sshKeyPath, '--known-hosts', kh,
    '--connect-timeout', '3', '--timeout', '1', '--format', 'json'], { env: { HOME: operatorHome(lab, 'other-ca') } });
  t.is(run.code, 3, run.stderr + run.stdout.slice(0, 2000));
  t.true(run.json!.hosts.every((h) => h.errorKind === 'host-key' && !h.reachable));
  t.deepEqual(await lab.leftovers(), []);
});
