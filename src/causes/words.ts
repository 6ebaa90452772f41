// The words of a cause's summary: which peers ("all 49 peers", "3 of 49 peers: b1, b2, b3"), which
// ports ("7946/udp and 4789/udp"), and what happened to the packets ("drops", "rejects"). Pure.
import { portLabel, type ProbeResult, type Protocol } from '../model.js';

/** "a", "a and b", "a, b and c". */
export function and(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Up to this many peers are named; past it only counted. */
const NAMED = 4;

/**
 * How many of the peers, naming them when few. `tested` counts the peers the probes were concluded
 * with; `others` every other host, so peers that could not be tested are not counted as failing.
 */
export function peersPhrase(peers: string[], tested: number, others = tested): string {
  const n = peers.length;
  const of = tested < others ? `${tested} tested peers` : `${tested} peers`;
  if (tested === 2 && n >= 2) return `both ${of.slice(2)}`;
  if (tested > 1 && n >= tested) return `all ${of}`;
  if (n === 1) return peers[0];
  if (n <= NAMED) return `${and(peers)} (${n} of ${of})`;
  return `${n} of ${of}`;
}

/** What the receiving side did to the packets, from the probes' reasons. */
export function verbOf(probes: ProbeResult[]): 'drops' | 'rejects' | 'blocks' {
  const kinds = new Set(probes.map((p) => (p.reason === 'refused' || p.reason === 'rejected' || p.reason === 'unreachable' ? 'rejects' : p.reason === 'filtered' || p.reason === 'not-received' ? 'drops' : 'blocks')));
  return kinds.size === 1 ? [...kinds][0] as 'drops' | 'rejects' | 'blocks' : 'blocks';
}

/** The ports of these probes, each once, sorted: one label a distinct port, not one a probe. */
export function portsOf(probes: ProbeResult[], indexes: number[]): string[] {
  const seen = new Map<string, Set<number>>();
  for (const i of indexes) {
    const p = probes[i] as ProbeResult;
    const ports = seen.get(p.protocol);
    if (ports) ports.add(p.port);
    else seen.set(p.protocol, new Set([p.port]));
  }
  return sortPorts([...seen].flatMap(([protocol, ports]) => [...ports].map((port) => portLabel(protocol as Protocol, port))));
}

/** Port labels in the order the matrix shows them (2377/tcp, 7946/tcp, 7946/udp, data path, esp). */
export function sortPorts(ports: string[]): string[] {
  const fixed = ['2377/tcp', '7946/tcp', '7946/udp'];
  const weight = (p: string) => (fixed.includes(p) ? fixed.indexOf(p) : p === 'esp' ? 1e6 : 10 + Number(p.split('/')[0]));
  return [...new Set(ports)].sort((a, b) => weight(a) - weight(b));
}
