// The probe round across all agents: every receiver opens first (a barrier), then every sender fires
// at once, and the round ends as soon as every probe has its evidence or the probe timeout passes.
import type { ProbeEvidence, ProbeSpec } from '../../checks/types.js';
import { allReceivers } from '../../checks/swarm-ports.js';
import { type AgentEvent, type ListenItem, type ProbeItem, probePayload } from '../agent/protocol.js';
import type { RemoteAgent } from '../agent/remote-agent.js';
import type { Mode } from '../model.js';
import { nonceSource } from './nonces.js';
import { onAbort } from '../abort.js';
import { collectCounters } from './collect.js';
import { countersRose } from '../../checks/overload.js';

export interface RoundInput {
  /** Agents of the hosts that can take part, by host id. */
  agents: Map<string, RemoteAgent>;
  /** Why a host cannot take part, by host id (unreachable, no agent ...). */
  hostErrors: Map<string, { kind: string; message: string }>;
  /** The address each host is probed at. */
  addresses: Map<string, string>;
  specs: ProbeSpec[];
  mode: Mode;
  timeoutMs: number;
  signal: AbortSignal;
  /** TCP through a host's own sshd (direct-tcpip), for hosts where the agent cannot run (no python3). */
  forwarders?: Map<string, Forwarder>;
}

export type Forwarder = (addr: string, port: number, timeoutMs: number, payload: Buffer) => Promise<string>;

export interface RoundOutput {
  evidence: ProbeEvidence[];
  listening: Map<string, ListenItem[]>;
}

type ListeningEvent = Extract<AgentEvent, { ev: 'listening' }>;

const LISTEN_TIMEOUT_MS = 5000;
/** Datagrams not yet seen are sent again at these fractions of the timeout (loss, slow first packet). */
const RESEND_AT = [1 / 3, 2 / 3];

export async function runRound(input: RoundInput): Promise<RoundOutput> {
  const evidence = input.specs.map((spec): ProbeEvidence => ({ spec, timeoutMs: input.timeoutMs }));
  const listening = await openReceivers(input);
  if (input.signal.aborted) {
    for (const e of evidence) e.cutShort = 'the run was stopped before this probe was sent';
    return { evidence, listening };
  }
  // The probes under way, found by what the sender reports (its id) and by what the receiver reports
  // (receiver, port and nonce).
  const live: Live = { byId: new Map(), bySeen: new Map() };
  const bySender = new Map<string, ProbeItem[]>();
  const viaSshd: ProbeItem[] = [];
  const nonce = nonceSource(evidence.length);
  for (const e of evidence) {
    const how = prepare(e, input, listening);
    if (how) {
      const item: ProbeItem = { id: e.spec.id, proto: e.spec.protocol, addr: input.addresses.get(e.spec.to) as string, port: e.spec.port, nonce: nonce() };
      live.bySeen.set(item.nonce, e);
      live.byId.set(e.spec.id, e);
      if (e.spec.vxlan) item.vxlan = true;
      if (e.spec.protocol === 'tcp' && e.receiver?.how === 'bound') item.send = true;
      if (how === 'sshd') {
        viaSshd.push(item);
        continue;
      }
      const list = bySender.get(e.spec.from) ?? [];
      list.push(item);
      bySender.set(e.spec.from, list);
    }
  }
  if (live.byId.size > 0) await fire(input, rotate(bySender, [...input.addresses.keys()], live), viaSshd, live);
  return { evidence, listening };
}

/**
 * Orders each sender's probes so that, at any moment of the round, the senders aim at different
 * receivers: host i probes i+1 first, then i+2, and so on around the inventory. Every receiver then
 * takes its probes from one sender at a time instead of from all of them in the same instant.
 */
function rotate(bySender: Map<string, ProbeItem[]>, order: string[], live: Live): Map<string, ProbeItem[]> {
  const index = new Map(order.map((id, i) => [id, i]));
  const n = order.length;
  for (const [from, items] of bySender) {
    const i = index.get(from) ?? 0;
    const distance = new Map(items.map((item) => [item, ((index.get((live.byId.get(item.id) as ProbeEvidence).spec.to) ?? 0) - i + n) % n]));
    // A stable sort: the probes of one pair keep their order.
    items.sort((a, b) => (distance.get(a) as number) - (distance.get(b) as number));
  }
  return bySender;
}

