// swarm-ports: every ordered host pair, every swarm port, in both directions.
// gather: `planProbes` (which probes to run); evaluate: `evaluateProbe` (evidence -> verdict). Both pure.
import type { ProbeResult, Protocol, Role } from '../src/model.js';
import type { ProbeEvidence, ProbeSpec } from './types.js';
import { describeRise, overloadOf } from './overload.js';

export const id = 'swarm-ports';
export const title = 'Swarm ports between every pair of hosts';

export interface PlanInput {
  hosts: { id: string; role: Role }[];
  dataPathPort: number;
  esp: boolean;
}

export interface PortRule { protocol: Protocol; port: number; toManagersOnly?: boolean; vxlan?: boolean }

export function portRules(dataPathPort: number, esp: boolean): PortRule[] {
  const rules: PortRule[] = [
    { protocol: 'tcp', port: 2377, toManagersOnly: true },
    { protocol: 'tcp', port: 7946 },
    { protocol: 'udp', port: 7946 },
    { protocol: 'udp', port: dataPathPort, vxlan: true },
  ];
  if (esp) rules.push({ protocol: 'esp', port: 0 });
  return rules;
}

/** The probe plan: one spec per ordered pair and port, 2377 towards workers marked skip. */
export function planProbes(input: PlanInput): ProbeSpec[] {
  return [...planSpecs(input)];
}

/** The plan one probe at a time, in plan order (from host, to host, port): 4·N² of them. */
export function* planSpecs(input: PlanInput): Generator<ProbeSpec> {
  const rules = portRules(input.dataPathPort, input.esp);
  let n = 0;
  for (const from of input.hosts) {
    for (const to of input.hosts) {
      if (from.id === to.id) continue;
      for (const rule of rules) {
        const spec: ProbeSpec = { id: `p${n++}`, from: from.id, to: to.id, protocol: rule.protocol, port: rule.port };
        if (rule.vxlan) spec.vxlan = true;
        const skip = ruleSkip(rule, to);
        if (skip) spec.skip = skip;
        yield spec;
      }
    }
  }
}

/** Why a rule's probe towards this host is not run: 2377/tcp towards a worker; none otherwise. */
export function ruleSkip(rule: PortRule, to: { id: string; role: Role }): string | undefined {
  // A host of unknown role may become a manager, so 2377 is probed towards it too.
  return rule.toManagersOnly && to.role === 'worker' ? `${to.id} is a worker; only managers listen on 2377/tcp` : undefined;
}

export interface Receivers { tcp: number[]; udp: number[]; esp: boolean }

/** Which receivers each host must open: the ports of every probe into it. */
export function receiversFor(specs: ProbeSpec[], hostId: string): Receivers {
  return allReceivers(specs).get(hostId) ?? { tcp: [], udp: [], esp: false };
}

/** The receivers of every host that is probed, in one pass over the plan (it has 4·N² probes). */
export function allReceivers(specs: ProbeSpec[]): Map<string, Receivers> {
  const wanted = new Map<string, { tcp: Set<number>; udp: Set<number>; esp: boolean }>();
  for (const spec of specs) {
    if (spec.skip) continue;
    let w = wanted.get(spec.to);
    if (!w) wanted.set(spec.to, w = { tcp: new Set(), udp: new Set(), esp: false });
    if (spec.protocol === 'tcp') w.tcp.add(spec.port);
    else if (spec.protocol === 'udp') w.udp.add(spec.port);
    else w.esp = true;
  }
  const sorted = (ports: Set<number>) => [...ports].sort((a, b) => a - b);
  return new Map([...wanted].map(([id, w]) => [id, { tcp: sorted(w.tcp), udp: sorted(w.udp), esp: w.esp }]));
}

export function label(protocol: Protocol, port: number): string {
  return protocol === 'esp' ? 'ESP (IP protocol 50)' : `${port}/${protocol}`;
}

function result(e: ProbeEvidence, status: ProbeResult['status'], reason: string, detail: string, ms: number | null = null): ProbeResult {
  const { from, to, protocol, port } = e.spec;
  return { from, to, protocol, port, status, reason, detail, ms };
}

/** Why a probe was not run: its sender (`from`) or its receiver (`on`) could not take part. */
export function untestedDetail(side: 'from' | 'on', host: string, message: string): string {
  return `could not test ${side} ${host}: ${message}`;
}

/** Evidence -> verdict. A UDP or ESP probe passes only when the receiver saw this probe's nonce. */
export function evaluateProbe(e: ProbeEvidence): ProbeResult {
  const { spec } = e;
  const what = label(spec.protocol, spec.port);
  if (spec.skip) return result(e, 'skip', 'not-applicable', spec.skip);
  if (e.sourceError) return result(e, 'error', e.sourceError.kind, untestedDetail('from', spec.from, e.sourceError.message));
  if (e.targetError) return result(e, 'error', e.targetError.kind, untestedDetail('on', spec.to, e.targetError.message));
  const receiver = e.receiver;
  // A run stopped before the receivers opened blames neither host.
  if (!receiver && e.cutShort) return result(e, 'error', 'interrupted', e.cutShort);
  if (!receiver) return result(e, 'error', 'agent', `${spec.to} opened no receiver for ${what}`);
  if (receiver.how === 'error') return result(e, 'error', receiver.kind ?? 'agent', `${spec.to}: ${receiver.error ?? 'receiver failed'}`);
  return spec.protocol === 'tcp' ? evaluateTcp(e, what) : evaluateDatagram(e, what);
}

