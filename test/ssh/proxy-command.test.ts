// ProxyCommand: a real login through `nc`, a command that fails (its stderr quoted), one that hangs
// (killed at the connect timeout), and no process left behind in any case.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { isPreflightError } from '../../src/errors.js';
import { SshSession } from '../../src/ssh/session.js';
import { fixture } from './helpers/fixture.js';
import { eventually } from './helpers/ssh-server.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Wrap a command so it writes its pid (the same pid once exec'd) to `file` first. */
const recordingPid = (file: string, command: string) => `sh -c 'echo $$ > ${file}; exec ${command}'`;

/** Processes whose command line contains `marker` (Linux /proc). */
function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

// Generous where the command is expected to finish first: a loaded machine can take seconds to start a shell.
const SLOW_OK_MS = 15000;

test('a ProxyCommand (nc) carries a real login, and its process ends with the session', async (t) => {
  const f = await fixture(t);
  const pidFile = path.join(f.dir, 'pid');
  const session = await SshSession.connect(f.target, { ...f.options, connectTimeoutMs: SLOW_OK_MS, proxyCommand: recordingPid(pidFile, `nc 127.0.0.1 ${f.server.port}`) });
  const result = await session.exec('report');
  t.is(result.code, 3);
  t.is(result.stdout, 'hello out\n');
  const pid = Number(await readFile(pidFile, 'utf8'));
  t.true(alive(pid));
  session.close();
  t.true(await eventually(() => !alive(pid), 5000), 'the proxy command is gone after close');
  t.true(await eventually(() => f.server.stats.openConnections === 0));
});

test('a ProxyCommand that exits early is an unreachable error quoting what it printed', async (t) => {
  const f = await fixture(t);
  const error = await t.throwsAsync(SshSession.connect(f.target, { ...f.options, connectTimeoutMs: SLOW_OK_MS, proxyCommand: `sh -c 'echo "bastion.example.org: Permission denied (publickey)" >&2; exit 1'` }));
  t.true(isPreflightError(error));
  t.is((error as { kind?: string }).kind, 'unreachable');
  t.regex(error!.message, /ProxyCommand for 127\.0\.0\.1:\d+ exited with status 1 before ssh was ready: bastion\.example\.org: Permission denied \(publickey\)/);
  t.notRegex(error!.message + ((error as { hint?: string }).hint ?? ''), /firewall/);
  t.is(f.server.stats.connections, 0);
});

test('a ProxyCommand that cannot be found says so', async (t) => {
  const f = await fixture(t);
  const error = await t.throwsAsync(SshSession.connect(f.target, { ...f.options, connectTimeoutMs: SLOW_OK_MS, proxyCommand: 'no-such-proxy-command-xyz %h' }));
  t.is((error as { kind?: string }).kind, 'unreachable');
  t.regex(error!.message, /exited with status 127 before ssh was ready: .*no-such-proxy-command-xyz.*not found/);
});

test('a ProxyCommand that hangs is killed at the connect timeout and leaves no process', async (t) => {
  const f = await fixture(t);
  const marker = `30.${process.pid}${Date.now() % 100000}`;
  const started = Date.now();
  const error = await t.throwsAsync(SshSession.connect(f.target, { ...f.options, connectTimeoutMs: 800, proxyCommand: `sleep ${marker}` }));
  t.true(Date.now() - started < 10000);
  t.is((error as { kind?: string }).kind, 'timeout');
  t.regex(error!.message, /no ssh handshake from 127\.0\.0\.1:\d+ through ProxyCommand within 800 ms; the command was stopped/);
  t.true(await eventually(() => processesWith(`sleep ${marker}`).length === 0, 5000), 'the hung command was killed');
});

test.serial('ProxyCommand runs as `$SHELL -c "exec COMMAND"`, as OpenSSH runs it', async (t) => {
  const f = await fixture(t);
  const log = path.join(f.dir, 'shell.log');
  const shell = path.join(f.dir, 'logging-shell');
  await writeFile(shell, `#!/bin/sh\nprintf '%s\\n' "$@" > ${log}\nexec /bin/sh "$@"\n`, { mode: 0o755 });
  const before = process.env.SHELL;
  process.env.SHELL = shell;
  t.teardown(() => {
    if (before === undefined) delete process.env.SHELL;
    else process.env.SHELL = before;
  });
  const session = await SshSession.connect(f.target, { ...f.options, connectTimeoutMs: SLOW_OK_MS, proxyCommand: `nc 127.0.0.1 ${f.server.port}` });
  session.close();
  t.is(await readFile(log, 'utf8'), `-c\nexec nc 127.0.0.1 ${f.server.port}\n`);
});
