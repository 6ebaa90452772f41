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

/**
 * Splits the pairs by what the port round saw of their data-path probe. A pair whose probe never
 * arrived is blocked at the port: sending it a 576-byte control would only wait out another timeout.
 */
export function splitByPortRound(pairs: PmtuPair[], evidence: ProbeEvidence[], port: number): { probe: PmtuPair[]; blocked: PmtuPair[]; order: (p: PmtuPair) => number } {
  const key = (p: PmtuPair) => `${p.from}|${p.to}`;
  const seen = new Set(evidence.filter((e) => e.spec.protocol === 'udp' && e.spec.port === port && e.seen).map((e) => key(e.spec)));
  const probe: PmtuPair[] = [];
  const blocked: PmtuPair[] = [];
  for (const p of pairs) (seen.has(key(p)) ? probe : blocked).push(p);
  const index = new Map(pairs.map((p, i) => [key(p), i]));
  // Where each pair stood in the plan, so results keep the plan's order whichever way they went.
  return { probe, blocked, order: (p) => index.get(key(p)) ?? pairs.length };
}
