// A whole run with a become password from SWARM_PREFLIGHT_BECOME_PASS: the CLI logs in to the
// in-process SSH server (a real /bin/sh), the fake sudo (test/run/helpers/fake-sudo.ts) asks for the
// password, and the agent starts. The password is on no command line and in no output.
import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { runCli } from './helpers/run-cli.js';
import { fixture } from '../ssh/helpers/fixture.js';
import { tempDir } from '../ssh/helpers/ssh-server.js';
import { fakeSudo } from '../run/helpers/fake-sudo.js';

const PASSWORD = 'Pw-for-sudo-4821';

for (const [title, typed, status] of [
  ['the right password starts the agent, and the password shows up nowhere', PASSWORD, 'ok'],
  ['a wrong password is that host\'s auth error after one attempt, and shows up nowhere', 'Wrong-pw-1177', 'wrong'],
] as const) {
  test(title, async (t) => {
    const { dir: bin, cleanup } = await tempDir();
    t.teardown(cleanup);
    symlinkSync('/usr/bin/python3', path.join(bin, 'python3'));
    const sudo = await fakeSudo(bin, PASSWORD);
    const f = await fixture(t, { shellPath: bin });
    const json = path.join(f.dir, 'result.json');
    const run = await runCli(['--hosts', `root@127.0.0.1:${f.server.port}`, '--identity', f.keyFile, '--known-hosts', f.knownHosts, '--sudo',
      '--mode', 'pre', '--timeout', '1', '--format', 'json', '-o', json], { ...process.env, CI: '1', SWARM_PREFLIGHT_BECOME_PASS: typed });
    const result = JSON.parse(readFileSync(json, 'utf8')) as { hosts: Array<{ reachable: boolean; error: string | null; errorKind?: string }> };
    t.deepEqual(await sudo.attempts().then((a) => a.filter((x) => x !== 'eof')), [status]);
    if (status === 'ok') {
      t.is(result.hosts[0]?.error, null, run.stderr);
    } else {
      t.is(result.hosts[0]?.errorKind, 'auth');
      t.regex(result.hosts[0]?.error ?? '', /sudo refused the become password/);
    }
    const everything = [run.stdout, run.stderr, readFileSync(json, 'utf8'), ...f.server.stats.execs].join('\n');
    t.false(everything.includes(typed), 'the password is in no output, report or command line');
  });
}
