// Running commands: small promise wrappers around child_process, plus helpers for polling.
import { spawn } from 'node:child_process';
import { CLEAN_ENV } from './paths.js';

export interface RunResult { code: number; stdout: string; stderr: string }

export interface RunOptions {
  /** Text written to the command's stdin (stdin is closed afterwards). */
  input?: string;
  /** A file descriptor to use as stdin instead of input. */
  stdinFd?: number;
  /** A file descriptor to send stdout to (then RunResult.stdout is empty). */
  stdoutFd?: number;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs a command without a shell; never rejects on a non-zero exit (see runOk). */
export function run(file: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: opts.env ?? CLEAN_ENV,
      cwd: '/',
      stdio: [opts.stdinFd ?? 'pipe', opts.stdoutFd ?? 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (code: number) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr });
    };
    if (opts.timeoutMs) {
      timer = setTimeout(() => {
        stderr += `\n[lab] timed out after ${opts.timeoutMs} ms`;
        child.kill('SIGKILL');
        // A grandchild (nsenter forks into the target PID namespace) may still hold the pipes.
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(124);
      }, opts.timeoutMs);
    }
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      if (!settled) {
        settled = true;
        reject(err);
      }
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // the command may exit without reading its input
      child.stdin.end(opts.input ?? '');
    }
  });
}

/** Like run, but rejects with the command line and its stderr when the exit code is not 0. */
export async function runOk(file: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const r = await run(file, args, opts);
  if (r.code !== 0) {
    const cmd = [file, ...args].join(' ');
    throw new Error(`[lab] command failed (exit ${r.code}): ${cmd.slice(0, 300)}\n${(r.stderr || r.stdout).trim()}`);
  }
  return r;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns a value other than undefined, or throws after timeoutMs. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs: number, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`[lab] timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(intervalMs);
  }
}

/** Maps items with at most `limit` promises in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Single-quotes a string for sh. */
export const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

const DEBUG = !!process.env.SPF_LAB_DEBUG;
const T0 = Date.now();
/** Progress lines on stderr when SPF_LAB_DEBUG is set. */
export function debug(msg: string): void {
  if (DEBUG) process.stderr.write(`[lab +${((Date.now() - T0) / 1000).toFixed(2)}s] ${msg}\n`);
}
