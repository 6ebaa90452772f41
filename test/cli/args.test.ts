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
