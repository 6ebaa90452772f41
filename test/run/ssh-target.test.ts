// Per-host connection values: precedence (flags > inventory > ssh_config > defaults, with -u and -p as
// defaults), the choice of jump or proxy command, and the origins a --list-hosts printer shows.
import test from 'ava';
import { isPreflightError } from '../../src/errors.js';
import type { HostSpec } from '../../src/model.js';
import type { RunOptions, SshRunOptions } from '../../src/run/options.js';
import { DEFAULT_GLOBAL_KNOWN_HOSTS, originText, resolveTarget, type SshConfigLookup } from '../../src/run/ssh-target.js';
import { parseSshConfig, resolve } from '../../src/ssh/ssh-config.js';

const local = { homeDir: '/home/op', localUser: 'op', localHostName: 'laptop', uid: 1000, env: {} };
const side = { user: 'op', home: '/home/op' };

function options(ssh: Partial<SshRunOptions> = {}): RunOptions {
  return {
    mode: 'auto', timeoutMs: 1000, deadlineMs: 10000, concurrency: 4, sudo: 'none', reserved: [],
    ssh: {
      identityFiles: [], identityExplicit: false, knownHostsFiles: ['/home/op/.ssh/known_hosts'], knownHostsExplicit: false,
      hostKeyCheck: 'strict', hostKeyCheckExplicit: false, connectTimeoutMs: 10000, connectTimeoutExplicit: false, ...ssh,
    },
  };
}

function lookup(text: string): SshConfigLookup {
  const config = parseSshConfig(text, '~/.ssh/config', { homeDir: '/home/op' });
  return (alias, preset) => resolve(config, alias, local, preset);
}

const spec = (extra: Partial<HostSpec> = {}): HostSpec => ({ id: 'n1', address: '10.0.0.1', role: 'worker', ...extra });

const CONFIG = `
Host 10.0.0.*
  HostName %h
  User cfg-user
  IdentityFile ~/.ssh/cfg_key
  UserKnownHostsFile ~/.ssh/known_hosts_swarm
  StrictHostKeyChecking accept-new
  ConnectTimeout 4
Host bastion
  HostName 192.0.2.1
  User jumper
  Port 2222
  IdentityFile ~/.ssh/bastion_key
`;

