// Which pairs get a path-MTU probe and how big a frame must pass: the data-path port must be watched
// on the receiver, and the frame is the largest outer frame any overlay needs (1500 before deployment).
import type { ProbeEvidence, ProbeSpec } from '../../checks/types.js';
import { neededUnderlay } from '../../checks/overlay-mtu.js';
import type { ListenItem } from '../agent/protocol.js';
import type { GatheredFacts } from './facts.js';
import type { PmtuPair } from './pmtu-round.js';

/** A size every IPv4 path must carry (RFC 791's 576): if this is lost, the port itself is blocked. */
export const PMTU_CONTROL = 576;
const DEFAULT_FRAME = 1500;

export function pathMtuFrame(facts: Map<string, GatheredFacts>): number {
  let frame = 0;
  for (const f of facts.values()) {
    for (const n of f.overlays ?? []) {
      const option = Number(n.options['com.docker.network.driver.mtu']);
      frame = Math.max(frame, neededUnderlay({ name: n.name, ingress: n.ingress, encrypted: n.encrypted, ...(option > 0 ? { mtuOption: option } : {}) }));
    }
  }
  return frame || DEFAULT_FRAME;
}

export function pmtuPairs(specs: ProbeSpec[], listening: Map<string, ListenItem[]>, port: number, senders: Set<string>): PmtuPair[] {
  const watching = (host: string) => listening.get(host)?.some((i) => i.proto === 'udp' && i.port === port && i.how !== 'error') === true;
  return specs
    .filter((s) => s.protocol === 'udp' && s.port === port && !s.skip && senders.has(s.from) && watching(s.to))
    .map((s) => ({ from: s.from, to: s.to }));
}

/** Whether the port round saw the data-path probe of a pair arrive. */
export function portSeenIn(evidence: ProbeEvidence[], port: number): (pair: PmtuPair) => boolean {
  const seen = new Set(evidence.filter((e) => e.spec.protocol === 'udp' && e.spec.port === port && e.seen).map((e) => `${e.spec.from}|${e.spec.to}`));
  return (pair) => seen.has(`${pair.from}|${pair.to}`);
}
