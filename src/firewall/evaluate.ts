// What a host's filter does with a probe's first packet, found the way netfilter would: the base
// chains of each hook in priority order (an accept ends only its own base chain, a drop or reject is
// final), rules in order, jumps and gotos, verdict maps and chain policies. Pure. Where a rule has a
// condition the model cannot judge, the answer says it is uncertain instead of guessing.
import type { Chain, Cond, Hook, Packet, Rule, RuleRef, Ruleset, Verdict } from './types.js';
import { containsAddress } from './address.js';

type Tri = 'yes' | 'no' | 'maybe';

export interface PolicyRef { source: Chain['source']; family: string; table: string; chain: string }

export interface Decision {
  verdict: 'accept' | 'drop' | 'reject';
  /** The rule that dropped or rejected it. */
  rule?: RuleRef;
  /** The chain whose policy dropped it. */
  policy?: PolicyRef;
  /** False when a rule the model could not judge stood before the decision. */
  certain: boolean;
  /** The first drop/reject rule whose match could not be judged (it may be the one). */
  maybe?: RuleRef;
  /** Chains passed, in order ("inet corp_fw in_filter", "filter INPUT"). */
  path: string[];
}

const HOOKS: Record<'in' | 'out', Hook[]> = { in: ['ingress', 'prerouting', 'input'], out: ['output', 'postrouting'] };
const MAX_DEPTH = 32;

export function decide(ruleset: Ruleset, packet: Packet, direction: 'in' | 'out'): Decision {
  const byName = new Map(ruleset.chains.map((c) => [key(c, c.name), c]));
  const state: State = { skipped: false, maybeDrop: false, path: [] };
  packet = { ...packet, inbound: direction === 'in' };
  for (const hook of HOOKS[direction]) {
    const bases = ruleset.chains
      .filter((c) => c.hook === hook && appliesTo(c, packet, direction))
      .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    for (const base of bases) {
      const out = walk(base, packet, byName, state, 0);
      if (out.k === 'drop' || out.k === 'reject') return { verdict: out.k, ...(out.rule ? { rule: out.rule } : {}), certain: !state.skipped, ...maybeOf(state, out.rule), path: state.path };
      if (out.k === 'accept') continue;
      if (base.policy === 'drop') {
        return { verdict: 'drop', policy: { source: base.source, family: base.family, table: base.table, chain: base.name }, certain: !state.skipped, ...maybeOf(state), path: state.path };
      }
    }
  }
  return { verdict: 'accept', certain: !state.maybeDrop, ...maybeOf(state), path: state.path };
}

/**
 * skipped: a rule that might have accepted or returned was passed over (a later drop is uncertain);
 * maybeDrop: a rule that might have dropped was passed over (a final accept is uncertain).
 */
interface State { skipped: boolean; maybeDrop: boolean; maybe?: RuleRef; path: string[] }

function maybeOf(state: { maybe?: RuleRef }, decided?: RuleRef): { maybe?: RuleRef } {
  return state.maybe && state.maybe !== decided ? { maybe: state.maybe } : {};
}

function key(c: Chain, name: string): string {
  return `${c.source} ${c.family} ${c.table} ${name}`;
}

/** IPv4 packets meet ip and inet tables (and netdev on their device); iptables-save is IPv4. */
function appliesTo(c: Chain, p: Packet, direction: 'in' | 'out'): boolean {
  if (c.family === 'ip' || c.family === 'inet') return true;
  if (c.family === 'netdev' && direction === 'in') return !c.devices?.length || !p.iif || c.devices.includes(p.iif);
  return false;
}

type Outcome = { k: 'accept' | 'drop' | 'reject'; rule?: RuleRef } | { k: 'return' } | { k: 'end' };

function walk(chain: Chain, p: Packet, byName: Map<string, Chain>, state: State, depth: number): Outcome {
  state.path.push(chain.source === 'nft' ? `${chain.family} ${chain.table} ${chain.name}` : `${chain.table} ${chain.name}`);
  if (depth > MAX_DEPTH) {
    state.skipped = true;
    state.maybeDrop = true;
    return { k: 'end' };
  }
  for (const rule of chain.rules) {
    const m = matchRule(rule.conds, p);
    if (m === 'no') continue;
    let verdict: Verdict | undefined = rule.verdict;
    if (verdict.k === 'vmap') {
      const hit = lookupVmap(verdict, p);
      if (hit.uncertain) { state.skipped = true; state.maybeDrop = true; }
      verdict = hit.verdict;
      if (!verdict) continue;
    }
    if (verdict.k === 'continue') continue;
    const ref = refOf(chain, rule);
    if (m === 'maybe') {
      // The model cannot judge this rule: note it, and go on as if it did not match.
      if (verdict.k === 'drop' || verdict.k === 'reject') {
        state.maybeDrop = true;
        if (!state.maybe) state.maybe = ref;
        continue;
      }
      if (verdict.k === 'accept' || verdict.k === 'return') {
        state.skipped = true;
        continue;
      }
    }
    switch (verdict.k) {
      case 'accept': case 'drop': case 'reject': return { k: verdict.k, rule: ref };
      case 'return': return { k: 'return' };
      case 'jump': case 'goto': {
        const target = byName.get(key(chain, verdict.chain));
        if (!target) {
          state.skipped = true;
          state.maybeDrop = true;
          continue;
        }
        const out = walk(target, p, byName, state, depth + 1);
        if (out.k === 'accept' || out.k === 'drop' || out.k === 'reject') return out;
        if (verdict.k === 'goto') return { k: 'return' };
        continue;
      }
      default: continue;
    }
  }
  return { k: 'end' };
}

