import test from 'ava';
import { isPreflightError } from '../../src/errors.js';
import { expandProxyCommand, loadSshConfig, parseProxyJump, parseSshConfig, resolve } from '../../src/ssh/ssh-config.js';
import { warnOnce } from '../../src/ssh/warnings.js';

const local = { homeDir: '/home/op', localUser: 'op', localHostName: 'laptop', uid: 1000 };

test('the first value obtained for a keyword wins, from the first matching Host block', (t) => {
  const config = parseSshConfig(`
Host node1
  User admin
  Port 2201
Host node*
  User other
  Port 2299
  HostName 10.0.0.9
`);
  const r = resolve(config, 'node1', local);
  t.is(r.user, 'admin');
  t.is(r.port, 2201);
  t.is(r.hostName, '10.0.0.9');
});

test('an alias that matches no Host block resolves to itself with nothing set', (t) => {
  const r = resolve(parseSshConfig('Host other\n  User x\n'), '198.18.0.11', local);
  t.deepEqual(r, { hostName: '198.18.0.11', identityFiles: [], knownHostsFiles: [], proxyJump: [], sources: {} });
});

test('Host takes several patterns, wildcards and negations', (t) => {
  const config = parseSshConfig(`
Host bastion !db* web?? *.swarm.lan
  User ops
Host *
  User fallback
`);
  t.is(resolve(config, 'bastion', local).user, 'ops');
  t.is(resolve(config, 'web01', local).user, 'ops');
  t.is(resolve(config, 'web001', local).user, 'fallback');
  t.is(resolve(config, 'm1.swarm.lan', local).user, 'ops');
  t.is(resolve(config, 'db.swarm.lan', local).user, 'fallback');
});

test('keywords are case-insensitive and Key=value, Key = value and quoted values are read', (t) => {
  const config = parseSshConfig(`
HOST=node1
  hostname=10.0.0.1
  PORT = 2222
  identityfile "~/keys/my key"
  USER 'deploy'
`);
  const r = resolve(config, 'node1', local);
  t.is(r.hostName, '10.0.0.1');
  t.is(r.port, 2222);
  t.is(r.user, 'deploy');
  t.deepEqual(r.identityFiles, ['/home/op/keys/my key']);
});

test('lines before the first Host apply to every host and still win over later blocks', (t) => {
  const config = parseSshConfig('User global\nHost node1\n  User specific\n  Port 2200\n');
  const r = resolve(config, 'node1', local);
  t.is(r.user, 'global');
  t.is(r.port, 2200);
});


test('HostName expands %h to the alias', (t) => {
  const r = resolve(parseSshConfig('Host *\n  HostName %h.swarm.lan\n'), 'node1', local);
  t.is(r.hostName, 'node1.swarm.lan');
});

test('IdentityFile accumulates across blocks, with ~ and the %d %u %h %r tokens expanded', (t) => {
  const config = parseSshConfig(`
Host node1
  HostName 10.0.0.1
  User root
  IdentityFile ~/.ssh/id_%h_%r
  IdentityFile %d/keys/%u
Host *
  IdentityFile /etc/keys/%%literal
`);
  const r = resolve(config, 'node1', local);
  t.deepEqual(r.identityFiles, ['/home/op/.ssh/id_10.0.0.1_root', '/home/op/keys/op', '/etc/keys/%literal']);
});

test('%r is the local user when no User is configured, as in OpenSSH', (t) => {
  const r = resolve(parseSshConfig('IdentityFile ~/.ssh/%r\n'), 'x', local);
  t.deepEqual(r.identityFiles, ['/home/op/.ssh/op']);
});

test('an unknown token is a usage error naming file and line', (t) => {
  const error = t.throws(() => resolve(parseSshConfig('Host *\n  IdentityFile ~/%Z\n', 'cfg'), 'x', local));
  t.true(isPreflightError(error) && error.kind === 'usage');
  t.regex(error!.message, /cfg:2: unknown token %Z/);
});

test('UserKnownHostsFile lists several files; the first line that sets it wins; none means /dev/null', (t) => {
  const config = parseSshConfig(`
Host a
  UserKnownHostsFile ~/.ssh/known_hosts /etc/ssh/swarm_known_hosts
Host b
  UserKnownHostsFile none
Host *
  UserKnownHostsFile /ignored
`);
  t.deepEqual(resolve(config, 'a', local).knownHostsFiles, ['/home/op/.ssh/known_hosts', '/etc/ssh/swarm_known_hosts']);
  t.deepEqual(resolve(config, 'b', local).knownHostsFiles, ['/dev/null']);
  t.deepEqual(resolve(config, 'c', local).knownHostsFiles, ['/ignored']);
});

