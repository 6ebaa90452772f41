// The path-MTU round: don't-fragment datagrams of the overlay's full outer frame size between every
// ordered pair; where the full size is lost, a small control and a couple of ladders of sizes narrow
// down the largest size that passes (a few probes, not one per byte).
import type { AgentEvent } from '../agent/protocol.js';
import type { RemoteAgent } from '../agent/remote-agent.js';
import { onAbort } from '../abort.js';
import { nonceSource } from './nonces.js';
import { collectCounters } from './collect.js';

export interface PmtuPair { from: string; to: string }

export interface PmtuTry { size: number; seen: boolean; error: string | null }

export interface PmtuEvidence {
  from: string;
  to: string;
  full: number;
  control: number;
  tries: PmtuTry[];
  /** Largest size seen and smallest size lost, once known. */
  largestSeen?: number | undefined;
  smallestLost?: number | undefined;
  /** The port round's probe of the data-path port did not get through: nothing was sent for this pair. */
  portBlocked?: boolean;
}

export interface PmtuInput {
  agents: Map<string, RemoteAgent>;
  pairs: PmtuPair[];
  addresses: Map<string, string>;
  /** The data-path port, watched on every receiver by the port round's receivers. */
  port: number;
  full: number;
  control: number;
  timeoutMs: number;
  signal: AbortSignal;
  /**
   * Whether the port round's data-path probe got through for this pair. A pair for which it did not
   * is reported as blocked at the port and sent nothing: a control datagram would only wait out
   * another timeout. A pair for which it did gets its full frame alone first: small datagrams are
   * known to pass, so the control is only needed where the full frame is lost. Without it every pair
   * gets the control beside its full frame.
   */
  portOpen?: (pair: PmtuPair) => boolean;
}

/** Stop narrowing once the gap between passing and lost is this small (bytes). */
export const PMTU_RESOLUTION = 16;
const LADDER_STEPS = 8;
const MAX_LADDERS = 3;
const RESEND_AT = [1 / 3, 2 / 3];
const COLLECT_TIMEOUT_MS = 3000;

export function ladder(lo: number, hi: number, steps = LADDER_STEPS): number[] {
  const sizes = new Set<number>();
  for (let i = 1; i <= steps; i++) sizes.add(Math.round(lo + ((hi - lo) * i) / (steps + 1)));
  return [...sizes].filter((s) => s > lo && s < hi);
}

export async function runPmtuRound(input: PmtuInput): Promise<PmtuEvidence[]> {
  // Every pair's evidence is made with all its fields, in one order: at 200 hosts (39,800 pairs),
  // copies made by spreading and fields added later gave each object a hidden class of its own.
  const evidence = input.pairs.map((p): PmtuEvidence => ({
    from: p.from, to: p.to, full: input.full, control: input.control, tries: [],
    largestSeen: undefined, smallestLost: undefined, portBlocked: input.portOpen?.(p) === false,
  }));
  const first = input.portOpen ? [input.full] : [input.control, input.full];
  await sendPhase(input, evidence.filter((e) => !e.portBlocked).map((e) => ({ e, sizes: first })));
  for (let phase = 0; phase < MAX_LADDERS && !input.signal.aborted; phase++) {
    const next = evidence.map((e) => ({ e, sizes: nextSizes(e) })).filter((r) => r.sizes.length > 0);
    if (next.length === 0) break;
    await sendPhase(input, next);
  }
  return evidence;
}

/** The sizes a pair still needs: a ladder between what passed and what was lost, if the gap is wide. */
function nextSizes(e: PmtuEvidence): number[] {
  // A lost full frame without a control yet: the control goes out with the first ladder, so a port
  // that closed since the port round reads as blocked, not as a tiny path MTU.
  if (e.tries.some((t) => t.size === e.full && !t.seen) && !e.tries.some((t) => t.size === e.control)) return [e.control, ...ladder(e.control, e.full)];
  if (e.largestSeen !== undefined && e.smallestLost !== undefined && e.smallestLost - e.largestSeen > PMTU_RESOLUTION) return ladder(e.largestSeen, e.smallestLost);
  return [];
}

