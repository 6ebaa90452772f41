// The plan --list-hosts prints: the values a run would use (resolveTarget's), each with its origin.
import test from 'ava';
import type { HostSpec } from '../../src/model.js';
import { planHost } from '../../src/run/host-plan.js';
import type { RunOptions } from '../../src/run/options.js';
import { parseSshConfig, resolve } from '../../src/ssh/ssh-config.js';

function options(extra: Partial<RunOptions['ssh']> = {}, sudo: RunOptions['sudo'] = 'none'): RunOptions {
  return {
    mode: 'auto', timeoutMs: 3000, deadlineMs: 120000, concurrency: 64, sudo, reserved: [],
    ssh: {
      identityFiles: [], identityExplicit: false, knownHostsFiles: ['/k'], knownHostsExplicit: false, hostKeyCheck: 'strict',
      hostKeyCheckExplicit: false, connectTimeoutMs: 10000, connectTimeoutExplicit: false, ...extra,
    },
  };
}

const m1: HostSpec = {
  id: 'm1', address: '10.0.0.1', user: 'admin', role: 'manager', source: 'hosts.ini:3',
  origins: { address: 'hosts.ini:3', user: 'group_vars/all.yml:2', role: 'hosts.ini:1 [managers]' },
};

test('inventory values win and each names the file and line it came from', (t) => {
  const plan = planHost(m1, options({ user: 'other' }), undefined);
  t.is(plan.target, 'admin@10.0.0.1:22');
  t.deepEqual(plan.ssh?.user, { value: 'admin', from: 'inventory group_vars/all.yml:2' });
  t.deepEqual(plan.ssh?.address, { value: '10.0.0.1', from: 'inventory hosts.ini:3' });
  t.deepEqual(plan.ssh?.port, { value: 22, from: 'default' });
  t.deepEqual(plan.ssh?.via, { value: 'direct', from: 'default' });
  t.deepEqual(plan.role, { value: 'manager', from: 'inventory hosts.ini:1 [managers]' });
  t.deepEqual(plan.sudo, { value: 'none', from: 'default' });
  t.like(plan.probedAt, { value: '10.0.0.1', from: 'inventory address (hosts.ini:3)' });
  t.regex(plan.probedAt.note ?? '', /advertise address .* only after connecting/);
});

test('the SSH part is the run\'s own: flags and ssh_config fill what the inventory leaves out, with file and line', (t) => {
  const config = parseSshConfig('Host 10.0.0.*\n  User cfguser\n  Port 2222\n  IdentityFile /keys/cfg\n  ProxyJump jump@10.0.9.1:2022\n', '/etc/spf_config');
  const lookup = (alias: string) => resolve(config, alias, { homeDir: '/home/u', localUser: 'u' });
  const w1: HostSpec = { id: 'w1', address: '10.0.0.2', role: 'worker', source: 'hosts.ini:5' };
  const plan = planHost(w1, options(), lookup);
  t.is(plan.target, 'cfguser@10.0.0.2:2222');
  t.deepEqual(plan.ssh?.user, { value: 'cfguser', from: 'ssh_config /etc/spf_config:2' });
  t.deepEqual(plan.ssh?.port, { value: 2222, from: 'ssh_config /etc/spf_config:3' });
  t.deepEqual(plan.ssh?.keys, { value: ['/keys/cfg'], from: 'ssh_config /etc/spf_config:4' });
  t.deepEqual(plan.ssh?.via, { value: 'jump jump@10.0.9.1:2022', from: 'ssh_config /etc/spf_config:5' });
  const flagged = planHost(w1, options({ user: 'flaguser', identityFiles: ['/keys/flag'], identityExplicit: true }), lookup);
  t.deepEqual(flagged.ssh?.user, { value: 'flaguser', from: '--user' });
  t.deepEqual(flagged.ssh?.keys, { value: ['/keys/flag'], from: '--identity' });
});

test('sudo, its user, the interpreter and a swarm_address come from the inventory with their origins', (t) => {
  const spec: HostSpec = {
    id: 'w2', address: '10.0.0.3', role: 'worker', source: 'inv.yml:9', become: { user: 'ops' }, pythonInterpreter: '/usr/bin/python3.11',
    vars: { swarm_address: '10.1.0.3' }, origins: { become: 'group_vars/workers.yml:1', pythonInterpreter: 'inv.yml:10', swarmAddress: 'inv.yml:11' },
  };
  const plan = planHost(spec, options(), undefined, '-K');
  t.deepEqual(plan.sudo, { value: 'sudo -S (password)', from: 'inventory become (group_vars/workers.yml:1); -K', user: 'ops' });
  t.deepEqual(plan.python, { value: '/usr/bin/python3.11', from: 'inventory inv.yml:10' });
  t.deepEqual(plan.probedAt, { value: '10.1.0.3', from: 'swarm_address (inv.yml:11)' });
  t.deepEqual(planHost({ ...m1, become: undefined }, options({}, 'sudo-n'), undefined).sudo, { value: 'sudo -n', from: '--sudo' });
});

test('a local host has no SSH target, keys or jump host, and its ssh_config is not even looked up', (t) => {
  const lookup = () => { throw new Error('looked up'); };
  const plan = planHost({ id: 'me', address: '10.0.0.9', role: 'manager', connection: 'local' }, options(), lookup);
  t.is(plan.connection, 'local');
  t.is(plan.target, 'local');
  t.is(plan.ssh, undefined);
});
