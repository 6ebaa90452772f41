// The agent's JSON-lines protocol: what the runner sends and what the agent answers.
import type { Protocol } from '../model.js';

export type ReceiverHow = 'bound' | 'live' | 'raw' | 'error';

export interface PortOwner { pid: number | null; comm: string }

export interface ListenItem {
  proto: Protocol;
  port: number;
  how: ReceiverHow;
  owner?: PortOwner | null;
  kind?: string;
  error?: string;
}

export interface ProbeItem {
  id: string;
  proto: Protocol;
  addr: string;
  port: number;
  nonce: string;
  /** Send the nonce over the TCP connection (only to our own pre-mode listener). */
  send?: boolean;
  /** Prefix the datagram with a VXLAN header the kernel drops quietly. */
  vxlan?: boolean;
}

export type AgentCommand =
  | { op: 'init'; deadlineMs: number }
  | { op: 'listen'; mode: 'auto' | 'pre' | 'live'; tcp: number[]; udp: number[]; esp: boolean }
  | { op: 'probe'; timeoutMs: number; items: ProbeItem[] }
  | { op: 'resend'; ids: string[] }
  | { op: 'pmtu'; items: { id: string; addr: string; port: number; nonce: string; vxlan?: boolean; sizes: number[] }[] }
  | { op: 'exec'; id: string; argv: string[]; timeoutMs: number }
  | { op: 'routes'; id: string; peers: string[] }
  | { op: 'procnet'; id: string; pid: number; file: 'snmp' | 'dev' }
  | { op: 'netinfo'; id: string }
  | { op: 'stop' };

export type AgentEvent =
  | { ev: 'ready'; pid: number; uid: number; hostname: string; python: string; dockerSocket?: boolean }
  | { ev: 'listening'; items: ListenItem[] }
  | { ev: 'result'; id: string; outcome: 'connected' | 'refused' | 'timeout' | 'unreachable' | 'error'; ms: number; errno: string | null }
  /** The datagrams of one probe or resend command: how often each went out, or why it did not. */
  | { ev: 'sent'; items: { id: string; count: number; error: string | null; ms: number }[] }
  | { ev: 'icmp'; id: string; errno: string }
  /** Only for a path-MTU datagram that could not be sent. */
  | { ev: 'pmtu-sent'; id: string; size: number; error: string | null }
  | { ev: 'seen'; proto: Protocol; port: number; nonce: string; src: string; via: 'socket' | 'raw' }
  | { ev: 'procnet'; id: string; text: string | null; error: string | null }
  | { ev: 'routes'; id: string; routes: { peer: string; src?: string; error?: string }[] }
  /** Interfaces and main-table routes in `ip -j addr` / `ip -j route` form, and /etc/resolv.conf. */
  | { ev: 'netinfo'; id: string; links: unknown[] | null; routes: unknown[] | null; resolv: string | null; error: string | null }
  | { ev: 'exec'; id: string; code: number | null; stdout: string; stderr: string; error: string | null }
  | { ev: 'error'; error: string }
  | { ev: 'deadline' }
  | { ev: 'done' };

// Each event is checked against its shape where it is read: see events.ts.

/** Splits a byte stream into lines, keeping the unfinished tail for the next chunk. */
export class LineSplitter {
  private tail = '';
  push(chunk: Buffer | string): string[] {
    const text = this.tail + chunk.toString();
    const lines = text.split('\n');
    this.tail = lines.pop() ?? '';
    return lines;
  }
}

/** What a TCP probe writes to a listener of ours: the same bytes the agent sends. */
export function probePayload(nonce: string): Buffer {
  return Buffer.from(`SPF1 ${nonce}\n`);
}