test('ProxyJump is parsed into [user@]host[:port] hops and none means no jump', (t) => {
  const config = parseSshConfig(`
Host direct
  ProxyJump none
Host *
  ProxyJump ops@bastion:2222,10.0.0.1,[fd00::1]:22
`);
  t.deepEqual(resolve(config, 'direct', local).proxyJump, []);
  t.deepEqual(resolve(config, 'node1', local).proxyJump, [
    { user: 'ops', host: 'bastion', port: 2222 },
    { host: '10.0.0.1' },
    { host: 'fd00::1', port: 22 },
  ]);
  t.deepEqual(parseProxyJump('ssh://u@h:2200'), [{ user: 'u', host: 'h', port: 2200 }]);
});

test('ConnectTimeout is read in seconds and StrictHostKeyChecking maps yes/accept-new/no', (t) => {
  const config = parseSshConfig(`
Host a
  StrictHostKeyChecking yes
Host b
  StrictHostKeyChecking accept-new
Host c
  StrictHostKeyChecking no
Host *
  ConnectTimeout 7
`);
  t.is(resolve(config, 'a', local).strictHostKeyChecking, 'strict');
  t.is(resolve(config, 'b', local).strictHostKeyChecking, 'accept-new');
  t.is(resolve(config, 'c', local).strictHostKeyChecking, 'off');
  t.is(resolve(config, 'a', local).connectTimeout, 7);
});

test('a bad Port or StrictHostKeyChecking value is a usage error naming the line', (t) => {
  const badPort = t.throws(() => resolve(parseSshConfig('Port http\n', 'cfg'), 'x', local));
  t.regex(badPort!.message, /cfg:1: bad port "http"/);
  const badStrict = t.throws(() => resolve(parseSshConfig('\nStrictHostKeyChecking maybe\n', 'cfg'), 'x', local));
  t.regex(badStrict!.message, /cfg:2: StrictHostKeyChecking/);
});

test('an unterminated quote is a usage error', (t) => {
  const error = t.throws(() => parseSshConfig('Host a\n  IdentityFile "~/x\n', 'cfg'));
  t.true(isPreflightError(error) && error.kind === 'usage');
  t.regex(error!.message, /cfg:2: unterminated quote/);
});

test('the bastion example resolves every swarm node through its ProxyJump', async (t) => {
  const config = await loadSshConfig(new URL('../../../examples/ssh_config', import.meta.url).pathname);
  const node = resolve(config, '192.0.2.11', { homeDir: '/home/op', localUser: 'op' });
  t.is(node.user, 'deploy');
  t.deepEqual(node.proxyJump, [{ host: 'bastion' }]);
  t.deepEqual(node.knownHostsFiles, ['/home/op/.ssh/known_hosts_swarm']);
  t.is(resolve(config, 'bastion', { homeDir: '/home/op', localUser: 'op' }).hostName, 'bastion.example.org');
});

test('each value says the file and line it came from', (t) => {
  const config = parseSshConfig('Host n1\n  HostName 10.0.0.1\n  Port 2200\nHost *\n  User ops\n  IdentityFile ~/a\n  IdentityFile ~/b\n', 'cfg');
  const r = resolve(config, 'n1', local);
  t.deepEqual(r.sources, { hostName: 'cfg:2', port: 'cfg:3', user: 'cfg:5', identityFiles: 'cfg:6, cfg:7' });
});

test('values set before ssh_config (inventory, flags) win, and %r, %p and Match user see them', (t) => {
  const config = parseSshConfig(`
Match user deploy
  IdentityFile ~/.ssh/deploy_%r_%p
Host *
  User other
  Port 2222
  IdentityFile ~/.ssh/any_%r
`);
  const r = resolve(config, 'n1', local, { user: 'deploy', port: 2200 });
  t.deepEqual(r.identityFiles, ['/home/op/.ssh/deploy_deploy_2200', '/home/op/.ssh/any_deploy']);
  // The config's own values are still reported (the caller picks by precedence).
  t.is(r.user, 'other');
  t.is(r.port, 2222);
  t.deepEqual(resolve(config, 'n1', local).identityFiles, ['/home/op/.ssh/any_other']);
});

test('IdentityFile expands %d %u %l %h %r %p and %%', (t) => {
  const config = parseSshConfig('Host n1\n  HostName 10.0.0.7\n  User root\n  Port 2022\n  IdentityFile %d/k/%u-%l-%h-%r-%p-100%%\n');
  t.deepEqual(resolve(config, 'n1', local).identityFiles, ['/home/op/k/op-laptop-10.0.0.7-root-2022-100%']);
});

