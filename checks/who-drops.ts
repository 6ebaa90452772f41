// Who drops a failed probe: the sender's output rules, the receiver's input rules, or neither (then the
// packets were lost in the network between the hosts). Each host's ruleset, read before and after the
// probe round, is evaluated against the probe's first packet; a drop rule whose counter rose during
// the round names itself ("counters"); one without a counter is named by the evaluation alone. Pure.
import { decide, type Decision } from '../src/firewall/evaluate.js';
import { counterOf, policyCounterOf, rise } from '../src/firewall/ruleset.js';
import type { Packet, Ruleset } from '../src/firewall/types.js';
import type { DropBy, ProbeResult } from '../src/model.js';

export interface RulesetEvidence {
  before?: Ruleset;
  after?: Ruleset;
  /** Why the ruleset could not be read (needs root, no nft or iptables-save, unreadable output). */
  error?: string;
}

export interface WhoDropsInput {
  probes: ProbeResult[];
  /** The address a host is probed at. */
  address(id: string): string;
  /** The interface and source address a host uses towards a peer address, when known. */
  route?(id: string, peerAddress: string): { dev: string; src: string } | undefined;
  rulesets: Map<string, RulesetEvidence>;
}

/** Reasons of a failed probe whose packets some filter (or the network) stopped. */
export const STOPPED = new Set(['filtered', 'not-received', 'refused', 'rejected', 'unreachable', 'blocked-outbound']);
/** Silent losses: only these can be "lost in the network". */
const SILENT = new Set(['filtered', 'not-received']);

export function evaluateWhoDrops(input: WhoDropsInput): Map<number, DropBy> {
  const found = new Map<number, DropBy>();
  input.probes.forEach((p, i) => {
    if (p.status !== 'fail' || !STOPPED.has(p.reason ?? '')) return;
    const daddr = input.address(p.to);
    const out = input.route?.(p.from, daddr);
    const back = input.route?.(p.to, out?.src ?? input.address(p.from));
    const packet: Packet = { protocol: p.protocol, saddr: out?.src ?? input.address(p.from), daddr, ...(p.protocol === 'esp' ? {} : { dport: p.port }) };
    const sender = side(input.rulesets.get(p.from), { ...packet, ...(out ? { oif: out.dev } : {}) }, 'out', p.from);
    // A send the sender's own kernel refused (EPERM) never left it: only its rules can say why.
    const receiver = p.reason === 'blocked-outbound' ? undefined : side(input.rulesets.get(p.to), { ...packet, ...(back ? { iif: back.dev } : {}) }, 'in', p.to);
    found.set(i, conclude(p, sender, receiver));
  });
  return found;
}

interface Side { host: string; read: boolean; error?: string; drop?: DropBy; uncertain?: string }

function side(ev: RulesetEvidence | undefined, packet: Packet, direction: 'in' | 'out', host: string): Side {
  if (!ev?.after) return { host, read: false, error: ev?.error ?? 'its ruleset was not read' };
  const d = decide(ev.after, packet, direction);
  const where = direction === 'out' ? 'sender' : 'receiver';
  if (d.verdict === 'accept') {
    // A rule the model could not judge may still be the one; its counter can tell.
    const counted = d.maybe ? rise(ev.before && counterOf(ev.before, d.maybe), counterOf(ev.after, d.maybe)) : undefined;
    if (d.maybe && counted) return { host, read: true, drop: { where, host, rule: d.maybe, how: 'counters', packets: counted } };
    return { host, read: true, ...(d.certain ? {} : { uncertain: uncertainty(d) }) };
  }
  return { host, read: true, drop: named(d, ev, where, host) };
}

function named(d: Decision, ev: RulesetEvidence, where: 'sender' | 'receiver', host: string): DropBy {
  const after = ev.after as Ruleset;
  const counted = d.rule
    ? rise(ev.before && counterOf(ev.before, d.rule), counterOf(after, d.rule))
    : d.policy ? rise(ev.before && policyCounterOf(ev.before, d.policy), policyCounterOf(after, d.policy)) : undefined;
  const base: DropBy = { where, host, ...(d.rule ? { rule: d.rule } : {}), ...(d.policy ? { policy: d.policy } : {}) };
  if (counted) return { ...base, how: 'counters', packets: counted };
  const notes: string[] = [];
  if (counted === 0) notes.push(`its counter did not rise during the round: the packets may not have reached ${host}`);
  if (!d.certain) notes.push(uncertainty(d));
  return { ...base, how: 'evaluation', ...(notes.length ? { note: notes.join('; ') } : {}) };
}

function uncertainty(d: Decision): string {
  return d.maybe ? `a rule the tool cannot judge may also drop it: ${d.maybe.text}` : 'a rule the tool cannot judge stood on the way';
}

function conclude(p: ProbeResult, sender: Side, receiver: Side | undefined): DropBy {
  if (sender.drop) return sender.drop;
  if (receiver?.drop) return receiver.drop;
  const unread = [sender, receiver].filter((s): s is Side => s !== undefined && !s.read);
  if (unread.length) {
    return { where: 'unknown', note: unread.map((s) => `could not read ${s.host}'s rules: ${s.error}`).join('; ') };
  }
  const doubts = [sender, receiver].filter((s): s is Side => !!s?.uncertain).map((s) => `on ${s.host}, ${s.uncertain}`);
  if (!SILENT.has(p.reason ?? '')) {
    // Refused or rejected with no rule of either host doing it: a listener missing, or a device on the path.
    return { where: 'unknown', note: `no rule on ${p.from} or ${p.to} rejects it${doubts.length ? `; ${doubts.join('; ')}` : ''}` };
  }
  return { where: 'network', ...(doubts.length ? { note: doubts.join('; ') } : {}) };
}
