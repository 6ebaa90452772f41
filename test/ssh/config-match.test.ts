import test from 'ava';
import { isPreflightError } from '../../src/errors.js';
import { parseSshConfig, resolve } from '../../src/ssh/ssh-config.js';
import { warnOnce } from '../../src/ssh/warnings.js';

const local = { homeDir: '/home/op', localUser: 'op', localHostName: 'laptop', uid: 1000 };
const userOf = (text: string, alias: string, preset = {}) => resolve(parseSshConfig(text, 'cfg'), alias, local, preset).user;

test('Match host matches the HostName obtained so far, originalhost the name as given', (t) => {
  const text = `
Host n1
  HostName 10.0.0.1
Match host 10.0.0.*
  User by-host
Match originalhost n1
  User by-original
`;
  t.is(userOf(text, 'n1'), 'by-host');
  t.is(userOf(text, '10.0.0.9'), 'by-host');
  t.is(userOf(text.replace('Match host 10.0.0.*', 'Match host n1'), 'n1'), 'by-original', 'host no longer matches the alias once HostName is set');
});

test('Match user sees the user obtained so far (preset, or an earlier User line), localuser the local account', (t) => {
  const text = `
Match user deploy
  Port 2201
Match localuser op
  IdentityFile ~/.ssh/op_key
Match !localuser op
  IdentityFile ~/.ssh/never
`;
  const config = parseSshConfig(text, 'cfg');
  t.is(resolve(config, 'n1', local, { user: 'deploy' }).port, 2201);
  t.is(resolve(config, 'n1', local).port, undefined, 'the local user op is not deploy');
  t.deepEqual(resolve(config, 'n1', local).identityFiles, ['/home/op/.ssh/op_key']);
  t.is(resolve(parseSshConfig('User deploy\nMatch user deploy\n  Port 2202\n'), 'n1', local).port, 2202);
});

test('Match all matches everything; several criteria must all match; ! negates one criterion', (t) => {
  const text = `
Match host 10.* user root
  User matched-both
Match all
  User everyone
`;
  t.is(userOf(text, '10.0.0.1', { user: 'root' }), 'matched-both');
  t.is(userOf(text, '10.0.0.1'), 'everyone', 'the local user op is not root');
  t.is(userOf(text, '192.168.0.1', { user: 'root' }), 'everyone');
  const port = (alias: string, preset = {}) => resolve(parseSshConfig('Match host 10.* !user root\n  Port 2000\nMatch all\n  Port 3000\n'), alias, local, preset).port;
  t.is(port('10.0.0.1'), 2000);
  t.is(port('10.0.0.1', { user: 'root' }), 3000);
  t.is(port('192.168.0.1'), 3000);
  t.is(userOf('Match host a,b,!c*\n  User listed\n', 'b'), 'listed');
  t.is(userOf('Match host a,b,!c*\n  User listed\n', 'cb'), undefined);
});

test('Match exec is never run: the block does not apply, and that is warned once', (t) => {
  const config = parseSshConfig('Match exec "touch /tmp/should-not-exist-%h"\n  User from-exec\nMatch !exec "false"\n  Port 2000\nHost *\n  User after\n', 'cfg');
  const seen: string[] = [];
  const warn = warnOnce((m) => seen.push(m));
  const r = resolve(config, 'n1', local, {}, warn);
  resolve(config, 'n2', local, {}, warn);
  t.is(r.user, 'after');
  t.is(r.port, undefined, 'a negated exec does not apply either');
  t.deepEqual(seen, [
    'cfg:1: Match exec is not evaluated (commands from ssh_config are never run); the block is treated as not matching',
    'cfg:3: Match !exec is not evaluated (commands from ssh_config are never run); the block is treated as not matching',
  ]);
});

test('Match canonical and final are warned and do not apply', (t) => {
  const seen: string[] = [];
  const r = resolve(parseSshConfig('Match canonical host *\n  User c\nMatch final\n  User f\n', 'cfg'), 'n1', local, {}, warnOnce((m) => seen.push(m)));
  t.is(r.user, undefined);
  t.is(seen.length, 2);
  t.regex(seen[0]!, /cfg:1: Match canonical is not evaluated/);
  t.regex(seen[1]!, /cfg:3: Match final is not evaluated/);
});

test('a Match line without criteria, with an unknown one, or missing an argument is a usage error', (t) => {
  for (const [text, message] of [
    ['Match\n', /cfg:1: Match needs a criterion/],
    ['Match colour blue\n', /cfg:1: unsupported Match criterion "colour"/],
    ['Match host\n', /cfg:1: Match host needs an argument/],
    ['Match all host x\n', /cfg:1: Match all cannot be combined/],
  ] as const) {
    const error = t.throws(() => parseSshConfig(text, 'cfg'));
    t.true(isPreflightError(error) && error.kind === 'usage');
    t.regex(error!.message, message);
  }
});
