// Runs the real agent as a local child process, exactly as sshd would run the bootstrap command.
import { spawn } from 'node:child_process';
import { bootstrapCommand, PY_BOOT } from '../../src/agent/bootstrap.js';
import type { AgentEvent } from '../../src/agent/protocol.js';
import { RemoteAgent } from '../../src/agent/remote-agent.js';
import { fromChild } from '../../src/agent/stream.js';

/**
 * `prelude` (Python, run before the agent in the same interpreter) can take features away, to run the
 * agent as it runs on an older Python.
 */
export async function startLocalAgent(deadlineMs = 20000, prelude?: string): Promise<{ agent: RemoteAgent; pid: number; events: AgentEvent[] }> {
  const child = prelude === undefined
    ? spawn('/bin/sh', ['-c', bootstrapCommand()], { stdio: 'pipe' })
    : spawn('python3', ['-I', '-S', '-u', '-c', `${prelude}\n${PY_BOOT}`], { stdio: 'pipe' });
  const { agent, ready } = await RemoteAgent.start('local', fromChild(child), deadlineMs);
  const events: AgentEvent[] = [];
  agent.on('event', (e: AgentEvent) => events.push(e));
  return { agent, pid: ready.pid, events };
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export { eventually as until } from '../helpers/eventually.js';

/** A port number unlikely to collide with other test files running at the same time. */
export function freePortGuess(): number {
  return 20000 + Math.floor(Math.random() * 20000);
}

/** Every probe the agent reported seen, from its batches. */
export function seenOf(events: AgentEvent[]): { proto: string; port: number; nonce: string; src: string; via: string }[] {
  return events.flatMap((e) => (e.ev === 'seen-batch' ? e.items.map(([proto, port, nonce, src, via]) => ({ proto, port, nonce, src, via })) : []));
}

/** Every TCP outcome the agent reported, from its batches. */
export function resultsOf(events: AgentEvent[]): { id: string; outcome: string; ms: number; errno: string | null; connects: number }[] {
  return events.flatMap((e) => (e.ev === 'results' ? e.items.map(([id, outcome, ms, errno, connects]) => ({ id, outcome, ms, errno, connects })) : []));
}
