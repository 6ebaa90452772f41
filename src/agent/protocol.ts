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

export type TcpOutcome = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'error';

/**
 * One probe seen by a receiver, in a `seen-batch` event: [proto, port, nonce, src, via].
 * proto is 'tcp' | 'udp' | 'esp', port an integer 0..65535 (0 for esp), nonce the text after the
 * magic (at most 32 printable ASCII characters), src an IPv4 address, via 'socket' | 'raw'.
 */
export type SeenTuple = [Protocol, number, string, string, 'socket' | 'raw'];

/**
 * One TCP probe's outcome, in a `results` event: [id, outcome, ms, errno, connects].
 * id is a probe id of the plan, ms an integer >= 0, errno an errno name or null, connects 1 or 2
 * (a second connect starts when the first has no answer by the plan's retryMs).
 */
export type ResultTuple = [string, TcpOutcome, number, string | null, number];

/** A host's /proc/net/netstat and /proc/net/snmp texts (null where unreadable). */
export interface CounterTexts { netstat: string | null; snmp: string | null }

export type AgentCommand =
  | { op: 'init'; deadlineMs: number }
  | { op: 'listen'; mode: 'auto' | 'pre' | 'live'; tcp: number[]; udp: number[]; esp: boolean }
  /**
   * A sender's whole plan for the round, in one command. The agent starts the probes evenly over
   * `spreadMs`, gives each TCP probe a second connect at `retryMs` if the first has no answer, and
   * answers with `results` and `sent` batches, then one `probe-done`.
   */
  | { op: 'probe'; timeoutMs: number; items: ProbeItem[]; spreadMs?: number; retryMs?: number }
  /** The same plan, kept by the agent until `go` (every plan of the round is delivered first). */
  | { op: 'plan'; timeoutMs: number; items: ProbeItem[]; spreadMs?: number; retryMs?: number }
  | { op: 'go' }
  | { op: 'resend'; ids: string[] }
  | { op: 'pmtu'; items: { id: string; addr: string; port: number; nonce: string; vxlan?: boolean; sizes: number[] }[] }
  /** End of a round on this host: read what has arrived, then report the drop counters (`collected`). */
  | { op: 'collect'; id: string }
  | { op: 'exec'; id: string; argv: string[]; timeoutMs: number }
  /** A GET to the local docker engine's API over its unix socket (`socket`: tests only). */
  | { op: 'docker'; id: string; path: string; timeoutMs: number; socket?: string }
  | { op: 'routes'; id: string; peers: string[] }
  | { op: 'procnet'; id: string; pid: number; file: 'snmp' | 'dev' }
  | { op: 'netinfo'; id: string }
  /** Host facts read from files (see py/hostfacts.py); `modules`/`config` name what to pick out of the big files. */
  | { op: 'hostfacts'; id: string; modules: string[]; config: string[] }
  | { op: 'clock'; id: string }
  | { op: 'stop' };

export type AgentEvent =
  | { ev: 'ready'; pid: number; uid: number; hostname: string; python: string; dockerSocket?: boolean }
  | { ev: 'listening'; items: ListenItem[] }
  /** TCP outcomes since the agent's last write (one event a loop turn, not one a probe). */
  | { ev: 'results'; items: ResultTuple[] }
  /** The sender has started every probe of its plan and every TCP probe has its outcome. */
  | { ev: 'probe-done' }
  /** The agent holds its plan of n probes and waits for `go`. */
  | { ev: 'planned'; n: number }
  /** The datagrams sent in one loop turn: how often each went out, or why it did not. */
  | { ev: 'sent'; items: { id: string; count: number; error: string | null; ms: number }[] }
  | { ev: 'icmp'; id: string; errno: string }
  /** Only for a path-MTU datagram that could not be sent. */
  | { ev: 'pmtu-sent'; id: string; size: number; error: string | null }
  /** Probes (and path-MTU datagrams, nonce `NONCE-SIZE`) the receiver saw since its last write. */
  | { ev: 'seen-batch'; items: SeenTuple[] }
  /**
   * Answer to `collect`: the counters when the host's part of the round began (null if it never
   * began) and now, after everything that had arrived was read (its `seen-batch` comes first).
   */
  | { ev: 'collected'; id: string; before: CounterTexts | null; after: CounterTexts }
  | { ev: 'procnet'; id: string; text: string | null; error: string | null }
  | { ev: 'routes'; id: string; routes: { peer: string; src?: string; error?: string }[] }
  /** Interfaces and main-table routes in `ip -j addr` / `ip -j route` form, and /etc/resolv.conf. */
  | { ev: 'netinfo'; id: string; links: unknown[] | null; routes: unknown[] | null; resolv: string | null; error: string | null }
  /** Raw host facts as the host sent them: untrusted, validated by parseHostFacts. */
  | { ev: 'hostfacts'; id: string; [key: string]: unknown }
  | { ev: 'clock'; id: string; time: number }
  | { ev: 'exec'; id: string; code: number | null; stdout: string; stderr: string; error: string | null }
  /** The engine's HTTP status and body, or why there was none (`error`, status null). */
  | { ev: 'docker'; id: string; status: number | null; body: string; error: string | null }
  | { ev: 'error'; error: string }
  | { ev: 'deadline' }
  | { ev: 'done' };

// Each event is checked against its shape where it is read: see events.ts.

/** What a TCP probe writes to a listener of ours: the same bytes the agent sends. */
export function probePayload(nonce: string): Buffer {
  return Buffer.from(`SPF1 ${nonce}\n`);
}
