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
