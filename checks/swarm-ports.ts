// swarm-ports: every ordered host pair, every swarm port, in both directions.
// gather: `planProbes` (which probes to run); evaluate: `evaluateProbe` (evidence -> verdict). Both pure.
import type { ProbeResult, Protocol, Role } from '../src/model.js';
import type { ProbeEvidence, ProbeSpec } from './types.js';

export const id = 'swarm-ports';
export const title = 'Swarm ports between every pair of hosts';

export interface PlanInput {
  hosts: { id: string; role: Role }[];
  dataPathPort: number;
  esp: boolean;
}

interface PortRule { protocol: Protocol; port: number; toManagersOnly?: boolean; vxlan?: boolean }

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
  const specs: ProbeSpec[] = [];
  const rules = portRules(input.dataPathPort, input.esp);
  for (const from of input.hosts) {
    for (const to of input.hosts) {
      if (from.id === to.id) continue;
      for (const rule of rules) {
        const spec: ProbeSpec = { id: `p${specs.length}`, from: from.id, to: to.id, protocol: rule.protocol, port: rule.port };
        if (rule.vxlan) spec.vxlan = true;
        // A host of unknown role may become a manager, so 2377 is probed towards it too.
        if (rule.toManagersOnly && to.role === 'worker') spec.skip = `${to.id} is a worker; only managers listen on 2377/tcp`;
        specs.push(spec);
      }
    }
  }
  return specs;
}

/** Which receivers each host must open: the ports of every probe into it. */
export function receiversFor(specs: ProbeSpec[], hostId: string): { tcp: number[]; udp: number[]; esp: boolean } {
  const tcp = new Set<number>();
  const udp = new Set<number>();
  let esp = false;
  for (const spec of specs) {
    if (spec.to !== hostId || spec.skip) continue;
    if (spec.protocol === 'tcp') tcp.add(spec.port);
    else if (spec.protocol === 'udp') udp.add(spec.port);
    else esp = true;
  }
  return { tcp: [...tcp].sort((a, b) => a - b), udp: [...udp].sort((a, b) => a - b), esp };
}

export function label(protocol: Protocol, port: number): string {
  return protocol === 'esp' ? 'ESP (IP protocol 50)' : `${port}/${protocol}`;
}

function result(e: ProbeEvidence, status: ProbeResult['status'], reason: string, detail: string, ms: number | null = null): ProbeResult {
  const { from, to, protocol, port } = e.spec;
  return { from, to, protocol, port, status, reason, detail, ms };
}

/** Evidence -> verdict. A UDP or ESP probe passes only when the receiver saw this probe's nonce. */
export function evaluateProbe(e: ProbeEvidence): ProbeResult {
  const { spec } = e;
  const what = label(spec.protocol, spec.port);
  if (spec.skip) return result(e, 'skip', 'not-applicable', spec.skip);
  if (e.sourceError) return result(e, 'error', e.sourceError.kind, `could not test from ${spec.from}: ${e.sourceError.message}`);
  if (e.targetError) return result(e, 'error', e.targetError.kind, `could not test on ${spec.to}: ${e.targetError.message}`);
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
    case 'timeout':
      return result(e, 'fail', 'filtered', `filtered: no answer within ${e.timeoutMs} ms (silently dropped)`, tcp.ms);
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
  const tries = sent.count === 1 ? 'once' : `${sent.count} times`;
  if (e.icmp === 'ECONNREFUSED') {
    return result(e, 'fail', 'rejected', `rejected: sent ${tries}, ${spec.to} answered ICMP port-unreachable and never saw it (a REJECT rule)`);
  }
  return result(e, 'fail', 'not-received', `not received: sent ${tries} within ${e.timeoutMs} ms, ${spec.to} never saw it (dropped)`);
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