test('with nothing set anywhere, OpenSSH\'s defaults are used and said to be defaults', (t) => {
  const { target, ssh, plan } = resolveTarget(spec(), options(), lookup(''), side);
  t.deepEqual(target, { id: 'n1', host: '10.0.0.1', port: 22, user: 'op' });
  t.deepEqual(ssh.identityFiles, []);
  t.deepEqual(ssh.globalKnownHostsFiles, DEFAULT_GLOBAL_KNOWN_HOSTS);
  t.is(plan.destination, 'op@10.0.0.1:22');
  t.deepEqual(plan.identityFiles, ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa']);
  t.deepEqual(plan.via, { kind: 'direct' });
  t.is(originText(plan.origins.host), 'inventory');
  for (const field of ['user', 'port', 'identityFiles', 'agent', 'via', 'knownHostsFiles', 'hostKeyCheck', 'connectTimeout'] as const) {
    t.is(originText(plan.origins[field]), 'default', field);
  }
});

test('ssh_config values apply where neither flags nor the inventory set them, each with its line', (t) => {
  const { target, ssh, plan } = resolveTarget(spec(), options(), lookup(CONFIG), side);
  t.deepEqual(target, { id: 'n1', host: '10.0.0.1', port: 22, user: 'cfg-user' });
  t.deepEqual(ssh.identityFiles, ['/home/op/.ssh/cfg_key']);
  t.deepEqual(ssh.knownHostsFiles, ['/home/op/.ssh/known_hosts_swarm']);
  t.is(ssh.hostKeyCheck, 'accept-new');
  t.is(ssh.connectTimeoutMs, 4000);
  t.is(originText(plan.origins.user), 'ssh_config ~/.ssh/config:4');
  t.is(originText(plan.origins.identityFiles), 'ssh_config ~/.ssh/config:5');
  t.is(originText(plan.origins.knownHostsFiles), 'ssh_config ~/.ssh/config:6');
  t.is(originText(plan.origins.hostKeyCheck), 'ssh_config ~/.ssh/config:7');
  t.is(originText(plan.origins.connectTimeout), 'ssh_config ~/.ssh/config:8');
  t.deepEqual(plan.knownHostsFiles, ['~/.ssh/known_hosts_swarm']);
});

test('inventory values win over ssh_config, and flags over both (--user and --port only as defaults)', (t) => {
  const inventory = spec({ user: 'inv-user', port: 2200, identityFiles: ['/keys/inv'], origins: { user: 'hosts.ini:3', port: 'hosts.ini:3', identityFiles: 'group_vars/all.yml:2' } });
  const fromInventory = resolveTarget(inventory, options({ user: 'flag-user', defaultPort: 2022 }), lookup(CONFIG), side);
  t.deepEqual(fromInventory.target, { id: 'n1', host: '10.0.0.1', port: 2200, user: 'inv-user' });
  t.deepEqual(fromInventory.ssh.identityFiles, ['/keys/inv']);
  t.is(originText(fromInventory.plan.origins.identityFiles), 'inventory group_vars/all.yml:2');
  t.is(originText(fromInventory.plan.origins.user), 'inventory hosts.ini:3');

  const flags = options({ user: 'flag-user', defaultPort: 2022, identityFiles: ['/keys/flag'], identityExplicit: true, knownHostsFiles: ['/kh'], knownHostsExplicit: true, hostKeyCheck: 'strict', hostKeyCheckExplicit: true, connectTimeoutMs: 2000, connectTimeoutExplicit: true });
  const fromFlags = resolveTarget(inventory, flags, lookup(CONFIG), side);
  t.deepEqual(fromFlags.ssh.identityFiles, ['/keys/flag']);
  t.deepEqual(fromFlags.ssh.knownHostsFiles, ['/kh']);
  t.is(fromFlags.ssh.hostKeyCheck, 'strict');
  t.is(fromFlags.ssh.connectTimeoutMs, 2000);
  t.is(originText(fromFlags.plan.origins.identityFiles), '--identity');
  t.is(fromFlags.target.user, 'inv-user', 'an inventory user wins over --user');

  const noInventory = resolveTarget(spec(), flags, lookup(CONFIG), side);
  t.is(noInventory.target.user, 'flag-user', '--user wins over ssh_config');
  t.is(noInventory.target.port, 2022, '--port applies where neither sets a port');
  t.is(originText(noInventory.plan.origins.port), '--port');
  t.is(resolveTarget(spec(), flags, lookup('Port 2299\n'), side).target.port, 2299, 'a port from ssh_config wins over --port');
});

test('the inventory user reaches ssh_config tokens and Match user, as a command-line user reaches ssh\'s', (t) => {
  const { ssh } = resolveTarget(spec({ user: 'deploy', port: 2200 }), options(), lookup('Match user deploy\n  IdentityFile ~/.ssh/%r_%p\n'), side);
  t.deepEqual(ssh.identityFiles, ['/home/op/.ssh/deploy_2200']);
});

test('jump hosts are resolved through ssh_config as ssh resolves them, and connect as the local user by default', (t) => {
  const { ssh, plan } = resolveTarget(spec(), options(), lookup(`${CONFIG}\nHost 10.0.0.*\n  ProxyJump bastion,ops@10.9.9.9:2022\n`), side);
  t.deepEqual(ssh.proxyJump, [
    { id: 'bastion', host: '192.0.2.1', port: 2222, user: 'jumper', identityFiles: ['/home/op/.ssh/bastion_key'] },
    { id: '10.9.9.9', host: '10.9.9.9', port: 2022, user: 'ops' },
  ]);
  t.deepEqual(plan.via, { kind: 'jump', hops: ['jumper@192.0.2.1:2222', 'ops@10.9.9.9:2022'] });
  t.is(originText(plan.origins.via), 'ssh_config ~/.ssh/config:16');
  const bare = resolveTarget(spec({ user: 'root' }), options(), lookup('ProxyJump 10.9.9.9\n'), side);
  t.is(bare.ssh.proxyJump?.[0]?.user, 'op', 'the target user is not the jump host\'s user');
});

test('--jump wins over the inventory and ssh_config, and --jump none connects directly', (t) => {
  const inventory = spec({ proxyCommand: 'nc %h %p' });
  const jumped = resolveTarget(inventory, options({ jump: 'ops@10.9.9.9' }), lookup('ProxyCommand other %h\n'), side);
  t.is(jumped.ssh.proxyCommand, undefined);
  t.deepEqual(jumped.ssh.proxyJump?.map((j) => `${j.user}@${j.host}:${j.port}`), ['ops@10.9.9.9:22']);
  t.is(originText(jumped.plan.origins.via), '--jump');
  const direct = resolveTarget(inventory, options({ jump: 'none' }), lookup('ProxyCommand other %h\n'), side);
  t.deepEqual(direct.plan.via, { kind: 'direct' });
  t.is(direct.ssh.proxyJump, undefined);
});

test('a ProxyCommand gets %h %p %r %n from the final values; the inventory\'s wins over ssh_config\'s', (t) => {
  const cfg = lookup('Host 10.0.0.1\n  HostName 192.168.50.1\n  ProxyCommand cfg-proxy %h %p %r %n\n');
  const fromConfig = resolveTarget(spec({ user: 'root' }), options({ defaultPort: 2022 }), cfg, side);
  t.is(fromConfig.ssh.proxyCommand, 'cfg-proxy 192.168.50.1 2022 root 10.0.0.1');
  t.deepEqual(fromConfig.plan.via, { kind: 'command', command: 'cfg-proxy 192.168.50.1 2022 root 10.0.0.1' });
  t.is(originText(fromConfig.plan.origins.via), 'ssh_config ~/.ssh/config:3');
  const fromInventory = resolveTarget(spec({ proxyCommand: 'ssh -W %h:%p bastion', origins: { proxyCommand: 'hosts.yml:7' } }), options(), cfg, side);
  t.is(fromInventory.ssh.proxyCommand, 'ssh -W 192.168.50.1:22 bastion');
  t.is(originText(fromInventory.plan.origins.via), 'inventory hosts.yml:7');
  const off = resolveTarget(spec({ proxyCommand: 'none' }), options(), cfg, side);
  t.deepEqual(off.plan.via, { kind: 'direct' });
});

test('an inventory host with both a ProxyJump and a ProxyCommand is an inventory error', (t) => {
  const error = t.throws(() => resolveTarget(spec({ proxyJump: 'bastion', proxyCommand: 'nc %h %p', source: 'hosts.ini:4' }), options(), lookup(''), side));
  t.true(isPreflightError(error) && error.kind === 'inventory');
  t.regex(error!.message, /host n1 \(hosts\.ini:4\) sets both a ProxyJump and a ProxyCommand/);
});

test('HostKeyAlias, IdentitiesOnly, IdentityAgent and GlobalKnownHostsFile pass from ssh_config to the connection', (t) => {
  const cfg = lookup('IdentitiesOnly yes\nHostKeyAlias swarm-n1\nIdentityAgent none\nGlobalKnownHostsFile /etc/ssh/swarm_known\n');
  const { ssh, plan } = resolveTarget(spec(), options({ agentSocket: '/run/agent.sock' }), cfg, side);
  t.is(ssh.hostKeyAlias, 'swarm-n1');
  t.true(ssh.identitiesOnly);
  t.is(ssh.agentSocket, undefined);
  t.deepEqual(ssh.globalKnownHostsFiles, ['/etc/ssh/swarm_known']);
  t.is(plan.hostKeyAlias, 'swarm-n1');
  t.is(originText(plan.origins.agent), 'ssh_config ~/.ssh/config:3');
  t.is(resolveTarget(spec(), options({ agentSocket: '/run/agent.sock' }), lookup(''), side).ssh.agentSocket, '/run/agent.sock');
});

test('a jump host\'s own ProxyCommand reaches the first hop; its own ProxyJump is warned as not followed', (t) => {
  const warnings: string[] = [];
  const cfg = lookup('Host bastion\n  ProxyCommand aws-ssm-proxy %h %p\nHost inner\n  ProxyJump far\nHost 10.*\n  ProxyJump bastion\n');
  const { ssh } = resolveTarget(spec(), options(), cfg, { ...side, warn: (m) => warnings.push(m) });
  t.is(ssh.proxyJump?.[0]?.proxyCommand, 'aws-ssm-proxy bastion 22');
  resolveTarget(spec(), options({ jump: 'inner' }), cfg, { ...side, warn: (m) => warnings.push(m) });
  t.deepEqual(warnings, ['~/.ssh/config:4: the jump host inner has its own ProxyJump, which is not followed; it is connected to directly']);
});