function lookupVmap(v: Extract<Verdict, { k: 'vmap' }>, p: Packet): { verdict?: Verdict; uncertain: boolean } {
  let uncertain = false;
  for (const e of v.entries) {
    const m = matchCond(e.cond, p);
    if (m === 'yes') return { verdict: e.verdict, uncertain };
    if (m === 'maybe') uncertain = true;
  }
  return { uncertain };
}

export function refOf(chain: Chain, rule: Rule): RuleRef {
  return {
    source: chain.source, family: chain.family, table: chain.table, chain: chain.name,
    ...(rule.handle !== undefined ? { handle: rule.handle } : {}),
    ...(rule.number !== undefined ? { number: rule.number } : {}),
    text: rule.text,
    ...(rule.comment ? { comment: rule.comment } : {}),
  };
}

const LOCAL_ONLY = [/^lo$/, /^docker0$/, /^docker_gwbridge$/, /^br-[0-9a-f]+\*?$/, /^veth/];

function isLocalOnly(name: string): boolean {
  return LOCAL_ONLY.some((r) => r.test(name));
}

export function matchRule(conds: Cond[], p: Packet): Tri {
  let result: Tri = 'yes';
  for (const c of conds) {
    const m = matchCond(c, p);
    if (m === 'no') return 'no';
    if (m === 'maybe') result = 'maybe';
  }
  return result;
}

function flip(t: Tri, neg: boolean): Tri {
  if (!neg || t === 'maybe') return t;
  return t === 'yes' ? 'no' : 'yes';
}

export function matchCond(c: Cond, p: Packet): Tri {
  switch (c.k) {
    case 'l4proto': return flip(c.values.includes(p.protocol) ? 'yes' : 'no', c.neg);
    case 'dport': {
      // ESP has no ports: a port match cannot hold.
      if (p.dport === undefined) return c.neg ? 'yes' : 'no';
      return flip(c.ranges.some(([a, b]) => p.dport as number >= a && p.dport as number <= b) ? 'yes' : 'no', c.neg);
    }
    case 'sport': {
      if (p.protocol === 'esp') return c.neg ? 'yes' : 'no';
      // The probe's source port is whatever the sender's kernel chose.
      return c.ranges.some(([a, b]) => a <= 1 && b === 65535) ? flip('yes', c.neg) : 'maybe';
    }
    case 'saddr': return flip(c.cidrs.some((cidr) => containsAddress(cidr, p.saddr)) ? 'yes' : 'no', c.neg);
    case 'daddr': return flip(c.cidrs.some((cidr) => containsAddress(cidr, p.daddr)) ? 'yes' : 'no', c.neg);
    case 'iif': case 'oif': {
      const dev = c.k === 'iif' ? p.iif : p.oif;
      if (dev) return flip(c.names.some((n) => (n.endsWith('*') ? dev.startsWith(n.slice(0, -1)) : dev === n)) ? 'yes' : 'no', c.neg);
      // A probe between hosts crosses the underlay: never loopback or docker's own bridges and veths.
      if (c.names.every(isLocalOnly)) return flip('no', c.neg);
      return 'maybe';
    }
    // A probe's first packet opens a new connection.
    case 'ctstate': return flip(c.states.includes('new') ? 'yes' : 'no', c.neg);
    case 'family': return c.family === 4 ? 'yes' : 'no';
    case 'ipsec': return c.policy === 'none' ? 'yes' : 'no';
    // Inbound, the destination is one of the host's own addresses; outbound, the source is.
    case 'addrtype': {
      if (!c.types.every((t) => t === 'local')) return 'maybe';
      const local = (c.which === 'dst') === (p.inbound === true);
      return p.inbound === undefined ? 'maybe' : flip(local ? 'yes' : 'no', c.neg);
    }
    case 'unknown': return 'maybe';
  }
}
