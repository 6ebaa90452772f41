// The run's deadline and Ctrl-C stop a connection at whatever step it is at, and the error says where
// it stalled: an sshd that accepts TCP and never speaks, a login whose command never answers.
import test from 'ava';
import { chmod, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { RunStop } from '../../src/abort.js';
import type { HostSpec } from '../../src/model.js';
import { connectHost } from '../../src/run/connect.js';
import type { RunOptions } from '../../src/run/options.js';
import { fixture } from '../ssh/helpers/fixture.js';
import { tempDir } from '../ssh/helpers/ssh-server.js';

function runOptions(f: { keyFile: string; knownHosts: string }): RunOptions {
  return {
    mode: 'pre', timeoutMs: 1000, deadlineMs: 60000, concurrency: 4, sudo: 'none', reserved: [],
    ssh: {
      identityFiles: [f.keyFile], identityExplicit: true, knownHostsFiles: [f.knownHosts], knownHostsExplicit: true,
      hostKeyCheck: 'strict', hostKeyCheckExplicit: true, connectTimeoutMs: 30000, connectTimeoutExplicit: true,
    },
  };
}

/** A TCP server that accepts every connection and never says a word, as a frozen sshd's kernel does. */
async function silentServer(t: Parameters<typeof fixture>[0]): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => { for (const s of sockets) s.destroy(); server.close(); });
  return (server.address() as net.AddressInfo).port;
}

function stopAfter(ms: number, why: 'deadline' | 'interrupted'): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new RunStop(why, 4000)), ms);
  return controller.signal;
}

test('an sshd that accepts TCP and never speaks holds the host only until the deadline, not for --connect-timeout', async (t) => {
  const f = await fixture(t);
  const port = await silentServer(t);
  const spec: HostSpec = { id: 'b2', address: '127.0.0.1', port, user: 'root', role: 'worker' };
  const started = Date.now();
  const error = await t.throwsAsync(connectHost(spec, runOptions(f), undefined, stopAfter(500, 'deadline')));
  t.true(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
  t.is((error as { kind?: string }).kind, 'timeout');
  t.regex(error?.message ?? '', /127\.0\.0\.1:\d+ accepted the TCP connection but sshd there sent no SSH handshake when the run's deadline \(4 s\) passed/);
});

test('Ctrl-C during a pending connection ends it at once as interrupted', async (t) => {
  const f = await fixture(t);
  const port = await silentServer(t);
  const spec: HostSpec = { id: 'b2', address: '127.0.0.1', port, user: 'root', role: 'worker' };
  const started = Date.now();
  const error = await t.throwsAsync(connectHost(spec, runOptions(f), undefined, stopAfter(300, 'interrupted')));
  t.true(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  t.is((error as { kind?: string }).kind, 'interrupted');
  t.regex(error?.message ?? '', /the run was interrupted/);
});

test('a login whose command never answers holds the host only until the deadline, and the agent wait says so', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  // A python3 that reads nothing and says nothing: the agent never reports ready.
  await writeFile(path.join(dir, 'python3'), '#!/bin/sh\nexec sleep 600\n');
  await chmod(path.join(dir, 'python3'), 0o755);
  const f = await fixture(t, { shellPath: `${dir}:/usr/bin:/bin` });
  const spec: HostSpec = { id: 'b2', address: '127.0.0.1', port: f.server.port, user: 'root', role: 'worker' };
  const started = Date.now();
  const host = await connectHost(spec, runOptions(f), undefined, stopAfter(800, 'deadline'));
  t.teardown(() => host.session?.close());
  t.true(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
  t.is(host.agent, undefined);
  t.is(host.agentError?.kind, 'timeout');
  t.regex(host.agentError?.message ?? '', /b2: still waiting for the agent to start when the run's deadline \(4 s\) passed/);
});
