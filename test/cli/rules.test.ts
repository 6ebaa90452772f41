import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { type RulesArgs, rulesCommand } from '../../src/cli/rules.js';
import { PreflightError } from '../../src/errors.js';
import { closedPort, tempDir } from '../ssh/helpers/ssh-server.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });

const INVENTORY = `all:
  children:
    managers:
      hosts:
        m1: { ansible_host: 10.0.0.11 }
    workers:
      hosts:
        w1: { ansible_host: 10.0.0.21 }
        w2: { ansible_host: 10.0.0.22, swarm_address: 10.1.0.22 }
`;

async function inventory(text = INVENTORY): Promise<{ file: string; dir: string; cleanup: () => Promise<void> }> {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'inventory.yml');
  writeFileSync(file, text);
  return { file, dir, cleanup };
}

test.serial('offline, each host\'s nftables rules come from the inventory alone, peers at their swarm address, exit 0', async (t) => {
  const inv = await inventory();
  try {
    const r = run('rules', '-i', inv.file, '--offline');
    t.is(r.status, 0, r.stderr);
    t.deepEqual(r.stdout.split('\n').filter((l) => l.startsWith('# ==> ')), ['# ==> m1.nft <==', '# ==> w1.nft <==', '# ==> w2.nft <==']);
    t.regex(r.stdout, /ip saddr \{ 10\.0\.0\.21, 10\.1\.0\.22 \} tcp dport \{ 2377, 7946 \} accept/);
    t.regex(r.stdout, /not connected: --offline/);
    const one = run('rules', '-i', inv.file, '--offline', '--host', 'w1', '--firewall', 'iptables');
    t.regex(one.stdout, /^#!\/bin\/sh\n# swarm-preflight rules for w1 \(10\.0\.0\.21, worker\), iptables\n/);
    t.notRegex(one.stdout, /==>/);
  } finally {
    await inv.cleanup();
  }
});

test.serial('-o DIR writes one file per host, or per cloud group, and names them', async (t) => {
  const inv = await inventory();
  try {
    const out = join(inv.dir, 'rules');
    const r = run('rules', '-i', inv.file, '--firewall', 'ufw', '-o', out);
    t.is(r.status, 0, r.stderr);
    t.deepEqual(readdirSync(out).sort(), ['m1.ufw.sh', 'w1.ufw.sh', 'w2.ufw.sh']);
    t.regex(r.stdout, /^wrote .*m1\.ufw\.sh$/m);
    const aws = run('rules', '-i', inv.file, '--firewall', 'aws', '--esp', '-o', out);
    t.is(aws.status, 0, aws.stderr);
    t.true(JSON.parse(readFileSync(join(out, 'aws-nodes.json'), 'utf8')).some((p: { IpProtocol: string }) => p.IpProtocol === '50'));
  } finally {
    await inv.cleanup();
  }
});

test.serial('a host that cannot be reached gets the standalone form with why, and the command still renders', async (t) => {
  const port = await closedPort();
  const inv = await inventory(`all:\n  hosts:\n    a: { ansible_host: 127.0.0.1, ansible_port: ${port}, swarm_role: manager }\n    b: { ansible_host: 127.0.0.2, ansible_port: ${port}, swarm_role: worker }\n`);
  try {
    const r = run('rules', '-i', inv.file, '--host', 'a', '--connect-timeout', '2', '--known-hosts', join(inv.dir, 'none'));
    t.is(r.status, 0, r.stderr);
    t.regex(r.stderr, /^swarm-preflight: a: not read: .*; its rules are the standalone form$/m);
    t.regex(r.stdout, /table inet swarm_preflight/);
    t.regex(r.stdout, /its ruleset could not be read \(not read: /);
  } finally {
    await inv.cleanup();
  }
});

test.serial('rules\' usage errors say what to fix, before connecting, and exit 2', async (t) => {
  const inv = await inventory();
  const named = await inventory('all:\n  hosts:\n    db1.example.com:\n');
  try {
    for (const [args, message] of [
      [{ host: ['nope'] }, /--host nope: not in the inventory/],
      [{ sourceCidr: '10.0.0.0/40' }, /--source-cidr "10\.0\.0\.0\/40" is not an IPv4 range/],
      [{ securityGroup: 'sg-12345678' }, /--security-group is for --firewall aws/],
      [{ firewall: 'aws', securityGroup: 'default' }, /is not a security group id/],
      [{ dataPathPort: 0 }, /--data-path-port must be a port number/],
    ] as [Partial<RulesArgs>, RegExp][]) {
      await t.throwsAsync(rulesCommand({ inventory: [inv.file], offline: true, ...args }), { instanceOf: PreflightError, message }, JSON.stringify(args));
    }
    const error = await t.throwsAsync(rulesCommand({ inventory: [named.file], offline: true }), { instanceOf: PreflightError });
    t.regex(error?.message ?? '', /db1\.example\.com: its address "db1\.example\.com" is not an IPv4 address/);
    t.regex(error?.hint ?? '', /give the host swarm_address=IP/);
    // The command line turns them into exit 2 and one line with a hint; yargs' own checks too.
    for (const args of [['--host', 'nope'], ['--firewall', 'pf']]) {
      const r = run('rules', '-i', inv.file, '--offline', ...args);
      t.is(r.status, 2, args.join(' '));
      t.regex(r.stderr, /hint: /);
      t.is(r.stdout, '');
    }
  } finally {
    await inv.cleanup();
    await named.cleanup();
  }
});

test.serial('--help shows the rules command and check\'s --fix-out', (t) => {
  t.regex(run('--help').stdout, /rules\s+print the firewall rules each host needs/);
  t.regex(run('check', '--help').stdout, /--fix-out/);
  const help = run('rules', '--help').stdout;
  for (const flag of ['--firewall', '--host', '--esp', '--source-cidr', '--data-path-port', '--offline', '--security-group']) t.true(help.includes(flag), flag);
});
