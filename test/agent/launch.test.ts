// How each host's agent is started: --sudo and the inventory's become, a become password, a become
// user and an interpreter, with inventory values that could reach a shell refused before any connection.
import test from 'ava';
import { bootstrapCommand, directCommand, PY_BOOT_MARKED } from '../../src/agent/bootstrap.js';
import { agentLaunch, BOOT_MARK } from '../../src/agent/launch.js';
import type { HostSpec } from '../../src/model.js';

const host = (extra: Partial<HostSpec> = {}): HostSpec => ({ id: 'n1', address: '10.0.0.1', role: 'worker', ...extra });

test('sudo is used where --sudo asks for it or the inventory says become, and reads a password only when one is given', (t) => {
  t.deepEqual(agentLaunch(host(), 'none', false), { sudo: 'none' });
  t.deepEqual(agentLaunch(host(), 'none', true), { sudo: 'none' }, 'a password alone does not make a host use sudo');
  t.deepEqual(agentLaunch(host(), 'sudo-n', false), { sudo: 'sudo-n' });
  t.deepEqual(agentLaunch(host({ become: {} }), 'none', false), { sudo: 'sudo-n' });
  t.deepEqual(agentLaunch(host({ become: {} }), 'none', true), { sudo: 'password' });
  t.deepEqual(agentLaunch(host({ become: { user: 'root' } }), 'none', false), { sudo: 'sudo-n' }, 'root is sudo\'s default');
  t.deepEqual(agentLaunch(host({ become: { user: 'ops' } }), 'none', false), { sudo: 'sudo-n', user: 'ops' });
});

test('an interpreter path is used as given, and Ansible\'s auto modes leave the search on', (t) => {
  t.deepEqual(agentLaunch(host({ pythonInterpreter: '/usr/bin/python3.11' }), 'none', false).interpreter, ['/usr/bin/python3.11']);
  t.deepEqual(agentLaunch(host({ pythonInterpreter: '/usr/bin/env python3' }), 'none', false).interpreter, ['/usr/bin/env', 'python3']);
  for (const auto of ['auto', 'auto_silent', 'auto_legacy', 'auto_legacy_silent']) {
    t.is(agentLaunch(host({ pythonInterpreter: auto }), 'none', false).interpreter, undefined, auto);
  }
});

test('a become user or interpreter that could change the command line is an inventory error naming where it came from', (t) => {
  const user = t.throws(() => agentLaunch(host({ become: { user: 'x; rm -rf /' }, origins: { become: 'hosts.ini:4' } }), 'none', false));
  t.is(user?.name, 'PreflightError');
  t.like(user, { kind: 'inventory' });
  t.regex(user?.message ?? '', /n1: become user "x; rm -rf \/" is not a user name \(hosts.ini:4\)/);
  for (const bad of ['/usr/bin/python3 $(id)', "/opt/py'thon", '/usr/bin/python3;id', '`id`']) {
    const error = t.throws(() => agentLaunch(host({ pythonInterpreter: bad }), 'none', false), undefined, bad);
    t.like(error, { kind: 'inventory' });
  }
});

test('the command lines carry sudo\'s options, the user and the interpreter, each single word quoted', (t) => {
  t.true(directCommand({ sudo: 'sudo-n', user: 'ops' }).startsWith("exec sudo -n -u 'ops' python3 -I -S -u -c \""));
  t.true(directCommand({ sudo: 'password' }).startsWith("exec sudo -S -p 'swarm-preflight-become-password:' python3 "));
  t.true(directCommand({ sudo: 'none', interpreter: ['/usr/bin/env', 'python3'] }).startsWith("exec '/usr/bin/env' 'python3' -I "));
  const search = bootstrapCommand({ sudo: 'password', user: 'ops' });
  t.regex(search, /exec sudo -S -p "swarm-preflight-become-password:" -u "ops" "\$p" -I -S -u -c/);
  t.false(search.slice(7, -1).includes("'"), 'nothing ends the single-quoted body early');
  t.false(/[$!\\`"']/.test(PY_BOOT_MARKED), PY_BOOT_MARKED);
});

test('in password mode the interpreter prints the boot mark before it reads anything', async (t) => {
  const { spawnSync } = await import('node:child_process');
  const run = spawnSync('python3', ['-I', '-S', '-u', '-c', PY_BOOT_MARKED], { input: '0\n', encoding: 'utf8' });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, `${BOOT_MARK}\n`);
});
