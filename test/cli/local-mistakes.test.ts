// Local mistakes are usage errors found before any connection (exit 2, no stack trace): an -o that
// cannot be written, key and known_hosts paths that are not readable files, too many hosts, a
// report input that is not a result; and report exits 0 once it rendered.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLocalFiles } from '../../src/cli/local-files.js';
import { checkOutputPath } from '../../src/cli/output.js';
import { tempDir } from '../ssh/helpers/ssh-server.js';
import { mixedResult } from '../report/results.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
}

test('-o into a missing directory, or onto a directory, is refused before the run', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  t.regex(t.throws(() => checkOutputPath(join(dir, 'nope', 'r.json')))?.message ?? '', /cannot write the report to .*r\.json: the directory .*nope does not exist/);
  t.regex(t.throws(() => checkOutputPath(dir))?.message ?? '', /exists and is not a regular file/);
  t.notThrows(() => checkOutputPath(join(dir, 'r.json')));
  // Nothing listens on 127.0.0.1:1: had it connected, the run would have ended in an error of that host.
  const r = cli('--hosts', 'root@127.0.0.1:1', '--format', 'json', '-o', join(dir, 'nope', 'r.json'), '-q');
  t.is(r.status, 2, r.stderr);
  t.regex(r.stderr, /the directory .*nope does not exist/);
  t.notRegex(r.stderr, /127\.0\.0\.1/, 'no host was tried');
});

test('-o writes the report whole under a temporary name, then renames it: no temporary file is left', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const saved = join(dir, 'saved.json');
  writeFileSync(saved, JSON.stringify(mixedResult()));
  const out = join(dir, 'out.md');
  const r = cli('report', saved, '--format', 'markdown', '-o', out);
  t.is(r.status, 0, r.stderr);
  t.regex(readFileSync(out, 'utf8'), /send failed: EHOSTUNREACH[\s\S]*in the JSON report/);
  t.deepEqual(readdirSync(dir).sort(), ['out.md', 'saved.json']);
});

test('--identity and --known-hosts must be readable files; a missing known_hosts is fine only for accept-new', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const key = join(dir, 'id');
  writeFileSync(key, 'key');
  mkdirSync(join(dir, 'kh'));
  t.regex(t.throws(() => checkLocalFiles({ identity: [join(dir, 'missing')] }))?.message ?? '', /--identity .*missing does not exist; give a private key file/);
  t.regex(t.throws(() => checkLocalFiles({ identity: [key], knownHosts: [join(dir, 'kh')] }))?.message ?? '', /--known-hosts .*kh is a directory/);
  t.regex(t.throws(() => checkLocalFiles({ knownHosts: [join(dir, 'new')] }))?.message ?? '', /does not exist; give a known_hosts file \(or --host-key-check accept-new to start one\)/);
  t.notThrows(() => checkLocalFiles({ identity: [key], knownHosts: [join(dir, 'new')], hostKeyCheck: 'accept-new' }));
  const r = cli('--hosts', 'root@127.0.0.1:1', '--known-hosts', join(dir, 'kh'), '-q');
  t.is(r.status, 2, r.stderr);
  t.regex(r.stderr, /--known-hosts .*kh is a directory/);
});

test('more hosts than --max-hosts is a usage error before connecting, and the flag raises the limit', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const inventory = join(dir, 'hosts.txt');
  writeFileSync(inventory, Array.from({ length: 12 }, (_, i) => `127.0.0.${i + 2}:1`).join('\n'));
  const r = cli('-i', inventory, '--max-hosts', '10', '--list-hosts');
  t.is(r.status, 2, r.stderr);
  t.regex(r.stderr, /the inventory has 12 hosts, more than the limit of 10; narrow it with --limit, or raise the limit with --max-hosts 12/);
  t.is(cli('-i', inventory, '--max-hosts', '12', '--list-hosts').status, 0);
});

test('report of a result without summary names the schema error, exit 2, no stack trace', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const { summary: _summary, ...rest } = mixedResult();
  const file = join(dir, 'r.json');
  writeFileSync(file, JSON.stringify(rest));
  const r = cli('report', file);
  t.is(r.status, 2);
  t.regex(r.stderr, /r\.json is not a swarm-preflight result \(schemaVersion 1\): the top level must have required property 'summary'/);
  t.notRegex(r.stderr, /at .*\.js:\d+|TypeError/);
});

test('report of a failing result exits 0: rendering it worked', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const result = mixedResult();
  t.true(result.summary.fail > 0);
  const file = join(dir, 'r.json');
  writeFileSync(file, JSON.stringify(result));
  t.is(cli('report', file, '--format', 'json').status, 0);
});

test('every flag a hint or message names exists', (t) => {
  const help = cli('check', '--help').stdout + cli('report', '--help').stdout;
  const sources = ['src/outcome.ts', 'src/agent/remote-agent.ts', 'src/ssh/connect.ts', 'src/run/connect.ts', 'src/cli/check.ts']
    .map((p) => readFileSync(fileURLToPath(new URL(`../../../${p}`, import.meta.url)), 'utf8')).join('\n');
  const named = new Set([...sources.matchAll(/(?<![\w-])--([a-z][a-z-]+)/g)].map((m) => m[1]));
  t.true(named.size > 3);
  for (const flag of named) t.regex(help, new RegExp(`--${flag}\\b`), `--${flag} is named but is no flag`);
});
