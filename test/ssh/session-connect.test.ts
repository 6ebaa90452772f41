// Connecting: host key checking (before any authentication), authentication and connection errors.

import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import test from 'ava';
import { isPreflightError, type PreflightError } from '../../src/errors.js';
import { fingerprint } from '../../src/ssh/known-hosts.js';
import { SshSession } from '../../src/ssh/session.js';
import { fixture } from './helpers/fixture.js';
import { closedPort, eventually, makeKey } from './helpers/ssh-server.js';

async function refused(t: import('ava').ExecutionContext, promise: Promise<SshSession>): Promise<PreflightError> {
  const error = await t.throwsAsync(promise);
  if (!isPreflightError(error)) throw new Error(`expected a PreflightError, got ${String(error)}`);
  return error;
}

test('a known host key is accepted and its fingerprint is exposed', async (t) => {
  const f = await fixture(t);
  const session = await SshSession.connect(f.target, f.options);
  t.teardown(() => session.close());
  t.is(session.hostKeyFingerprint, fingerprint(f.hostKey.blob));
  t.true(f.server.stats.authAttempts > 0);
});

test('an unknown host key is refused in strict mode and the server never sees an auth attempt', async (t) => {
  const f = await fixture(t, { knownHostsText: () => '' });
  const error = await refused(t, SshSession.connect(f.target, f.options));
  t.is(error.kind, 'host-key');
  t.true(error.message.includes(`127.0.0.1:${f.server.port}`));
  t.true(error.message.includes(fingerprint(f.hostKey.blob)));
  t.true(error.message.includes(f.knownHosts));
  t.regex(error.message, /is not known .*--host-key-check accept-new/);
  t.truthy(error.cause);
  t.is(f.server.stats.authAttempts, 0);
  t.true(await eventually(() => f.server.stats.openConnections === 0), 'the refused connection leaves no socket');
});

test('a changed host key is refused even with accept-new, and known_hosts is left as it was', async (t) => {
  const old = makeKey();
  const f = await fixture(t, { knownHostsText: ({ port }) => `[127.0.0.1]:${port} ssh-ed25519 ${old.blob.toString('base64')}\n` });
  const before = await readFile(f.knownHosts, 'utf8');
  const error = await refused(t, SshSession.connect(f.target, { ...f.options, hostKeyCheck: 'accept-new' }));
  t.is(error.kind, 'host-key');
  t.regex(error.message, /CHANGED.*possible man-in-the-middle.*refused/);
  t.true(error.message.includes(fingerprint(f.hostKey.blob)));
  t.true(error.message.includes(fingerprint(old.blob)));
  t.is(f.server.stats.authAttempts, 0);
  t.is(await readFile(f.knownHosts, 'utf8'), before);
});

test('accept-new accepts an unknown key, appends it, and a later strict connection accepts it', async (t) => {
  const f = await fixture(t, { knownHostsText: () => '# empty\n' });
  const first = await SshSession.connect(f.target, { ...f.options, hostKeyCheck: 'accept-new' });
  first.close();
  const text = await readFile(f.knownHosts, 'utf8');
  t.true(text.includes(`[127.0.0.1]:${f.server.port} ssh-ed25519 ${f.hostKey.blob.toString('base64')}`));
  const second = await SshSession.connect(f.target, { ...f.options, hostKeyCheck: 'strict' });
  t.teardown(() => second.close());
  t.is(second.hostKeyFingerprint, fingerprint(f.hostKey.blob));
});

test('accept-new creates the known_hosts file when it does not exist', async (t) => {
  const f = await fixture(t);
  const fresh = path.join(f.dir, 'new', 'known_hosts');
  const session = await SshSession.connect(f.target, { ...f.options, knownHostsFiles: [fresh], hostKeyCheck: 'accept-new' });
  t.teardown(() => session.close());
  t.regex(await readFile(fresh, 'utf8'), /^\[127\.0\.0\.1\]:\d+ ssh-ed25519 /);
});

test('hostKeyCheck off accepts any key without writing known_hosts', async (t) => {
  const f = await fixture(t, { knownHostsText: () => '' });
  const session = await SshSession.connect(f.target, { ...f.options, hostKeyCheck: 'off' });
  t.teardown(() => session.close());
  t.is(await readFile(f.knownHosts, 'utf8'), '');
});

test('a host key marked @revoked is refused', async (t) => {
  const f = await fixture(t, {
    knownHostsText: ({ port, hostKey }) =>
      `@revoked * ssh-ed25519 ${hostKey.blob.toString('base64')}\n[127.0.0.1]:${port} ssh-ed25519 ${hostKey.blob.toString('base64')}\n`,
  });
  const error = await refused(t, SshSession.connect(f.target, f.options));
  t.is(error.kind, 'host-key');
  t.regex(error.message, /@revoked/);
  t.is(f.server.stats.authAttempts, 0);
});

