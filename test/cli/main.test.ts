import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { closedPort, tempDir } from '../ssh/helpers/ssh-server.js';

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
  t.regex(r.stderr, /not a swarm-preflight result \(schemaVersion 1\): the top level must have required property '\w+'; write one with --format json/);
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

test('-i - reads the inventory piped to stdin', (t) => {
  const r = spawnSync(process.execPath, [CLI, '-i', '-', '--limit', 'nope'], {
    encoding: 'utf8', env: { ...process.env, CI: '1' }, input: '[managers]\nm1 ansible_host=127.0.0.1 ansible_port=1\n',
  });
  t.is(r.status, 2);
  // The limit is checked against the hosts read from stdin: reaching it means stdin was read and parsed.
  t.regex(r.stderr, /--limit: "nope" matches no host or group of the inventory/);
  const bad = spawnSync(process.execPath, [CLI, '-i', '-'], { encoding: 'utf8', env: { ...process.env, CI: '1' }, input: 'all:\n  hosts:\n    a:\n    a:\n' });
  t.is(bad.status, 2);
  t.regex(bad.stderr, /<stdin>:4: duplicate key "a"/);
});

test('an -F file that cannot be read, or an ssh_config value that cannot be used, is a usage error before any connection', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const missing = run('--hosts', '127.0.0.1', '-F', path.join(dir, 'missing.conf'));
  t.is(missing.status, 2);
  t.regex(missing.stderr, /cannot read ssh config .*missing\.conf \(-F\): ENOENT/);
  t.regex(missing.stderr, /hint: .*-F none/);
  const bad = path.join(dir, 'bad.conf');
  await writeFile(bad, 'Host *\n  IdentityFile ~/.ssh/%Z\n');
  const port = await closedPort();
  const r = run('--hosts', `127.0.0.1:${port}`, '-F', bad);
  t.is(r.status, 2);
  t.regex(r.stderr, /bad\.conf:2: unknown token %Z/);
  t.is(r.stdout, '');
});

test('what ssh_config sets but the tool does not honour is warned once on stderr, however many hosts it concerns', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const config = path.join(dir, 'ssh_config');
  await writeFile(config, 'Host 127.*\n  PKCS11Provider /usr/lib/p11.so\nMatch exec "true"\n  User x\n');
  const port = await closedPort();
  const r = spawnSync(process.execPath, [CLI, '--hosts', `127.0.0.1:${port},127.0.0.2:${port}`, '-F', config, '--connect-timeout', '2', '--deadline', '20', '--format', 'json'],
    { encoding: 'utf8', env: { ...process.env, CI: '1', HOME: dir } });
  t.is(r.stderr.match(/warning: .*PKCS11Provider/g)?.length, 1, r.stderr);
  t.is(r.stderr.match(/warning: .*Match exec is not evaluated/g)?.length, 1, r.stderr);
  const result = JSON.parse(r.stdout) as { hosts: Array<{ reachable: boolean; errorKind?: string }> };
  t.deepEqual(result.hosts.map((h) => [h.reachable, h.errorKind]), [[false, 'unreachable'], [false, 'unreachable']]);
});

test('-F none reads no ssh_config at all, not even ~/.ssh/config', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  await mkdir(path.join(dir, '.ssh'));
  // A user config that would fail the run if it were read.
  await writeFile(path.join(dir, '.ssh', 'config'), 'IdentityFile ~/%Z\n');
  const port = await closedPort();
  const env = { ...process.env, CI: '1', HOME: dir };
  const read = spawnSync(process.execPath, [CLI, '--hosts', `127.0.0.1:${port}`, '--connect-timeout', '2', '--deadline', '20'], { encoding: 'utf8', env });
  t.is(read.status, 2, 'the default ~/.ssh/config is read');
  t.regex(read.stderr, /~\/\.ssh\/config:1: unknown token %Z/);
  const none = spawnSync(process.execPath, [CLI, '--hosts', `127.0.0.1:${port}`, '-F', 'none', '--connect-timeout', '2', '--deadline', '20'], { encoding: 'utf8', env });
  t.not(none.status, 2, none.stderr);
  t.notRegex(none.stderr, /unknown token/);
});
