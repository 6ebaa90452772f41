// ProxyCommand as OpenSSH runs it: `exec COMMAND` through the user's shell ($SHELL, else /bin/sh), its
// stdin and stdout the SSH transport, its stderr kept for the error message. The command is killed when
// the connection closes or fails; one that exits before SSH is ready is an 'unreachable' error quoting
// what it printed, never a guess about firewalls.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import { PreflightError } from '../errors.js';

const STDERR_KEEP = 2048;
const live = new Set<ChildProcessWithoutNullStreams>();
let exitHook = false;

export class ProxyCommand {
  /** The transport for ssh2's `sock`. */
  readonly stream: Duplex;
  readonly command: string;
  private readonly child: ChildProcessWithoutNullStreams;
  private stderr = '';
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private spawnError: Error | undefined;
  private readonly exited: Promise<void>;

  /** Start `command` (tokens already expanded). */
  constructor(command: string, env: NodeJS.ProcessEnv = process.env) {
    this.command = command;
    const shell = env.SHELL || '/bin/sh';
    this.child = spawn(shell, ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'], env });
    live.add(this.child);
    if (!exitHook) {
      exitHook = true;
      // A run that ends abruptly (a second Ctrl-C) still leaves no proxy behind.
      process.once('exit', () => {
        for (const c of live) c.kill('SIGKILL');
      });
    }
    const child = this.child;
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        this.exit ??= { code, signal };
        live.delete(child);
        resolve();
      });
      child.once('error', (err) => {
        // The shell itself could not be started: no 'close' may follow.
        this.spawnError = err;
        this.exit ??= { code: null, signal: null };
        live.delete(child);
        resolve();
      });
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEEP);
    });
    child.stdin.on('error', () => undefined); // EPIPE once the command is gone; the read side reports the end
    const stream = new Duplex({
      read: () => {
        child.stdout.resume();
      },
      write: (chunk: Buffer, _encoding, callback) => {
        if (child.stdin.destroyed) return callback();
        child.stdin.write(chunk, () => callback());
      },
      final: (callback) => {
        child.stdin.end();
        callback();
      },
      destroy: (err, callback) => {
        this.kill();
        callback(err);
      },
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (!stream.push(chunk)) child.stdout.pause();
    });
    child.stdout.once('end', () => stream.push(null));
    this.stream = stream;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the command has ended (exited, or could not start). */
  get ended(): boolean {
    return this.exit !== undefined;
  }

  /** Kill the command if it still runs. Idempotent. */
  kill(): void {
    if (this.exit === undefined && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }

  /** Resolves when the command has ended, or after `ms` if it has not. */
  async settled(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); })]);
    clearTimeout(timer);
  }

  /** The error for a command that ended before SSH was ready, quoting its stderr; undefined while it runs. */
  failure(target: string): PreflightError | undefined {
    if (!this.exit) return undefined;
    const how = this.spawnError
      ? `could not be started (${this.spawnError.message})`
      : this.exit.signal ? `was killed by ${this.exit.signal}` : `exited with status ${this.exit.code}`;
    const said = this.stderr.trim().split('\n').slice(-5).join(' | ');
    return new PreflightError('unreachable', `ProxyCommand for ${target} ${how} before ssh was ready${said ? `: ${said}` : ' (it printed nothing on stderr)'}`, {
      hint: `run the command yourself to see why it fails: ${this.command}`,
    });
  }

  /** What the command printed on stderr so far (the last 2 KiB). */
  get stderrText(): string {
    return this.stderr;
  }
}
