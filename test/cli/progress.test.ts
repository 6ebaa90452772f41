// The progress line is for people at a terminal: it must never reach a pipe, CI logs or --quiet
// runs, where stdout is a report to parse (`--format json > out.json`) and stderr a log.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { progressEnabled, progressLine, startProgress } from '../../src/cli/progress.js';
import type { RunResult } from '../../src/model.js';
import type { ProgressEvent } from '../../src/run/runner.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const SCRIPT = '/usr/bin/script';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as unknown as NodeJS.WriteStream;

test('progress is on only for a terminal outside CI without --quiet', (t) => {
  t.true(progressEnabled(false, tty, {}));
  t.true(progressEnabled(undefined, tty, {}));
  t.false(progressEnabled(false, pipe, {}));
  t.false(progressEnabled(false, { isTTY: undefined } as unknown as NodeJS.WriteStream, {}));
  t.false(progressEnabled(false, tty, { CI: '1' }));
  t.false(progressEnabled(false, tty, { CI: 'true' }));
  t.false(progressEnabled(true, tty, {}));
});

test('the progress line says the phase, hosts connected of all, the unreachable ones and the seconds', (t) => {
  t.is(progressLine({ connected: 2, failed: 0, total: 3, phase: 'probing', elapsedMs: 1234 }), 'swarm-preflight: probing · hosts connected 2/3 · 1.2 s');
  t.is(progressLine({ connected: 1, failed: 2, total: 3, phase: 'connecting', elapsedMs: 50 }), 'swarm-preflight: connecting · hosts connected 1/3, 2 unreachable · 0.1 s');
});

test('the progress sink redraws one line in place and clears it when done', (t) => {
  const written: string[] = [];
  const stream = { write: (s: string) => { written.push(s); return true; } } as unknown as NodeJS.WriteStream;
  const sink = startProgress(2, stream);
  const events: ProgressEvent[] = [{ type: 'connected', host: 'n1', ok: true }, { type: 'connected', host: 'n2', ok: false }, { type: 'phase', phase: 'probe' }];
  for (const e of events) sink.onProgress(e);
  sink.done();
  t.regex(written[0], /^\r\u001b\[2Kswarm-preflight: connecting · hosts connected 1\/2 · \d+\.\d s$/);
  t.regex(written[1], /^\r\u001b\[2Kswarm-preflight: connecting · hosts connected 1\/2, 1 unreachable · /);
  t.regex(written[2], /^\r\u001b\[2Kswarm-preflight: probing · /);
  t.is(written.at(-1), '\r\u001b[2K');
  t.false(written.some((w) => w.includes('\n')));
});

interface Run { code: number | null; stdout: string; stderr: string }

/** A scratch HOME and an empty known_hosts, so nothing of the machine's ~/.ssh is read. */
function scratch(t: { teardown: (fn: () => void) => void }): { home: string; knownHosts: string } {
  const home = mkdtempSync(path.join(tmpdir(), 'spf-progress-'));
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  const knownHosts = path.join(home, 'known_hosts');
  writeFileSync(knownHosts, '');
  return { home, knownHosts };
}

// Port 1 on loopback: nothing listens, the connection is refused at once, the host is an error.
const checkArgs = (knownHosts: string, extra: string[] = []) => ['check', '--hosts', 'root@127.0.0.1:1', '--known-hosts', knownHosts, '--connect-timeout', '1', '--timeout', '1', '--format', 'json', ...extra];

function cleanEnv(home: string, ci: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, SSH_AUTH_SOCK: '' };
  delete env.CI;
  if (ci !== undefined) env.CI = ci;
  return env;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const CASES: [string, string | undefined, string[]][] = [
  ['with CI unset', undefined, []],
  ['with CI=1', '1', []],
  ['with --quiet and CI unset', undefined, ['--quiet']],
];

for (const [name, ci, extra] of CASES) {
  test(`piped ${name}, stdout is the JSON result alone, stderr has no progress line, and an unreachable host exits 3`, async (t) => {
    const { home, knownHosts } = scratch(t);
    const r = await run(process.execPath, [CLI, ...checkArgs(knownHosts, extra)], cleanEnv(home, ci));
    const result = JSON.parse(r.stdout) as RunResult;
    t.is(result.schemaVersion, 1);
    t.deepEqual(result.hosts.map((h) => [h.id, h.reachable]), [['127.0.0.1', false]]);
    t.regex(result.hosts[0].error ?? '', /refused/);
    t.false(r.stderr.includes('hosts connected'));
    t.false(r.stderr.includes('\r'));
    t.false(r.stderr.includes('\u001b['));
    t.is(r.code, 3);
  });
}

// The control for the tests above: on a terminal the same run does draw the line they look for.
(existsSync(SCRIPT) ? test : test.skip)('on a terminal (a pty from script) the same run draws the progress line with \\r', async (t) => {
  const { home, knownHosts } = scratch(t);
  const command = [process.execPath, CLI, ...checkArgs(knownHosts)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = await run(SCRIPT, ['-qec', command, '/dev/null'], cleanEnv(home, undefined));
  t.regex(r.stdout, /\r\u001b\[2Kswarm-preflight: [a-z ]+ · hosts connected 0\/1, 1 unreachable · /);
  t.is(r.code, 3);
});
