// The overload rule: a probe that went missing is a network `fail` only if the hosts at its ends did
// not drop it themselves. Each agent reads its kernel's drop counters (/proc/net/netstat and
// /proc/net/snmp of its own network namespace) when its part of the round begins and after it has
// read everything that arrived; a counter that rose means that host threw probes away (a full accept
// queue, a full socket buffer), and its missing probes are an `error` of that host. Pure.
import type { CounterTexts } from '../src/agent/protocol.js';
import type { Protocol } from '../src/model.js';

/** The counters that say a host dropped packets itself, by the side of a probe they explain. */
export const OVERLOAD_COUNTERS = {
  /** A TCP listener's accept queue or SYN queue overflowed. */
  tcpReceiver: ['TcpExt.ListenOverflows', 'TcpExt.ListenDrops'],
  /** A UDP socket's receive buffer was full, or a datagram was otherwise dropped on receipt. */
  udpReceiver: ['Udp.RcvbufErrors', 'Udp.InErrors'],
  /** A UDP send failed for want of buffer space. */
  udpSender: ['Udp.SndbufErrors'],
} as const;

const WATCHED = new Set<string>(Object.values(OVERLOAD_COUNTERS).flat());

/** Counter values by `Section.Name` from /proc/net/netstat or /proc/net/snmp text; malformed lines are skipped. */
export function parseCounters(text: string): Map<string, number> {
  const values = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = /^([A-Za-z]+): ([A-Za-z0-9 ]+)$/.exec((lines[i] as string).trimEnd());
    const body = /^([A-Za-z]+): (-?\d+(?: -?\d+)*)$/.exec((lines[i + 1] as string).trimEnd());
    if (!head || !body || head[1] !== body[1]) continue;
    const names = (head[2] as string).split(' ');
    const numbers = (body[2] as string).split(' ').map(Number);
    if (names.length !== numbers.length) continue;
    names.forEach((name, k) => values.set(`${head[1]}.${name}`, numbers[k] as number));
    i++;
  }
  return values;
}

/** The watched counters that rose between the two readings, with how much; empty when none did or either is missing. */
export function countersRose(before: CounterTexts | null | undefined, after: CounterTexts | null | undefined): Record<string, number> {
  const rose: Record<string, number> = {};
  if (!before || !after) return rose;
  for (const file of ['netstat', 'snmp'] as const) {
    const a = before[file];
    const b = after[file];
    if (a === null || b === null) continue;
    const old = parseCounters(a);
    for (const [name, value] of parseCounters(b)) {
      const was = old.get(name);
      if (WATCHED.has(name) && was !== undefined && value > was) rose[name] = value - was;
    }
  }
  return rose;
}

export interface OverloadEvidence {
  /** Watched counters that rose on the receiving host, and on the sending host. */
  receiver?: Record<string, number>;
  sender?: Record<string, number>;
}

/**
 * Which host dropped a missing probe itself, and the counters that show it; undefined when neither
 * end's counters explain the loss (then it is the network's). ESP has no such counter.
 */
export function overloadOf(protocol: Protocol, from: string, to: string, e: OverloadEvidence | undefined): { host: string; counters: Record<string, number> } | undefined {
  if (!e || protocol === 'esp') return undefined;
  const pick = (rose: Record<string, number> | undefined, names: readonly string[]) => {
    const hit = Object.entries(rose ?? {}).filter(([name]) => names.includes(name));
    return hit.length ? Object.fromEntries(hit) : undefined;
  };
  const receiver = pick(e.receiver, protocol === 'tcp' ? OVERLOAD_COUNTERS.tcpReceiver : OVERLOAD_COUNTERS.udpReceiver);
  if (receiver) return { host: to, counters: receiver };
  const sender = protocol === 'udp' ? pick(e.sender, OVERLOAD_COUNTERS.udpSender) : undefined;
  return sender ? { host: from, counters: sender } : undefined;
}

/** "ListenOverflows +12, ListenDrops +12" */
export function describeRise(counters: Record<string, number>): string {
  return Object.entries(counters).map(([name, n]) => `${name.split('.')[1]} +${n}`).join(', ');
}
