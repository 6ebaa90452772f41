// Per-host launch values: become (sudo -n, sudo -u USER, a password sudo reads from stdin), an
// inventory's python interpreter, and a local host that runs without SSH. A real agent behind the
// in-process SSH server, run by a real /bin/sh, with a fake sudo (test/run/helpers/fake-sudo.ts) on a
// PATH the test controls.
import test from 'ava';
import { mkdir, symlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import type { HostSpec } from '../../src/model.js';
import { connectHost } from '../../src/run/connect.js';
import type { RunOptions } from '../../src/run/options.js';
import { Secret } from '../../src/secret.js';
import { fixture } from '../ssh/helpers/fixture.js';
import { eventually, tempDir } from '../ssh/helpers/ssh-server.js';
import { fakeSudo } from './helpers/fake-sudo.js';

const PYTHON = '/usr/bin/python3';

function runOptions(f: { keyFile: string; knownHosts: string }, extra: Partial<RunOptions> = {}): RunOptions {
  return {
    mode: 'pre', timeoutMs: 1000, deadlineMs: 20000, concurrency: 4, sudo: 'none', reserved: [],
    ssh: {
      identityFiles: [f.keyFile], identityExplicit: true, knownHostsFiles: [f.knownHosts], knownHostsExplicit: true,
      hostKeyCheck: 'strict', hostKeyCheckExplicit: true, connectTimeoutMs: 5000, connectTimeoutExplicit: true,
    },
    ...extra,
  };
}

/** A PATH directory with python3 and the fake sudo (asking for `password` when given). */
async function hostPath(t: Parameters<typeof fixture>[0], password?: string) {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  await symlink(PYTHON, path.join(dir, 'python3'));
  return { dir, sudo: await fakeSudo(dir, password) };
}

async function connect(t: Parameters<typeof fixture>[0], shellPath: string, spec: Partial<HostSpec>, extra: Partial<RunOptions> = {}) {
  const f = await fixture(t, { shellPath });
  const full: HostSpec = { id: 'h1', address: '127.0.0.1', port: f.server.port, user: 'root', role: 'worker', ...spec };
  const host = await connectHost(full, runOptions(f, extra), undefined, new AbortController().signal);
  t.teardown(async () => {
    await host.agent?.stop();
    host.session?.close();
  });
  return { host, execs: f.server.stats.execs, stats: f.server.stats };
}

test('a host whose inventory says become starts the agent through sudo -n, as --sudo does for all', async (t) => {
  const { dir, sudo } = await hostPath(t);
  const { host, execs } = await connect(t, dir, { become: {} });
  t.is(host.agentError, undefined, host.agentError?.message);
  t.regex(host.python ?? '', /^3\./);
  t.deepEqual(execs.map((e) => e.slice(0, 25)), ['exec sudo -n python3 -I -']);
  t.deepEqual(await sudo.users(), [], 'root is sudo\'s default: no -u');
});

test('a become user other than root runs the agent with sudo -u that user', async (t) => {
  const { dir, sudo } = await hostPath(t);
  const { host, execs } = await connect(t, dir, { become: { user: 'swarmcheck' } });
  t.is(host.agentError, undefined, host.agentError?.message);
  t.true(execs[0]?.startsWith("exec sudo -n -u 'swarmcheck' python3 "), execs[0]);
  t.deepEqual(await sudo.users(), ['user swarmcheck']);
});

test('with a become password sudo reads it once from stdin and everything after it reaches the agent', async (t) => {
  const password = 'correct horse $battery "staple"';
  const { dir, sudo } = await hostPath(t, password);
  const { host, execs } = await connect(t, dir, {}, { sudo: 'sudo-n', becomePassword: new Secret(password) });
  // "ready" needs the whole script: the agent got every byte that followed the password line.
  t.is(host.agentError, undefined, host.agentError?.message);
  t.regex(host.python ?? '', /^3\./);
  t.deepEqual(await sudo.attempts(), ['ok']);
  t.is(execs.length, 1);
  t.true(execs[0]?.startsWith("exec sudo -S -p 'swarm-preflight-become-password:' python3 "), execs[0]);
  t.false(execs.join('\n').includes('horse'), 'the password is never on a command line');
});

test('a wrong become password fails that host with an auth error after one attempt, never a second', async (t) => {
  const { dir, sudo } = await hostPath(t, 'the-right-one');
  const { host, execs, stats } = await connect(t, dir, {}, { sudo: 'sudo-n', becomePassword: new Secret('Wr0ng-pass-93') });
  t.is(host.agent, undefined);
  t.is(host.agentError?.kind, 'auth');
  t.regex(host.agentError?.message ?? '', /sudo refused the become password/);
  t.regex(host.agentError?.hint ?? '', /-K\/--ask-become-pass/);
  t.false(`${host.agentError?.message} ${host.agentError?.hint}`.includes('Wr0ng'), 'the password is in no message');
  // One wrong attempt, then stdin closed: sudo's next read meets EOF (or the session ends first),
  // never the agent's script as a second and third attempt.
  t.true(await eventually(() => stats.sessionsOpen === 0, 5000), 'sudo ended');
  t.deepEqual((await sudo.attempts()).filter((a) => a !== 'eof'), ['wrong']);
  t.is(execs.length, 1, 'no second start, no interpreter search');
});

test('with a become password on a host where sudo asks none, the password is never sent', async (t) => {
  const { dir, sudo } = await hostPath(t);
  const { host } = await connect(t, dir, { become: {} }, { becomePassword: new Secret('not-needed') });
  // Had the password line been sent, python would have read it as the script's length and failed.
  t.is(host.agentError, undefined, host.agentError?.message);
  t.deepEqual(await sudo.attempts(), []);
});

test('--sudo without a password where sudo wants one is the needs-root error that says so', async (t) => {
  const { dir } = await hostPath(t, 'secret');
  const { host } = await connect(t, dir, {}, { sudo: 'sudo-n' });
  t.is(host.agentError?.kind, 'needs-root');
  t.regex(host.agentError?.message ?? '', /sudo needs a password/);
});

test('an interpreter the inventory names is the only one started, without the search', async (t) => {
  const { dir } = await hostPath(t);
  const bin = path.join(dir, 'opt', 'bin');
  await mkdir(bin, { recursive: true });
  await symlink(PYTHON, path.join(bin, 'python3.11'));
  const { host, execs } = await connect(t, dir, { pythonInterpreter: path.join(bin, 'python3.11') });
  t.is(host.agentError, undefined, host.agentError?.message);
  t.deepEqual(execs, [execs[0]]);
  t.true(execs[0]?.startsWith(`exec '${path.join(bin, 'python3.11')}' -I -S -u -c `), execs[0]);
});

test('an inventory interpreter that does not exist is a tool-missing error naming it, with no search', async (t) => {
  const { dir } = await hostPath(t);
  const { host, execs } = await connect(t, dir, { pythonInterpreter: '/nonexistent/python3' });
  t.is(host.agentError?.kind, 'tool-missing');
  t.regex(host.agentError?.message ?? '', /python interpreter \/nonexistent\/python3 could not be started/);
  t.is(execs.length, 1);
});

test('a local host runs the agent on this machine without SSH', async (t) => {
  const spec: HostSpec = { id: 'me', address: '127.0.0.1', role: 'manager', connection: 'local' };
  const options: RunOptions = runOptions({ keyFile: '/nonexistent', knownHosts: '/nonexistent' });
  const host = await connectHost(spec, options, undefined, new AbortController().signal);
  t.teardown(() => host.agent?.stop());
  t.is(host.session, undefined);
  t.is(host.agentError, undefined, host.agentError?.message);
  t.is(host.hostname, hostname());
  t.is(host.uid, process.getuid?.());
});
