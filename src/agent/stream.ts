// The agent runs behind any byte stream pair: an SSH channel in production, a local child process in
// the fast tests. This is the one shape the runner needs from either.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { ClientChannel } from 'ssh2';

export interface AgentStream {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Called once with the exit status (null when unknown, e.g. the connection dropped). */
  onExit(listener: (code: number | null) => void): void;
  /** Close our end; the agent sees EOF on stdin and exits. */
  close(): void;
}

export function fromChannel(channel: ClientChannel): AgentStream {
  let code: number | null = null;
  channel.on('exit', (status: number | null) => { code = status ?? null; });
  return {
    stdin: channel,
    stdout: channel,
    stderr: channel.stderr,
    onExit: (listener) => { channel.once('close', () => listener(code)); },
    close: () => { channel.end(); },
  };
}

export function fromChild(child: ChildProcess): AgentStream {
  if (!child.stdin || !child.stdout || !child.stderr) throw new Error('child must have piped stdio');
  return {
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    onExit: (listener) => { child.once('close', (code) => listener(code)); },
    close: () => { child.stdin?.end(); },
  };
}

/**
 * The agent on this machine (ansible_connection=local): the same command line an sshd would hand to
 * the login shell, run by /bin/sh. The become password variable is not passed on to it.
 */
export function localProcess(command: string, env: NodeJS.ProcessEnv = process.env): AgentStream {
  const { SWARM_PREFLIGHT_BECOME_PASS: _password, ...rest } = env;
  const child = spawn('/bin/sh', ['-c', command], { stdio: 'pipe', env: rest });
  // A failed spawn (no /bin/sh) ends as an exit without status, which the agent reports.
  child.on('error', () => undefined);
  return fromChild(child);
}