test('a host whose known key is rsa is accepted although the server offers ed25519 first', async (t) => {
  const ed = makeKey('ed25519');
  const rsa = makeKey('rsa');
  const f = await fixture(t, {
    hostKeys: [ed, rsa],
    knownHostsText: ({ port }) => `[127.0.0.1]:${port} ssh-rsa ${rsa.blob.toString('base64')}\n`,
  });
  const session = await SshSession.connect(f.target, f.options);
  t.teardown(() => session.close());
  t.is(session.hostKeyFingerprint, fingerprint(rsa.blob));
});

test('a client key the server does not accept is an auth error naming user, host and the key tried', async (t) => {
  const f = await fixture(t);
  const stranger = makeKey();
  const file = path.join(f.dir, 'id_stranger');
  await writeFile(file, stranger.private, { mode: 0o600 });
  const error = await refused(t, SshSession.connect(f.target, { ...f.options, identityFiles: [file] }));
  t.is(error.kind, 'auth');
  t.regex(error.message, /^authentication failed for root@127\.0\.0\.1: tried .*id_stranger.*check --user\/--identity or ssh-agent$/);
  t.false(error.message.includes(stranger.private.split('\n')[1]!.slice(0, 20)), 'no key material in the message');
  t.true(f.server.stats.authAttempts > 0);
});

test('the second identity file is tried when the first is refused', async (t) => {
  const f = await fixture(t);
  const stranger = path.join(f.dir, 'id_stranger');
  await writeFile(stranger, makeKey().private, { mode: 0o600 });
  const session = await SshSession.connect(f.target, { ...f.options, identityFiles: [stranger, f.keyFile] });
  t.teardown(() => session.close());
  t.is((await session.exec('report')).code, 3);
});

test('the agent is tried first and a broken agent socket does not stop the key files from being tried', async (t) => {
  const f = await fixture(t);
  const agentSocket = path.join(f.dir, 'no-agent.sock');
  const session = await SshSession.connect(f.target, { ...f.options, agentSocket });
  t.teardown(() => session.close());
  t.is((await session.exec('report')).code, 3);
  const stranger = path.join(f.dir, 'id_stranger');
  await writeFile(stranger, makeKey().private, { mode: 0o600 });
  const error = await refused(t, SshSession.connect(f.target, { ...f.options, agentSocket, identityFiles: [stranger] }));
  t.is(error.kind, 'auth');
  t.regex(error.message, /tried ssh-agent, .*id_stranger; .*ssh-agent: /);
});

test('a missing identity file given explicitly is an auth error naming it, before connecting', async (t) => {
  const f = await fixture(t);
  const missing = path.join(f.dir, 'no_such_key');
  const error = await refused(t, SshSession.connect(f.target, { ...f.options, identityFiles: [missing] }));
  t.is(error.kind, 'auth');
  t.true(error.message.includes('no_such_key'));
  t.is(f.server.stats.connections, 0);
});

test('a missing optional identity file is skipped silently and the next one is used', async (t) => {
  const f = await fixture(t);
  const missing = path.join(f.dir, 'no_such_key');
  const session = await SshSession.connect(f.target, { ...f.options, identityFiles: [missing, f.keyFile], identityFilesExplicit: false });
  t.teardown(() => session.close());
  t.is((await session.exec('report')).stdout, 'hello out\n');
});

test('a passphrase-protected key is skipped with a hint to use ssh-agent', async (t) => {
  const f = await fixture(t);
  const locked = path.join(f.dir, 'id_locked');
  await writeFile(locked, makeKey('ed25519', 'secret-passphrase').private, { mode: 0o600 });
  const error = await refused(t, SshSession.connect(f.target, { ...f.options, identityFiles: [locked] }));
  t.is(error.kind, 'auth');
  t.regex(error.message, /id_locked \(passphrase-protected: add it to ssh-agent with ssh-add/);
  t.false(error.message.includes('secret-passphrase'));
});

test('connection refused on a closed port is unreachable, naming host:port and the errno', async (t) => {
  const port = await closedPort();
  const f = await fixture(t);
  const error = await refused(t, SshSession.connect({ ...f.target, port }, f.options));
  t.is(error.kind, 'unreachable');
  t.true(error.message.includes(`127.0.0.1:${port}`));
  t.true(error.message.includes('ECONNREFUSED'));
  t.is((error.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
});

test('a server that accepts TCP but never speaks SSH is a timeout', async (t) => {
  const sockets = new Set<net.Socket>();
  let closed = 0;
  const silent = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => closed++);
    s.resume();
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const s of sockets) s.destroy();
    silent.close();
  });
  const f = await fixture(t);
  const port = (silent.address() as net.AddressInfo).port;
  const started = Date.now();
  const error = await refused(t, SshSession.connect({ ...f.target, port }, { ...f.options, connectTimeoutMs: 300 }));
  t.is(error.kind, 'timeout');
  t.regex(error.message, /127\.0\.0\.1:\d+ accepted the TCP connection but sshd there sent no SSH handshake within 300 ms/);
  t.true(Date.now() - started < 2000);
  t.true(await eventually(() => sockets.size === 1 && closed === 1), 'the client closed its socket');
});
