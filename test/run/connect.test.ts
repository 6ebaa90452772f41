// Starting the agent through SSH: python3 straight from the login shell, the interpreter search only
// where that finds none. A real agent behind the in-process SSH server, run by a real /bin/sh.
import test from 'ava';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import type { HostSpec } from '../../src/model.js';
import { connectHost } from '../../src/run/connect.js';
import type { RunOptions } from '../../src/run/options.js';
import { fixture } from '../ssh/helpers/fixture.js';
import { tempDir } from '../ssh/helpers/ssh-server.js';

const PYTHON = '/usr/bin/python3';

function runOptions(f: { keyFile: string; knownHosts: string }): RunOptions {
  return {
    mode: 'pre', timeoutMs: 1000, deadlineMs: 20000, concurrency: 4, sudo: 'none', reserved: [],
    ssh: {
      identityFiles: [f.keyFile], identityExplicit: true, knownHostsFiles: [f.knownHosts], knownHostsExplicit: true,
      hostKeyCheck: 'strict', hostKeyCheckExplicit: true, connectTimeoutMs: 5000, connectTimeoutExplicit: true,
    },
  };
}

async function connect(t: Parameters<typeof fixture>[0], shellPath: string) {
  const f = await fixture(t, { shellPath });
  const spec: HostSpec = { id: 'h1', address: '127.0.0.1', port: f.server.port, user: 'root', role: 'worker' };
  const host = await connectHost(spec, runOptions(f), undefined, new AbortController().signal);
  t.teardown(async () => {
    await host.agent?.stop();
    host.session?.close();
  });
  return { host, execs: f.server.stats.execs };
}

test('with python3 on the login shell\'s PATH the agent starts from one command, without sh in between', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  await symlink(PYTHON, path.join(dir, 'python3'));
  const { host, execs } = await connect(t, dir);
  t.is(host.agentError, undefined);
  t.regex(host.python ?? '', /^3\./);
  t.is(execs.length, 1);
  t.true(execs[0]?.startsWith('exec python3 -I -S -u -c '), execs[0]);
});

test('where the login shell finds no python3 the other interpreters are tried, and the agent starts', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  // Only sh and `python` (as on hosts where python3 is called that) are on the PATH.
  await symlink('/bin/sh', path.join(dir, 'sh'));
  await symlink(PYTHON, path.join(dir, 'python'));
  const { host, execs } = await connect(t, dir);
  t.is(host.agentError, undefined, host.agentError?.message);
  t.regex(host.python ?? '', /^3\./);
  t.is(execs.length, 2);
  t.true(execs[0]?.startsWith('exec python3 '));
  t.true(execs[1]?.startsWith("sh -c 'for p in python3 /usr/libexec/platform-python python; do"), execs[1]);
});

test('with no interpreter at all the host gets the tool-missing error that names what to install', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  await symlink('/bin/sh', path.join(dir, 'sh'));
  const { host, execs } = await connect(t, dir);
  t.is(host.agent, undefined);
  t.is(host.agentError?.kind, 'tool-missing');
  t.regex(host.agentError?.message ?? '', /no Python 3 interpreter found/);
  t.is(execs.length, 2, 'the direct start, then the search: no more');
});
