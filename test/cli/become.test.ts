// The become password: read with echo off at "BECOME password: " (-K), or from
// SWARM_PREFLIGHT_BECOME_PASS; a usage error without a terminal; never shown, never passed on.
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import test from 'ava';
import { checkLaunches, readBecomePassword } from '../../src/cli/become.js';
import { Secret } from '../../src/secret.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

/** A terminal stand-in: a stream that says it is a TTY and records raw-mode switches. */
function fakeTty() {
  const input = Object.assign(new PassThrough(), { isTTY: true, raw: [] as boolean[], setRawMode(mode: boolean) { input.raw.push(mode); return input; } });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => { shown += d.toString(); });
  return { input, output, shown: () => shown };
}

test('-K asks "BECOME password: " with echo off and reads up to Enter, with backspace', async (t) => {
  const tty = fakeTty();
  const secret = readBecomePassword(true, {}, tty.input, tty.output);
  tty.input.write('hunter2x\u007f');
  tty.input.write('!\r');
  const value = await secret;
  t.is(value?.reveal(), 'hunter2!');
  t.deepEqual(tty.input.raw, [true, false], 'raw mode (no echo) while typing, restored after');
  t.is(tty.shown(), 'BECOME password: \n', 'the prompt and a newline, never what was typed');
});

test('Ctrl-C at the prompt stops before anything connects', async (t) => {
  const tty = fakeTty();
  const secret = readBecomePassword(true, {}, tty.input, tty.output);
  tty.input.write('abc\u0003');
  const error = await t.throwsAsync(secret);
  t.like(error, { kind: 'interrupted' });
  t.deepEqual(tty.input.raw, [true, false]);
});

test('-K without a terminal is a usage error that points at the environment variable', async (t) => {
  const input = new PassThrough();
  const error = await t.throwsAsync(readBecomePassword(true, {}, input, new PassThrough()));
  t.like(error, { kind: 'usage' });
  t.regex(error?.message ?? '', /-K\/--ask-become-pass needs a terminal/);
  t.regex((error as { hint?: string } | undefined)?.hint ?? '', /SWARM_PREFLIGHT_BECOME_PASS/);
});

test('the environment variable gives the password and is taken out of the environment', async (t) => {
  const env: NodeJS.ProcessEnv = { SWARM_PREFLIGHT_BECOME_PASS: 's3cret', OTHER: 'x' };
  const value = await readBecomePassword(false, env, new PassThrough(), new PassThrough());
  t.is(value?.reveal(), 's3cret');
  t.deepEqual(env, { OTHER: 'x' }, 'no command started later inherits it');
  t.is(await readBecomePassword(false, {}, new PassThrough(), new PassThrough()), undefined);
});

test('a password sudo could not read as one line is refused without showing it', async (t) => {
  const error = await t.throwsAsync(readBecomePassword(false, { SWARM_PREFLIGHT_BECOME_PASS: 'line1\nline2' }, new PassThrough(), new PassThrough()));
  t.like(error, { kind: 'usage' });
  t.false(error?.message.includes('line1'));
});

test('a secret shows a placeholder in JSON, inspect and strings', (t) => {
  const secret = new Secret('do-not-print');
  const shown = [JSON.stringify({ secret }), inspect({ secret }), `${secret}`, String(secret)].join(' ');
  t.false(shown.includes('do-not-print'), shown);
  t.is(secret.reveal(), 'do-not-print');
});

test('a become password with no host using sudo is a usage error; with --sudo or become it is accepted', (t) => {
  const hosts = [{ id: 'a', address: '10.0.0.1', role: 'worker' as const }];
  t.throws(() => checkLaunches(hosts, 'none', true), { message: /no host runs the agent with sudo/ });
  t.notThrows(() => checkLaunches(hosts, 'sudo-n', true));
  t.notThrows(() => checkLaunches([{ ...hosts[0]!, become: {} }], 'none', true));
  t.notThrows(() => checkLaunches(hosts, 'none', false));
});

test('the CLI with -K and no terminal exits 2 before connecting, and never asks', (t) => {
  const run = spawnSync(process.execPath, [CLI, '--hosts', 'root@127.0.0.1:1', '--sudo', '-K'], { encoding: 'utf8', input: 'typed\n', env: { ...process.env, CI: '1' } });
  t.is(run.status, 2, run.stderr);
  t.regex(run.stderr, /needs a terminal/);
  t.false(run.stderr.includes('BECOME password'));
});
