// Runs the built CLI as a user would, against the lab, and reads its JSON result.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../src/model.js';
import { type PackedResult, unpackResult } from '../../src/report/result-codec.js';
import { untestedView } from '../../src/untested-hosts.js';
import type { Lab } from '../lab/lab.js';

export const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

export interface CliRun { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; json?: RunResult }

export function runCli(args: string[], opts: { onStart?: (pid: number) => void; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    // No ssh-agent unless a test gives one: the run must not lean on the developer's agent.
    const env: NodeJS.ProcessEnv = { ...process.env, SSH_AUTH_SOCK: undefined, ...opts.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    if (child.pid) opts.onStart?.(child.pid);
    child.on('close', (code, signal) => {
      let json: RunResult | undefined;
      if (args.includes('json')) {
        try { json = unpackResult(JSON.parse(stdout) as PackedResult); } catch { json = undefined; }
      }
      resolve({ code, signal, stdout, stderr, json });
    });
  });
}

/** The flags that point the CLI at the lab's hosts, key and known_hosts. */
export function labArgs(lab: Lab, extra: string[] = []): string[] {
  return ['check', '-i', lab.writeInventory(), '--identity', lab.sshKeyPath, '--known-hosts', lab.knownHostsPath, '--connect-timeout', '3', ...extra];
}

/** The lab's flags without their --connect-timeout, for a test that sets its own (a repeated flag would be a list). */
export function labArgsOwnTimeout(lab: Lab, extra: string[]): string[] {
  const base = labArgs(lab);
  base.splice(base.indexOf('--connect-timeout'), 2);
  return [...base, ...extra];
}

/** Every probe of that status, with those a host out of the run left unsent (its `untested` entry). */
export function cells(result: RunResult, status: string): string[] {
  return [...result.probes, ...untestedView(result).probes()].filter((p) => p.status === status).map((p) => `${p.from}>${p.to} ${p.protocol === 'esp' ? 'esp' : `${p.port}/${p.protocol}`}`).sort();
}
