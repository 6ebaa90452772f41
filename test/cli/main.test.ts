import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });

test('usage errors are printed once, with a hint, and exit 2 before anything connects', (t) => {
  for (const [args, message] of [
    [['check'], /no hosts: give -i\/--inventory FILE or --hosts/],
    [['--hosts', 'a;b'], /host "a;b" has characters outside/],
    [['--mode', 'fast', '--hosts', 'a'], /Invalid values/],
    [['--bogus'], /Unknown argument: bogus/],
    [['--hosts', 'a', '--canary'], /--canary needs --canary-image/],
  ] as [string[], RegExp][]) {
    const r = run(...args);
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr, message);
    t.is(r.stderr.match(/^swarm-preflight: /gm)?.length, 1, `one error line for ${args.join(' ')}`);
    t.regex(r.stderr, /hint: /);
    t.is(r.stdout, '');
  }
});

test('report refuses a file that is not a saved result, naming what to do', (t) => {
  const r = run('report', fileURLToPath(new URL('../../../package.json', import.meta.url)));
  t.is(r.status, 2);
  t.regex(r.stderr, /not a swarm-preflight result \(schemaVersion 1\); write one with --format json/);
});

test('--help shows the commands with examples, -h is the same, and --version prints the package version', (t) => {
  const help = run('--help');
  t.is(help.status, 0);
  t.regex(help.stdout, /Examples:/);
  t.regex(help.stdout, /--list-hosts/);
  t.regex(help.stdout, /-K, --ask-become-pass/);
  t.is(run('-h').stdout, help.stdout);
  const version = run('--version');
  t.is(version.status, 0);
  t.regex(version.stdout.trim(), /^\d+\.\d+\.\d+/);
});

test('completion prints a shell script, and the script\'s query lists the check flags', (t) => {
  const script = run('completion');
  t.is(script.status, 0);
  t.regex(script.stdout, /swarm-preflight --get-yargs-completions/);
  const flags = run('--get-yargs-completions', 'swarm-preflight', 'check', '--');
  t.is(flags.status, 0);
  for (const flag of ['--list-hosts', '--ask-become-pass', '--inventory', '--sudo']) t.true(flags.stdout.split('\n').includes(flag), flag);
});
