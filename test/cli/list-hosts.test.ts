// --list-hosts through the CLI: the plan on stdout, exit 0, and no connection, no socket and no name
// lookup at all (a guard loaded ahead of the CLI ends it on the first one; its own test shows it does).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { makeKey, startServer } from '../ssh/helpers/ssh-server.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const GUARD = fileURLToPath(new URL('./helpers/no-network.js', import.meta.url));
/** The guard's exit status (not imported: importing the guard would install it in this process). */
const NETWORK_USED_EXIT = 99;

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', GUARD, CLI, ...args], { env: { ...process.env, CI: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function withServer(t: ExecutionContext) {
  const server = await startServer({ hostKeys: [makeKey()], authorized: [makeKey()] });
  const dir = mkdtempSync(path.join(tmpdir(), 'spf-list-'));
  t.teardown(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  });
  return { server, dir };
}

test('--list-hosts prints every host\'s target, sudo, role and probe address with origins, and connects to none', async (t) => {
  const { server, dir } = await withServer(t);
  const inventory = path.join(dir, 'hosts.ini');
  writeFileSync(inventory, `[managers]\nm1 ansible_host=127.0.0.1 ansible_port=${server.port} ansible_user=admin\n[workers]\nw1 ansible_host=127.0.0.2 swarm_address=127.0.1.2\n`);
  const config = path.join(dir, 'ssh_config');
  writeFileSync(config, 'Host 127.0.0.2\n  User cfguser\n  ProxyJump jump@127.0.0.9:2022\n');
  const run = await runCli(['-i', inventory, '-F', config, '--sudo', '--list-hosts'], { [`SWARM_PREFLIGHT_BECOME_PASS`]: 'pw-77' });
  t.is(run.status, 0, run.stderr);
  t.is(server.stats.connections, 0, 'the SSH server saw no connection');
  const out = run.stdout;
  t.regex(out, new RegExp(`admin@127\\.0\\.0\\.1:${server.port}`));
  t.regex(out, /cfguser@127\.0\.0\.2:22/);
  t.regex(out, /jump jump@127\.0\.0\.9:2022/);
  t.regex(out, /sudo -S \(password\)/);
  t.regex(out, /SWARM_PREFLIGHT_BECOME_PASS/, 'names where the password comes from');
  t.false(out.includes('pw-77'), 'never the password itself');
  t.regex(out, /127\.0\.1\.2/);
  t.regex(out, new RegExp(`${inventory.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2`), 'origins name the inventory line');
  t.regex(out, /nothing was connected/);
});

test('--list-hosts --format json gives the same plan as data', async (t) => {
  const { server } = await withServer(t);
  const run = await runCli(['--hosts', `root@127.0.0.1:${server.port},127.0.0.2`, '--user', 'ops', '--list-hosts', '--format', 'json']);
  t.is(run.status, 0, run.stderr);
  t.is(server.stats.connections, 0);
  const { hosts } = JSON.parse(run.stdout) as { hosts: Array<{ id: string; target: string; ssh: { user: { from: string } } }> };
  t.deepEqual(hosts.map((h) => h.target), [`root@127.0.0.1:${server.port}`, 'ops@127.0.0.2:22']);
  t.is(hosts[1]?.ssh.user.from, '--user');
});

test('--list-hosts with a report-only format is a usage error', async (t) => {
  const run = await runCli(['--hosts', '127.0.0.1', '--list-hosts', '--format', 'markdown']);
  t.is(run.status, 2);
  t.regex(run.stderr, /--list-hosts prints a table or json/);
});

test('the network guard does stop a run that connects, so its silence above means something', async (t) => {
  const { server } = await withServer(t);
  const run = await runCli(['--hosts', `root@127.0.0.1:${server.port}`, '--connect-timeout', '2', '--timeout', '1']);
  t.is(run.status, NETWORK_USED_EXIT, run.stderr);
  t.regex(run.stderr, /network used: socket connect/);
  t.is(server.stats.connections, 0);
});
