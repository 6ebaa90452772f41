import test from 'ava';
import { type CheckArgs, toRunOptions } from '../../src/cli/args.js';
import { PreflightError } from '../../src/errors.js';

const base: CheckArgs = { mode: 'auto', timeout: 3, deadline: 120, concurrency: 64 };

test('defaults give strict host keys, auto mode and seconds turned into milliseconds', (t) => {
  const o = toRunOptions(base, {});
  t.is(o.mode, 'auto');
  t.is(o.timeoutMs, 3000);
  t.is(o.deadlineMs, 120000);
  t.is(o.ssh.hostKeyCheck, 'strict');
  t.false(o.ssh.hostKeyCheckExplicit);
  t.is(o.sudo, 'none');
  t.regex(o.ssh.knownHostsFiles[0], /\.ssh\/known_hosts$/);
});

test('the ssh-agent socket is taken from the environment', (t) => {
  t.is(toRunOptions(base, { SSH_AUTH_SOCK: '/tmp/agent.sock' }).ssh.agentSocket, '/tmp/agent.sock');
});

test('bad values are usage errors that say what to fix', (t) => {
  const bad: [Partial<CheckArgs>, RegExp][] = [
    [{ mode: 'fast' }, /--mode must be auto, pre or live/],
    [{ timeout: 0 }, /--timeout must be a number of seconds/],
    [{ deadline: 2, timeout: 3 }, /--deadline must be longer than --timeout/],
    [{ concurrency: 0 }, /--concurrency must be a whole number/],
    [{ dataPathPort: 70000 }, /--data-path-port must be a port number/],
    [{ user: 'root;id' }, /not a valid login name/],
    [{ hostKeyCheck: 'maybe' }, /--host-key-check must be/],
    [{ reserved: ['10.1.0.0/33'] }, /--reserved "10\.1\.0\.0\/33" is not an IPv4 range/],
  ];
  for (const [over, message] of bad) {
    const error = t.throws(() => toRunOptions({ ...base, ...over }, {}), { instanceOf: PreflightError, message });
    t.is((error as PreflightError).kind, 'usage');
  }
});

test('--port is a default port and --jump is kept as written once it parses', (t) => {
  const o = toRunOptions({ ...base, port: 2222, jump: 'ops@bastion:2200,10.0.0.1', sshConfig: 'none' }, {});
  t.is(o.ssh.defaultPort, 2222);
  t.is(o.ssh.jump, 'ops@bastion:2200,10.0.0.1');
  t.is(o.ssh.configFile, 'none');
  t.is(toRunOptions(base, {}).ssh.defaultPort, undefined);
});

test('a bad --port or --jump is a usage error naming the flag', (t) => {
  for (const [args, message] of [
    [{ port: 0 }, /--port must be a port number from 1 to 65535 \(got 0\)/],
    [{ port: 22.5 }, /--port must be a port number/],
    [{ jump: 'bastion:http' }, /--jump: bad port "http"/],
    [{ jump: 'a,,b' }, /--jump: bad jump host ""/],
    [{ jump: '@bastion' }, /--jump: bad jump host "@bastion"/],
  ] as [Partial<CheckArgs>, RegExp][]) {
    const error = t.throws(() => toRunOptions({ ...base, ...args }, {}), { instanceOf: PreflightError });
    t.is(error.kind, 'usage');
    t.regex(error.message, message);
  }
});