async function sendPhase(input: PmtuInput, requests: { e: PmtuEvidence; sizes: number[] }[]): Promise<void> {
  // Two indexes of the same tries: by what the receiver reports, and by what the sender reports.
  const bySeen = new Map<string, { e: PmtuEvidence; t: PmtuTry }>();
  const bySent = new Map<string, { e: PmtuEvidence; t: PmtuTry }>();
  const bySender = new Map<string, { id: string; addr: string; port: number; nonce: string; vxlan: boolean; sizes: number[] }[]>();
  const nextNonce = nonceSource(requests.length);
  requests.forEach(({ e, sizes }, i) => {
    if (!input.agents.has(e.from) || !input.agents.has(e.to) || sizes.length === 0) return;
    const nonce = nextNonce();
    for (const size of sizes) {
      const t: PmtuTry = { size, seen: false, error: null };
      e.tries.push(t);
      bySeen.set(`${e.to}|${nonce}-${size}`, { e, t });
      bySent.set(`${i}|${size}`, { e, t });
    }
    const list = bySender.get(e.from) ?? [];
    list.push({ id: String(i), addr: input.addresses.get(e.to) as string, port: input.port, nonce, vxlan: true, sizes });
    bySender.set(e.from, list);
  });
  let waiting = bySent.size;
  if (waiting === 0) return;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => { finish = resolve; });
  const listeners: [RemoteAgent, (event: AgentEvent) => void][] = [];
  for (const [hostId, agent] of input.agents) {
    const onEvent = (event: AgentEvent) => {
      if (event.ev === 'seen-batch') {
        for (const [proto, port, nonce] of event.items) {
          if (proto !== 'udp' || port !== input.port) continue;
          const hit = bySeen.get(`${hostId}|${nonce}`);
          if (hit && !hit.t.seen) {
            hit.t.seen = true;
            if (--waiting === 0) finish();
          }
        }
      } else if (event.ev === 'pmtu-sent' && event.error) {
        const hit = bySent.get(`${event.id}|${event.size}`);
        // A size the sender's own interface refuses (EMSGSIZE) will never arrive: stop waiting for it.
        if (hit && hit.e.from === hostId && !hit.t.seen && hit.t.error === null) {
          hit.t.error = event.error;
          if (--waiting === 0) finish();
        }
      }
    };
    agent.on('event', onEvent);
    listeners.push([agent, onEvent]);
  }
  for (const [hostId, items] of bySender) input.agents.get(hostId)?.send({ op: 'pmtu', items });
  // A datagram lost once (a burst, a busy receiver) is sent again; only a size that never arrives
  // counts as lost.
  const resends = RESEND_AT.map((fraction) => setTimeout(() => {
    for (const [hostId, items] of bySender) {
      const again = items
        .map((item) => ({ ...item, sizes: item.sizes.filter((size) => { const t = bySent.get(`${item.id}|${size}`)?.t; return t !== undefined && !t.seen && t.error === null; }) }))
        .filter((item) => item.sizes.length > 0);
      if (again.length) input.agents.get(hostId)?.send({ op: 'pmtu', items: again });
    }
  }, input.timeoutMs * fraction));
  const timer = setTimeout(finish, input.timeoutMs);
  const stopListening = onAbort(input.signal, finish);
  await done;
  clearTimeout(timer);
  for (const t of resends) clearTimeout(t);
  // A datagram waiting unread in the socket of a receiver slow to run its agent arrived all the same.
  if (waiting > 0 && !input.signal.aborted) {
    const receivers = [...bySeen.entries()].filter(([, hit]) => !hit.t.seen && hit.t.error === null).map(([key]) => key.slice(0, key.indexOf('|')));
    await collectCounters(input.agents, receivers, COLLECT_TIMEOUT_MS, input.signal);
  }
  stopListening();
  for (const [agent, onEvent] of listeners) agent.off('event', onEvent);
  for (const { e } of requests) {
    const seen = e.tries.filter((t) => t.seen).map((t) => t.size);
    const lost = e.tries.filter((t) => !t.seen).map((t) => t.size);
    if (seen.length) e.largestSeen = Math.max(...seen);
    const lostAbove = lost.filter((s) => e.largestSeen === undefined || s > e.largestSeen);
    if (lostAbove.length) e.smallestLost = Math.min(...lostAbove);
  }
}