/** Every host opens the receivers for the probes aimed at it; results by host. */
async function openReceivers(input: RoundInput): Promise<Map<string, ListenItem[]>> {
  const listening = new Map<string, ListenItem[]>();
  const receivers = allReceivers(input.specs);
  await Promise.all([...input.agents].map(async ([hostId, agent]) => {
    const wanted = receivers.get(hostId);
    if (!wanted || (!wanted.tcp.length && !wanted.udp.length && !wanted.esp)) return;
    try {
      const done = agent.waitFor((e): e is ListeningEvent => e.ev === 'listening', LISTEN_TIMEOUT_MS, 'its receivers to open');
      agent.send({ op: 'listen', mode: input.mode, ...wanted });
      listening.set(hostId, (await done).items);
    } catch (error) {
      // Stopped by the run (deadline, Ctrl-C): the host did nothing wrong.
      if (!input.signal.aborted) input.hostErrors.set(hostId, { kind: 'agent', message: (error as Error).message });
    }
  }));
  return listening;
}

/** Fills in what is already known; says how the probe is to be sent, or false when it is not. */
function prepare(e: ProbeEvidence, input: RoundInput, listening: Map<string, ListenItem[]>): 'agent' | 'sshd' | false {
  const { spec } = e;
  if (spec.skip) return false;
  const sourceError = input.hostErrors.get(spec.from);
  const sshd = spec.protocol === 'tcp' && sourceError?.kind === 'tool-missing' && input.forwarders?.has(spec.from);
  if (sourceError && !sshd) e.sourceError = sourceError;
  const targetError = input.hostErrors.get(spec.to);
  if (targetError) e.targetError = targetError;
  e.receiver = listening.get(spec.to)?.find((item) => item.proto === spec.protocol && item.port === spec.port);
  if (e.sourceError || e.targetError || !e.receiver || e.receiver.how === 'error') return false;
  if (sshd) return 'sshd';
  return input.agents.has(spec.from) ? 'agent' : false;
}

/** The probes under way by id, and by nonce (unique to each probe of the round). */
interface Live { byId: Map<string, ProbeEvidence>; bySeen: Map<string, ProbeEvidence> }

/** Each sender's probes are started evenly over this much time per probe (a 200-host mesh: 0.2 s). */
const SPREAD_PER_PROBE_MS = 0.25;
/** How long past its plan a sender may take to report every outcome, on a host slow to schedule it. */
const SENDER_SLACK_MS = 5000;
const COLLECT_TIMEOUT_MS = 3000;

/** How long a sender spreads its starts over: short against the timeout, so the round stays about one timeout long. */
export function spreadFor(items: number, timeoutMs: number): number {
  return Math.round(Math.min(timeoutMs / 4, items * SPREAD_PER_PROBE_MS));
}

/** When a TCP probe's second connect starts: after the kernel has retransmitted the first SYN (at 1 s), within the timeout. */
export function retryFor(timeoutMs: number): number {
  return Math.round(Math.max(timeoutMs / 2, Math.min(1100, timeoutMs * 0.75)));
}

