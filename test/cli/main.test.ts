import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test('inventory mistakes are exit 2 with one error line before anything connects', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spf-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'id_ed25519'), '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
  // Loopback addresses only: nothing may leave the machine even if a check failed to stop the run.
  writeFileSync(join(dir, 'inv.yml'), 'all:\n  children:\n    managers:\n      hosts:\n        m1: {ansible_host: 127.0.0.1, ansible_port: 1}\n');
  for (const [args, message] of [
    [['-i', join(dir, 'id_ed25519')], /id_ed25519 is a private key; pass it with --identity \(-i is the inventory\)/],
    [['-i', join(dir, 'inv.yml'), '--limit', 'workers'], /--limit: "workers" matches no host or group/],
    [['-i', join(dir, 'inv.yml'), '--workers-group', 'nodes'], /--workers-group "nodes": the inventory has no such group/],
    [['-i', join(dir, 'inv.yml'), '-i', join(dir, 'missing.yml')], /cannot read inventory .*missing.yml/],
  ] as [string[], RegExp][]) {
    const r = run(...args);
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr, message);
    t.is(r.stderr.match(/^swarm-preflight: /gm)?.length, 1, `one error line for ${args.join(' ')}`);
  }
});
