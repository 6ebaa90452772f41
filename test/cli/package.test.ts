// The package installs like a command: it holds only what runs (the compiled CLI, the checks and the
// agent's Python parts), and a packed tarball installed into an empty prefix gives a working
// `swarm-preflight` on that prefix's bin. Packing skips the lifecycle scripts: `prepare` would rebuild
// dist/ under the feet of the other test files running at the same time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { AGENT_PARTS } from '../../src/agent/bootstrap.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function npm(args: string[], cwd = ROOT) {
  return spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
}

test('the package lists the CLI, the checks and the agent\'s Python parts, and no test, lab or example file', (t) => {
  const run = npm(['pack', '--dry-run', '--json', '--ignore-scripts']);
  t.is(run.status, 0, run.stderr);
  const files = (JSON.parse(run.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
  t.true(files.includes('dist/src/cli.js'));
  t.true(files.includes('package.json'));
  t.true(files.some((f) => f.startsWith('dist/checks/')), 'the checks the runner imports');
  for (const part of AGENT_PARTS) t.true(files.includes(`dist/src/agent/py/${part}.py`), `agent part ${part}`);
  t.true(files.includes('dist/src/report/result.schema.json'));
  const stray = files.filter((f) => /(^|\/)(test|lab|e2e|bench|examples|fixtures)\//.test(f) || /\.(ts|map)$/.test(f) || f.startsWith('src/'));
  t.deepEqual(stray, []);
});

test('the packed tarball installs into an empty prefix and its swarm-preflight runs', async (t) => {
  t.timeout(180_000, 'npm install on a loaded machine');
  const dir = mkdtempSync(path.join(tmpdir(), 'spf-pack-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const pack = npm(['pack', '--ignore-scripts', '--pack-destination', dir, '--json']);
  t.is(pack.status, 0, pack.stderr);
  const tarball = path.join(dir, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);
  const prefix = path.join(dir, 'prefix');
  // --ignore-scripts: ssh2's optional native speed-up (cpu-features) would run node-gyp, which may
  // fetch Node's headers; the CLI works without it, as it does where npm's script policy skips it.
  const install = (mode: string) => npm(['install', '-g', '--prefix', prefix, mode, '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund', tarball], dir);
  // The dependencies' tarballs are in the npm cache after `npm ci`; their registry metadata may not
  // be until one install has fetched it, and then --offline works from then on.
  let run = install('--offline');
  if (run.status !== 0 && /ENOTCACHED/.test(run.stderr)) {
    t.log('the npm cache lacked registry metadata: installed with --prefer-offline');
    run = install('--prefer-offline');
  }
  t.is(run.status, 0, run.stderr);
  const bin = path.join(prefix, 'bin', 'swarm-preflight');
  t.true(existsSync(bin));
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  t.is(version.status, 0, version.stderr);
  t.is(version.stdout.trim(), VERSION);
  // A command that loads the dependencies (yargs, cli-table3) and connects to nothing.
  const list = spawnSync(bin, ['--hosts', 'root@127.0.0.1:2222', '--list-hosts'], { encoding: 'utf8' });
  t.is(list.status, 0, list.stderr);
  t.regex(list.stdout, /root@127\.0\.0\.1:2222/);
  t.true(existsSync(path.join(prefix, 'lib', 'node_modules', 'swarm-preflight', 'dist', 'src', 'agent', 'py', 'main.py')), 'the agent ships beside the CLI');
});