async function fire(input: RoundInput, bySender: Map<string, ProbeItem[]>, viaSshd: ProbeItem[], live: Live): Promise<void> {
  let started = Date.now();
  let pending = live.byId.size;
  const settled = new Set<string>();
  const senders = new Set(bySender.keys());
  let finish: () => void = () => {};
  let sendersDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => { finish = resolve; });
  const allSent = new Promise<void>((resolve) => { sendersDone = resolve; });
  if (senders.size === 0) sendersDone();
  const spreadMs = Math.max(0, ...[...bySender.values()].map((items) => spreadFor(items.length, input.timeoutMs)));

  const settle = (e: ProbeEvidence) => {
    if (settled.has(e.spec.id)) return;
    // TCP to our own listener also waits for the nonce to arrive at the receiver.
    const done = e.spec.protocol === 'tcp'
      ? e.tcp !== undefined && (e.tcp.outcome !== 'connected' || e.receiver?.how !== 'bound' || e.seen !== undefined)
      : e.seen !== undefined || (e.sent !== undefined && e.sent.count === 0);
    if (!done) return;
    settled.add(e.spec.id);
    if (--pending === 0) finish();
  };
  const senderDone = (hostId: string) => {
    if (senders.delete(hostId) && senders.size === 0) sendersDone();
  };

  const listeners: [RemoteAgent, (event: AgentEvent) => void, () => void][] = [];
  for (const [hostId, agent] of input.agents) {
    const onEvent = (event: AgentEvent) => {
      if (event.ev === 'seen-batch') {
        const ms = Date.now() - started;
        for (const [proto, port, nonce, src, via] of event.items) {
          // Only the intended receiver's report counts: the nonce is matched with its host and port.
          const e = live.bySeen.get(nonce);
          if (e && !e.seen && e.spec.to === hostId && e.spec.protocol === proto && e.spec.port === port) {
            e.seen = { src, via, ms };
            settle(e);
          }
        }
      } else if (event.ev === 'results') {
        for (const [id, outcome, ms, errno, connects] of event.items) {
          const e = live.byId.get(id);
          if (!e || e.spec.from !== hostId || e.tcp) continue;
          e.tcp = { outcome, ms, errno, ...(connects > 1 ? { connects } : {}) };
          settle(e);
        }
      } else if (event.ev === 'sent') {
        for (const item of event.items) {
          const e = live.byId.get(item.id);
          if (!e || e.spec.from !== hostId) continue;
          e.sent = { count: item.count, error: item.error, ms: item.ms };
          settle(e);
        }
      } else if (event.ev === 'icmp') {
        const e = live.byId.get(event.id);
        if (!e || e.spec.from !== hostId) return;
        e.icmp = event.errno;
        settle(e);
      } else if (event.ev === 'probe-done') {
        senderDone(hostId);
      }
    };
    // An agent that dies mid-round leaves its probes without evidence; they end as errors.
    const onExit = () => {
      senderDone(hostId);
      for (const e of live.byId.values()) {
        if ((e.spec.from === hostId || e.spec.to === hostId) && !settled.has(e.spec.id)) {
          e.cutShort = `the agent on ${hostId} exited during the probe round`;
          settled.add(e.spec.id);
          if (--pending === 0) finish();
        }
      }
    };
    agent.on('event', onEvent);
    agent.once('exit', onExit);
    listeners.push([agent, onEvent, onExit]);
  }

  await deliverPlans(input, bySender);
  if (input.signal.aborted) bySender.clear();
  started = Date.now();
  for (const hostId of bySender.keys()) input.agents.get(hostId)?.send({ op: 'go' });
  for (const item of viaSshd) {
    const e = live.byId.get(item.id) as ProbeEvidence;
    const forward = input.forwarders?.get(e.spec.from) as Forwarder;
    const payload = item.send ? probePayload(item.nonce) : Buffer.alloc(0);
    forward(item.addr, item.port, input.timeoutMs, payload).then((outcome) => {
      e.tcp = { ...sshdOutcome(outcome), ms: Date.now() - started, via: 'sshd' };
      settle(e);
    }, (error: Error) => {
      e.tcp = { outcome: 'error', errno: error.message, ms: Date.now() - started, via: 'sshd' };
      settle(e);
    });
  }

  // Only the datagrams' ids are kept for their resends: the plan's items are not needed any more.
  const datagrams = new Map([...bySender].map(([hostId, items]) => [hostId, items.filter((i) => i.proto !== 'tcp').map((i) => i.id)]));
  bySender.clear();
  const timers = RESEND_AT.map((fraction) => setTimeout(() => {
    for (const [hostId, all] of datagrams) {
      const ids = all.filter((id) => !settled.has(id));
      if (ids.length) input.agents.get(hostId)?.send({ op: 'resend', ids });
    }
  }, spreadMs + input.timeoutMs * fraction));
  const after = (ms: number) => new Promise<void>((resolve) => timers.push(setTimeout(resolve, ms)));
  // Removed when the round ends: a listener left on the run's signal would keep this round's every
  // probe and its evidence alive to the end of the run (about 100 MB at 200 hosts).
  let undoAbort = () => {};
  const aborted = new Promise<void>((resolve) => { undoAbort = onAbort(input.signal, resolve); });
  // Done when every probe has its evidence; otherwise once every sender has reported every outcome
  // and the datagrams' time is up (bounded, for a sender that never reports).
  const windowClosed = Promise.all([allSent, after(spreadMs + input.timeoutMs)]);
  await Promise.race([finished, windowClosed, after(spreadMs + input.timeoutMs + SENDER_SLACK_MS), aborted]);
  if (!input.signal.aborted) await collectMissing(input, live, settled, settle);
  undoAbort();
  for (const timer of timers) clearTimeout(timer);
  for (const [agent, onEvent, onExit] of listeners) {
    agent.off('event', onEvent);
    agent.off('exit', onExit);
  }
  if (input.signal.aborted) {
    for (const e of live.byId.values()) if (!settled.has(e.spec.id)) e.cutShort = 'the run was interrupted before this probe finished';
  }
}

