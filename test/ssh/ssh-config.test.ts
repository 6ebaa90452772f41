import test from 'ava';
import { isPreflightError } from '../../src/errors.js';
import { loadSshConfig, parseProxyJump, parseSshConfig, resolve } from '../../src/ssh/ssh-config.js';

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
  t.deepEqual(r, { hostName: '198.18.0.11', identityFiles: [], knownHostsFiles: [], proxyJump: [] });
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

test('Match blocks are skipped: their options never apply', (t) => {
  const config = parseSshConfig('Match host node1\n  User from-match\nHost node1\n  User from-host\n');
  t.is(resolve(config, 'node1', local).user, 'from-host');
});

test('Include is not followed and says so in the warnings', (t) => {
  const config = parseSshConfig('Include ~/.ssh/conf.d/*\nHost a\n  User b\n', '/tmp/cfg');
  t.is(config.warnings.length, 1);
  t.regex(config.warnings[0]!, /\/tmp\/cfg:1: Include .* is not followed/);
  t.is(resolve(config, 'a', local).user, 'b');
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
