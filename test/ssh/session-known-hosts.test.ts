// Host keys through real connections: HostKeyAlias, several known_hosts files, global files, hashed
// recording, and @cert-authority lines (host certificates cannot be negotiated by ssh2: said, not faked).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import ssh2 from 'ssh2';
import { isPreflightError } from '../../src/errors.js';
import { fingerprint, parseKnownHosts } from '../../src/ssh/known-hosts.js';
import { SshSession } from '../../src/ssh/session.js';
import { fixture } from './helpers/fixture.js';
import { makeKey } from './helpers/ssh-server.js';

const line = (name: string, key: { type: string; blob: Buffer }) => `${name} ${key.type} ${key.blob.toString('base64')}\n`;

test('with HostKeyAlias the key is looked up under the alias, without the port', async (t) => {
  const f = await fixture(t, { knownHostsText: ({ hostKey }) => line('swarm-a', hostKey) });
  const session = await SshSession.connect(f.target, { ...f.options, hostKeyAlias: 'swarm-a' });
  t.teardown(() => session.close());
  t.is(session.hostKeyFingerprint, fingerprint(f.hostKey.blob));
  const error = await t.throwsAsync(SshSession.connect(f.target, f.options));
  t.true(isPreflightError(error) && error.kind === 'host-key', 'without the alias the host is unknown');
});

test('accept-new records the key under the HostKeyAlias', async (t) => {
  const f = await fixture(t, { knownHostsText: () => '' });
  const session = await SshSession.connect(f.target, { ...f.options, hostKeyAlias: 'swarm-a', hostKeyCheck: 'accept-new' });
  session.close();
  t.is(await readFile(f.knownHosts, 'utf8'), line('swarm-a', f.hostKey));
});

test('an unknown key under a HostKeyAlias is refused with a keyscan hint that writes the alias', async (t) => {
  const f = await fixture(t, { knownHostsText: () => '' });
  const error = await t.throwsAsync(SshSession.connect(f.target, { ...f.options, hostKeyAlias: 'swarm-a' }));
  t.true(isPreflightError(error) && error.kind === 'host-key');
  t.regex(error!.message, /HostKeyAlias swarm-a/);
  t.regex(error!.message, /sed 's\/\^\[\^ \]\*\/swarm-a\/'/);
});

test('a key in the second of several known_hosts files is accepted; accept-new writes only to the first', async (t) => {
  const f = await fixture(t, { knownHostsText: () => '' });
  const second = path.join(f.dir, 'known_hosts_swarm');
  await writeFile(second, line(`[127.0.0.1]:${f.server.port}`, f.hostKey));
  const session = await SshSession.connect(f.target, { ...f.options, knownHostsFiles: [f.knownHosts, second] });
  session.close();
  const other = await fixture(t, { knownHostsText: () => '' });
  const next = await SshSession.connect(other.target, { ...other.options, knownHostsFiles: [f.knownHosts, second], hostKeyCheck: 'accept-new' });
  next.close();
  t.is(await readFile(f.knownHosts, 'utf8'), line(`[127.0.0.1]:${other.server.port}`, other.hostKey));
  t.is(await readFile(second, 'utf8'), line(`[127.0.0.1]:${f.server.port}`, f.hostKey), 'the second file is left as it was');
});

test('a key in a global known_hosts file is accepted, and the global file is never written', async (t) => {
  const f = await fixture(t, { knownHostsText: () => '' });
  const global = path.join(f.dir, 'ssh_known_hosts');
  await writeFile(global, line(`[127.0.0.1]:${f.server.port}`, f.hostKey));
  const session = await SshSession.connect(f.target, { ...f.options, globalKnownHostsFiles: [global] });
  session.close();
  t.is(await readFile(f.knownHosts, 'utf8'), '');
  const error = await t.throwsAsync(SshSession.connect(f.target, { ...f.options, globalKnownHostsFiles: [path.join(f.dir, 'missing')] }));
  t.regex(error!.message, /searched .*known_hosts, .*missing/);
});

test('with HashKnownHosts accept-new writes a hashed host name, which a strict connection then finds', async (t) => {
  const f = await fixture(t, { knownHostsText: () => '' });
  const first = await SshSession.connect(f.target, { ...f.options, hostKeyCheck: 'accept-new', hashKnownHosts: true });
  first.close();
  const text = await readFile(f.knownHosts, 'utf8');
  t.regex(text, /^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
  t.false(text.includes('127.0.0.1'));
  t.is(parseKnownHosts(text).length, 1);
  const second = await SshSession.connect(f.target, f.options);
  second.close();
  t.pass();
});

test('an unknown host matched by a @cert-authority line is refused, saying host certificates are not supported', async (t) => {
  const ca = makeKey();
  const f = await fixture(t, { knownHostsText: () => `@cert-authority 127.0.0.1,[127.0.0.1]:* ${ca.type} ${ca.blob.toString('base64')}\n` });
  const error = await t.throwsAsync(SshSession.connect(f.target, f.options));
  t.true(isPreflightError(error) && error.kind === 'host-key');
  t.regex(error!.message, /known_hosts:1 has a @cert-authority line for it, but host certificates are not supported by the SSH library \(ssh2\)/);
  t.regex(error!.message, /add the host's key to .*known_hosts \(ssh-keyscan -p \d+ 127\.0\.0\.1\)/);
  t.is(f.server.stats.authAttempts, 0);
});

test('accept-new still records a host whose name a @cert-authority line covers, as ssh does for a plain key', async (t) => {
  const ca = makeKey();
  const f = await fixture(t, { knownHostsText: () => `@cert-authority [127.0.0.1]:* ${ca.type} ${ca.blob.toString('base64')}\n` });
  const session = await SshSession.connect(f.target, { ...f.options, hostKeyCheck: 'accept-new' });
  session.close();
  t.true((await readFile(f.knownHosts, 'utf8')).endsWith(line(`[127.0.0.1]:${f.server.port}`, f.hostKey)));
});

test('ssh2 refuses to negotiate OpenSSH host certificate algorithms (why @cert-authority cannot be honoured)', (t) => {
  // If this starts to pass, ssh2 learned host certificates and @cert-authority can be implemented.
  const client = new ssh2.Client();
  t.teardown(() => client.destroy());
  const error = t.throws(() => client.connect({ host: '127.0.0.1', port: 9, algorithms: { serverHostKey: ['ssh-ed25519-cert-v01@openssh.com' as never] } }));
  t.regex(error!.message, /Unsupported algorithm: ssh-ed25519-cert-v01@openssh\.com/);
});
