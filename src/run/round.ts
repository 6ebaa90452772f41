// The probe round across all agents: every receiver opens first (a barrier), then every sender fires
// at once, and the round ends as soon as every probe has its evidence or the probe timeout passes.
import type { ProbeEvidence, ProbeSpec } from '../../checks/types.js';
import { receiversFor } from '../../checks/swarm-ports.js';
import { type AgentEvent, type ListenItem, type ProbeItem, probePayload } from '../agent/protocol.js';
import type { RemoteAgent } from '../agent/remote-agent.js';
import type { Mode } from '../model.js';
import { nonceSource } from './nonces.js';

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
      live.bySeen.set(`${e.spec.to}|${e.spec.protocol}|${e.spec.port}|${item.nonce}`, e);
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
  if (live.byId.size > 0) await fire(input, bySender, viaSshd, live);
  return { evidence, listening };
}

/** Every host opens the receivers for the probes aimed at it; results by host. */
async function openReceivers(input: RoundInput): Promise<Map<string, ListenItem[]>> {
  const listening = new Map<string, ListenItem[]>();
  await Promise.all([...input.agents].map(async ([hostId, agent]) => {
    const wanted = receiversFor(input.specs, hostId);
    if (!wanted.tcp.length && !wanted.udp.length && !wanted.esp) return;
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

interface Live { byId: Map<string, ProbeEvidence>; bySeen: Map<string, ProbeEvidence> }

async function fire(input: RoundInput, bySender: Map<string, ProbeItem[]>, viaSshd: ProbeItem[], live: Live): Promise<void> {
  const started = Date.now();
  let pending = live.byId.size;
  const settled = new Set<string>();
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => { finish = resolve; });

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

  const listeners: [RemoteAgent, (event: AgentEvent) => void, () => void][] = [];
  for (const [hostId, agent] of input.agents) {
    const onEvent = (event: AgentEvent) => {
      if (event.ev === 'seen') {
        // Only the intended receiver's report counts: the nonce is matched with its host.
        const e = live.bySeen.get(`${hostId}|${event.proto}|${event.port}|${event.nonce}`);
        if (e && !e.seen) {
          e.seen = { src: event.src, via: event.via, ms: Date.now() - started };
          settle(e);
        }
        return;
      }
      if (event.ev === 'sent') {
        for (const item of event.items) {
          const e = live.byId.get(item.id);
          if (!e || e.spec.from !== hostId) continue;
          e.sent = { count: item.count, error: item.error, ms: item.ms };
          settle(e);
        }
        return;
      }
      if (event.ev !== 'result' && event.ev !== 'icmp') return;
      const e = live.byId.get(event.id);
      if (!e || e.spec.from !== hostId) return;
      if (event.ev === 'result') e.tcp = { outcome: event.outcome, ms: event.ms, errno: event.errno };
      else e.icmp = event.errno;
      settle(e);
    };
    // An agent that dies mid-round leaves its probes without evidence; they end as errors.
    const onExit = () => {
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

  for (const [hostId, items] of bySender) input.agents.get(hostId)?.send({ op: 'probe', timeoutMs: input.timeoutMs, items });
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

  const timers = RESEND_AT.map((fraction) => setTimeout(() => {
    for (const [hostId, items] of bySender) {
      const ids = items.filter((i) => i.proto !== 'tcp' && !settled.has(i.id)).map((i) => i.id);
      if (ids.length) input.agents.get(hostId)?.send({ op: 'resend', ids });
    }
  }, input.timeoutMs * fraction));
  // TCP timeouts are measured by the sender; allow it a moment to report them.
  const timeout = new Promise<void>((resolve) => timers.push(setTimeout(resolve, input.timeoutMs + 500)));
  const aborted = new Promise<void>((resolve) => {
    if (input.signal.aborted) resolve();
    input.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.race([finished, timeout, aborted]);
  for (const timer of timers) clearTimeout(timer);
  for (const [agent, onEvent, onExit] of listeners) {
    agent.off('event', onEvent);
    agent.off('exit', onExit);
  }
  if (input.signal.aborted) {
    for (const e of live.byId.values()) if (!settled.has(e.spec.id)) e.cutShort = 'the run was interrupted before this probe finished';
  }
}

function sshdOutcome(outcome: string): { outcome: NonNullable<ProbeEvidence['tcp']>['outcome']; errno: string | null } {
  if (outcome === 'connected' || outcome === 'refused' || outcome === 'timeout' || outcome === 'unreachable') return { outcome, errno: null };
  // 'prohibited' (AllowTcpForwarding no) or sshd's own failure text: the probe could not be made.
  return { outcome: 'error', errno: outcome === 'prohibited' ? 'sshd forbids TCP forwarding (AllowTcpForwarding no)' : outcome };
}