type PlannedEvent = Extract<AgentEvent, { ev: 'planned' }>;

/**
 * Every sender gets its plan and confirms it before any starts (`go`): delivering 200 plans took 11 s
 * while the first hosts were already probing, and the round's timers ran from before it.
 */
async function deliverPlans(input: RoundInput, bySender: Map<string, ProbeItem[]>): Promise<void> {
  const retryMs = retryFor(input.timeoutMs);
  await Promise.all([...bySender].map(async ([hostId, items]) => {
    const agent = input.agents.get(hostId);
    if (!agent) return;
    const planned = agent.waitFor((e): e is PlannedEvent => e.ev === 'planned', LISTEN_TIMEOUT_MS, 'its probe plan to arrive');
    agent.send({ op: 'plan', timeoutMs: input.timeoutMs, retryMs, spreadMs: spreadFor(items.length, input.timeoutMs), items });
    // An agent that does not confirm still gets `go`: its probes' own evidence (or none) tells.
    await planned.catch(() => undefined);
  }));
}

/**
 * Probes still without evidence: their hosts read what has arrived (a nonce waiting in a socket
 * buffer of a host that was slow to run its agent) and say whether they dropped anything themselves.
 */
async function collectMissing(input: RoundInput, live: Live, settled: Set<string>, settle: (e: ProbeEvidence) => void): Promise<void> {
  // Missing: no evidence yet, or a TCP probe that got no answer at all.
  const missing = (e: ProbeEvidence) => !settled.has(e.spec.id) || e.tcp?.outcome === 'timeout';
  const open = [...live.byId.values()].filter(missing);
  if (open.length === 0) return;
  const hosts = new Set(open.flatMap((e) => [e.spec.from, e.spec.to]));
  const counters = await collectCounters(input.agents, hosts, COLLECT_TIMEOUT_MS, input.signal);
  for (const e of open) {
    settle(e);
    if (!missing(e)) continue;
    const receiver = countersRose(counters.get(e.spec.to)?.before, counters.get(e.spec.to)?.after);
    const sender = countersRose(counters.get(e.spec.from)?.before, counters.get(e.spec.from)?.after);
    if (Object.keys(receiver).length || Object.keys(sender).length) e.overload = { receiver, sender };
  }
}

function sshdOutcome(outcome: string): { outcome: NonNullable<ProbeEvidence['tcp']>['outcome']; errno: string | null } {
  if (outcome === 'connected' || outcome === 'refused' || outcome === 'timeout' || outcome === 'unreachable') return { outcome, errno: null };
  // 'prohibited' (AllowTcpForwarding no) or sshd's own failure text: the probe could not be made.
  return { outcome: 'error', errno: outcome === 'prohibited' ? 'sshd forbids TCP forwarding (AllowTcpForwarding no)' : outcome };
}