function evaluateTcp(e: ProbeEvidence, what: string): ProbeResult {
  const { spec, tcp, receiver } = e;
  const ownListener = receiver?.how === 'bound';
  if (!tcp) {
    return result(e, 'error', e.cutShort ? 'interrupted' : 'agent', e.cutShort ?? `${spec.from} reported no result for ${what}`);
  }
  const through = tcp.via === 'sshd' ? ` (through ${spec.from}'s sshd: no python3 there)` : '';
  if (tcp.errno && LOCAL_REFUSALS.has(tcp.errno)) return blockedOutbound(e, what, tcp.errno, tcp.ms);
  switch (tcp.outcome) {
    case 'connected':
      if (!ownListener) return result(e, 'pass', 'connected', `connected to the ${owner(e)} listener on ${spec.to}${through}`, tcp.ms);
      if (e.seen) return result(e, 'pass', 'connected', `connected; ${spec.to} received the nonce${through}`, tcp.ms);
      return result(e, 'fail', 'wrong-peer', `connected, but the listener on ${spec.to} never received the nonce: something else answered (NAT, proxy or a wrong address)`, tcp.ms);
    case 'refused':
      return result(e, 'fail', 'refused', ownListener
        ? `refused (RST) although ${spec.to} was listening: a REJECT rule`
        : `refused (RST): nothing listening on ${spec.to}:${spec.port}, or a REJECT rule`, tcp.ms);
    case 'timeout': {
      const dropped = droppedByHost(e, tcp.ms);
      if (dropped) return dropped;
      const connects = (tcp.connects ?? 1) > 1 ? ` to ${tcp.connects} connects` : '';
      return result(e, 'fail', 'filtered', `filtered: no answer${connects} within ${e.timeoutMs} ms (silently dropped)`, tcp.ms);
    }
    case 'unreachable':
      return result(e, 'fail', 'unreachable', `unreachable (${tcp.errno ?? 'ICMP'}): no route, or an ICMP-prohibited REJECT`, tcp.ms);
    default:
      return result(e, 'error', 'agent', `connect failed locally on ${spec.from}: ${tcp.errno ?? 'unknown error'}`, tcp.ms);
  }
}

function evaluateDatagram(e: ProbeEvidence, what: string): ProbeResult {
  const { spec, sent, seen } = e;
  if (seen) {
    const via = seen.via === 'raw' ? ` (seen behind its firewall while ${owner(e)} holds the port)` : '';
    return result(e, 'pass', 'received', `${spec.to} received the probe${via}`, seen.ms);
  }
  if (sent && sent.count === 0) {
    if (sent.error && LOCAL_REFUSALS.has(sent.error)) return blockedOutbound(e, what, sent.error, sent.ms);
    if (sent.error === 'needs-root') return result(e, 'error', 'needs-root', `needs root on ${spec.from} to send ${what}`);
    return result(e, 'error', 'send-failed', `${spec.from} could not send ${what}: ${sent.error ?? 'unknown error'}`);
  }
  if (!sent) {
    return result(e, 'error', e.cutShort ? 'interrupted' : 'agent', e.cutShort ?? `${spec.from} reported no send for ${what}`);
  }
  if (e.cutShort) return result(e, 'error', 'interrupted', e.cutShort);
  const dropped = droppedByHost(e, null);
  if (dropped) return dropped;
  const tries = sent.count === 1 ? 'once' : `${sent.count} times`;
  if (e.icmp === 'ECONNREFUSED') {
    return result(e, 'fail', 'rejected', `rejected: sent ${tries}, ${spec.to} answered ICMP port-unreachable and never saw it (a REJECT rule)`);
  }
  return result(e, 'fail', 'not-received', `not received: sent ${tries} within ${e.timeoutMs} ms, ${spec.to} never saw it (dropped)`);
}

/** A missing probe that one of its own hosts dropped (its drop counters rose): that host's error, not the network's. */
function droppedByHost(e: ProbeEvidence, ms: number | null): ProbeResult | undefined {
  const hit = overloadOf(e.spec.protocol, e.spec.from, e.spec.to, e.overload);
  if (!hit) return undefined;
  return result(e, 'error', 'overloaded', `${hit.host} was overloaded and dropped probes itself (${describeRise(hit.counters)}): not a network failure; run the check again, or with a longer --timeout`, ms);
}

/** The sender's own kernel refused to send: its OUTPUT rules (netfilter answers a local drop with EPERM). */
const LOCAL_REFUSALS = new Set(['EPERM', 'EACCES']);

/** Conclusive: the packet never left the sender, so the cell fails and the fix is on the sender. */
function blockedOutbound(e: ProbeEvidence, what: string, errno: string, ms: number): ProbeResult {
  return result(e, 'fail', 'blocked-outbound', `blocked on ${e.spec.from} itself: sending ${what} failed with ${errno} (its own outbound firewall rules)`, ms);
}

function owner(e: ProbeEvidence): string {
  const o = e.receiver?.owner;
  if (!o) return 'existing';
  return o.pid === null ? o.comm : `${o.comm}`;
}