test('IdentitiesOnly, IdentityAgent, HostKeyAlias, GlobalKnownHostsFile and HashKnownHosts are read', (t) => {
  const config = parseSshConfig(`
Host a
  IdentitiesOnly yes
  IdentityAgent ~/.ssh/agent.%r.sock
  HostKeyAlias swarm-a
  GlobalKnownHostsFile /etc/ssh/swarm_known_hosts /etc/ssh/more
  HashKnownHosts yes
Host b
  IdentityAgent none
  GlobalKnownHostsFile none
Host c
  IdentityAgent SSH_AUTH_SOCK
Host d
  IdentityAgent $MY_AGENT
`);
  const env = { SSH_AUTH_SOCK: '/run/agent.sock', MY_AGENT: '/run/mine.sock' };
  const a = resolve(config, 'a', { ...local, env });
  t.true(a.identitiesOnly);
  t.is(a.identityAgent, '/home/op/.ssh/agent.op.sock');
  t.is(a.hostKeyAlias, 'swarm-a');
  t.deepEqual(a.globalKnownHostsFiles, ['/etc/ssh/swarm_known_hosts', '/etc/ssh/more']);
  t.true(a.hashKnownHosts);
  const b = resolve(config, 'b', { ...local, env });
  t.is(b.identityAgent, 'none');
  t.deepEqual(b.globalKnownHostsFiles, []);
  t.is(b.identitiesOnly, undefined);
  t.is(resolve(config, 'c', { ...local, env }).identityAgent, '/run/agent.sock');
  t.is(resolve(config, 'd', { ...local, env }).identityAgent, '/run/mine.sock');
  t.is(resolve(config, 'c', { ...local, env: {} }).identityAgent, 'none', 'SSH_AUTH_SOCK unset: no agent');
});

test('ProxyCommand is kept whole as written; the first of ProxyCommand and ProxyJump obtained wins', (t) => {
  const config = parseSshConfig(`
Host cmd-first
  ProxyCommand ssh -W "%h:%p" -q bastion # not a comment for ssh
Host jump-first
  ProxyJump ops@bastion
Host *
  ProxyCommand nc %h %p
  ProxyJump other
Host off
  ProxyCommand none
`, 'cfg');
  const a = resolve(config, 'cmd-first', local);
  t.is(a.proxyCommand, 'ssh -W "%h:%p" -q bastion # not a comment for ssh');
  t.deepEqual(a.proxyJump, []);
  t.is(a.sources.proxyCommand, 'cfg:3');
  const b = resolve(config, 'jump-first', local);
  t.is(b.proxyCommand, undefined);
  t.deepEqual(b.proxyJump, [{ user: 'ops', host: 'bastion' }]);
  t.is(resolve(config, 'x', local).proxyCommand, 'nc %h %p');
  t.deepEqual(resolve(config, 'x', local).proxyJump, []);
  t.is(resolve(parseSshConfig('ProxyCommand none\nProxyCommand nc %h %p\n'), 'x', local).proxyCommand, undefined, 'none disables');
});

test('expandProxyCommand fills %h %p %r %n and %%, and refuses other tokens', (t) => {
  t.is(expandProxyCommand('nc %h %p # %r via %n 100%%', { host: '10.0.0.1', port: 2222, user: 'ops', alias: 'n1' }), 'nc 10.0.0.1 2222 # ops via n1 100%');
  const error = t.throws(() => expandProxyCommand('x %C', { host: 'h', port: 22, user: 'u', alias: 'a' }, 'cfg:4'));
  t.regex(error!.message, /cfg:4: unknown token %C/);
});

test('keywords that matter for connecting but are not honoured are warned about, once, naming the line', (t) => {
  const config = parseSshConfig(`
Host n*
  PKCS11Provider /usr/lib/opensc-pkcs11.so
  KexAlgorithms curve25519-sha256
  CertificateFile ~/.ssh/id_ed25519-cert.pub
  ControlPath ~/.ssh/cm-%r@%h:%p
  CanonicalizeHostname no
  SendEnv LANG
Host other
  HostKeyAlgorithms ssh-ed25519
`, 'cfg');
  const seen: string[] = [];
  const warn = warnOnce((m) => seen.push(m));
  resolve(config, 'n1', local, {}, warn);
  resolve(config, 'n2', local, {}, warn);
  t.is(seen.length, 3);
  t.regex(seen.find((m) => m.includes('PKCS11Provider'))!, /^cfg:3: PKCS11Provider .* is not honoured \(PKCS#11 keys are not supported/);
  t.regex(seen.find((m) => m.includes('KexAlgorithms'))!, /^cfg:4: /);
  t.regex(seen.find((m) => m.includes('CertificateFile'))!, /^cfg:5: CertificateFile .*user certificates are not supported by the SSH library \(ssh2\)/);
  t.false(seen.some((m) => m.includes('HostKeyAlgorithms')), 'a block that does not apply to any resolved host says nothing');
});
