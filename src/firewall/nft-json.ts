// `nft -j list ruleset` into the filter model: base chains with hook, priority and policy, rules with
// their counters, comments and the matches a probe is judged by. Untrusted input: every value is
// checked; what the model cannot judge becomes an `unknown` condition, never a guess.
import type { Chain, Cond, Counter, Hook, Rule, Verdict } from './types.js';
import { cleanText, isAddressOrPrefix, isCount, isPort, isSafeIfname, isSafeName } from './validate.js';

type Json = Record<string, unknown>;
type SetElems = Map<string, unknown[]>;

const FAMILIES = new Set(['ip', 'ip6', 'inet', 'bridge', 'netdev', 'arp']);
const HOOKS = new Set<Hook>(['ingress', 'prerouting', 'input', 'forward', 'output', 'postrouting']);
const PROTO_NUMBERS: Record<number, string> = { 6: 'tcp', 17: 'udp', 50: 'esp', 1: 'icmp', 58: 'ipv6-icmp', 132: 'sctp', 136: 'udplite', 33: 'dccp' };
/** Rules beyond this many in one listing are not read (a bound on hostile input). */
const MAX_ITEMS = 50_000;

export interface NftParse { chains: Chain[]; version?: string }

/** Throws an Error saying what was wrong when the text is not an nft JSON listing. */
export function parseNftJson(text: string, texts: Map<string, string> = new Map()): NftParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error('nft -j list ruleset: not JSON');
  }
  const items = (doc as Json)?.nftables;
  if (!Array.isArray(items)) throw new Error('nft -j list ruleset: no "nftables" array');
  if (items.length > MAX_ITEMS) throw new Error(`nft -j list ruleset: more than ${MAX_ITEMS} objects`);
  const sets: SetElems = new Map();
  const chains = new Map<string, Chain>();
  let version: string | undefined;
  for (const item of items as Json[]) {
    if (!item || typeof item !== 'object') continue;
    const meta = item.metainfo as Json | undefined;
    if (meta && typeof meta.version === 'string' && /^[\d.]{1,16}$/.test(meta.version)) version = meta.version;
    const set = (item.set ?? item.map) as Json | undefined;
    if (set && validTableRef(set) && isSafeName(set.name) && Array.isArray(set.elem)) sets.set(setKey(set.family as string, set.table as string, set.name), set.elem);
    const chain = item.chain as Json | undefined;
    if (chain && validTableRef(chain) && isSafeName(chain.name)) chains.set(chainKey(chain.family as string, chain.table as string, chain.name), toChain(chain));
  }
  for (const item of items as Json[]) {
    const rule = item?.rule as Json | undefined;
    if (!rule || !validTableRef(rule) || !isSafeName(rule.chain) || !Array.isArray(rule.expr)) continue;
    const chain = chains.get(chainKey(rule.family as string, rule.table as string, rule.chain));
    if (!chain) continue;
    chain.rules.push(toRule(rule, sets, texts));
  }
  return { chains: [...chains.values()], ...(version ? { version } : {}) };
}

function validTableRef(o: Json): boolean {
  return typeof o.family === 'string' && FAMILIES.has(o.family) && isSafeName(o.table);
}

const chainKey = (family: string, table: string, name: string) => `${family} ${table} ${name}`;
const setKey = chainKey;

function toChain(c: Json): Chain {
  const chain: Chain = { source: 'nft', family: c.family as string, table: c.table as string, name: c.name as string, rules: [] };
  if (typeof c.hook === 'string' && HOOKS.has(c.hook as Hook)) {
    chain.hook = c.hook as Hook;
    chain.priority = typeof c.prio === 'number' && Number.isInteger(c.prio) ? c.prio : 0;
    chain.policy = c.policy === 'drop' ? 'drop' : 'accept';
    const devs = typeof c.dev === 'string' ? [c.dev] : Array.isArray(c.dev) ? c.dev : [];
    if (devs.length) chain.devices = devs.filter(isSafeIfname);
  }
  return chain;
}

function toRule(r: Json, sets: SetElems, texts: Map<string, string>): Rule {
  const conds: Cond[] = [];
  let verdict: Verdict = { k: 'continue' };
  let counter: Counter | undefined;
  const ctx = { family: r.family as string, table: r.table as string, sets };
  for (const e of (r.expr as unknown[]).slice(0, 64)) {
    if (!e || typeof e !== 'object') continue;
    const [key, value] = Object.entries(e as Json)[0] ?? [];
    switch (key) {
      case 'match': conds.push(...matchConds(value as Json, ctx)); break;
      case 'counter': {
        const c = value as Json;
        if (c && isCount(c.packets) && isCount(c.bytes)) counter = { packets: c.packets, bytes: c.bytes };
        break;
      }
      case 'accept': case 'drop': case 'return': case 'continue': verdict = { k: key }; break;
      case 'reject': verdict = { k: 'reject' }; break;
      case 'jump': case 'goto': {
        const target = (value as Json)?.target;
        verdict = isSafeName(target) ? { k: key, chain: target } : { k: 'continue' };
        if (!isSafeName(target)) conds.push({ k: 'unknown', text: `${key} to an unreadable chain` });
        break;
      }
      case 'vmap': verdict = vmapVerdict(value as Json, ctx) ?? verdict; break;
      case 'xt': {
        const x = value as Json;
        const name = typeof x?.name === 'string' && /^[A-Za-z0-9_-]{1,32}$/.test(x.name) ? x.name : 'xt';
        if (x?.type === 'target') {
          if (name === 'REJECT') verdict = { k: 'reject' };
          else if (name === 'DROP') verdict = { k: 'drop' };
          else if (name === 'ACCEPT') verdict = { k: 'accept' };
        } else if (name !== 'comment') {
          // An iptables match nft cannot show (multiport, addrtype ...): the xtables listing judges it.
          conds.push({ k: 'unknown', text: `xt match ${name}` });
        }
        break;
      }
      case 'limit': case 'quota': case 'meter': case 'numgen': case 'queue': case 'synproxy':
        conds.push({ k: 'unknown', text: key });
        break;
      default: break; // log, mangle, nat, ct set, notrack ...: statements that do not decide the fate here
    }
  }
  const handle = typeof r.handle === 'number' && isCount(r.handle) ? r.handle : undefined;
  const comment = cleanText(r.comment);
  const text = handle !== undefined ? texts.get(`${chainKey(ctx.family, ctx.table, r.chain as string)} ${handle}`) : undefined;
  return {
    ...(handle !== undefined ? { handle } : {}),
    text: text ?? describe(conds, verdict),
    ...(comment ? { comment } : {}),
    conds,
    verdict,
    ...(counter ? { counter } : {}),
  };
}

interface Ctx { family: string; table: string; sets: SetElems }

/** One `match` expression as conditions (a transport port match also requires its protocol). */
function matchConds(m: Json, ctx: Ctx): Cond[] {
  if (!m || typeof m !== 'object') return [{ k: 'unknown', text: 'match' }];
  const op = typeof m.op === 'string' ? m.op : '==';
  const field = leftField(m.left as Json);
  if (!field) return [{ k: 'unknown', text: 'match on ' + leftName(m.left as Json) }];
  const values = resolve(m.right, ctx);
  if (values === undefined) return [{ k: 'unknown', text: `${field.k} against an unreadable value` }];
  const neg = op === '!=';
  const implied: Cond[] = field.proto ? [{ k: 'l4proto', values: [field.proto], neg: false }] : [];
  const cond = field.k === 'addrtype' ? addrtypeOf(field.which ?? 'dst', values, neg) : condOf(field.k, values, neg, op);
  return cond ? [...implied, cond] : [...implied, { k: 'unknown', text: `${field.k} ${op}` }];
}

type Field = { k: 'l4proto' | 'dport' | 'sport' | 'saddr' | 'daddr' | 'iif' | 'oif' | 'ctstate' | 'family' | 'addrtype'; proto?: string; which?: 'src' | 'dst' };

function leftField(left: Json | undefined): Field | undefined {
  if (!left || typeof left !== 'object') return undefined;
  const payload = left.payload as Json | undefined;
  if (payload) {
    const { protocol, field } = payload;
    if ((protocol === 'ip' || protocol === 'ip6') && (field === 'saddr' || field === 'daddr')) return { k: field };
    if ((protocol === 'ip' && field === 'protocol') || (protocol === 'ip6' && field === 'nexthdr')) return { k: 'l4proto' };
    if ((protocol === 'tcp' || protocol === 'udp') && (field === 'dport' || field === 'sport')) return { k: field, proto: protocol };
    if (protocol === 'th' && (field === 'dport' || field === 'sport')) return { k: field };
    return undefined;
  }
  const meta = left.meta as Json | undefined;
  if (meta) {
    switch (meta.key) {
      case 'l4proto': return { k: 'l4proto' };
      case 'nfproto': return { k: 'family' };
      case 'iifname': case 'iif': return { k: 'iif' };
      case 'oifname': case 'oif': return { k: 'oif' };
      default: return undefined;
    }
  }
  const fib = left.fib as Json | undefined;
  if (fib && Array.isArray(fib.flags) && fib.result === 'type' && fib.flags.length === 1 && (fib.flags[0] === 'daddr' || fib.flags[0] === 'saddr')) {
    return { k: 'addrtype', which: fib.flags[0] === 'daddr' ? 'dst' : 'src' };
  }
  const ct = left.ct as Json | undefined;
  if (ct && ct.key === 'state' && ct.dir === undefined) return { k: 'ctstate' };
  return undefined;
}

function leftName(left: Json | undefined): string {
  const key = left && typeof left === 'object' ? Object.keys(left)[0] : undefined;
  return key && /^[a-z]{1,16}$/.test(key) ? key : 'an expression';
}

/** The right-hand side as a list of plain values (numbers, strings, {range}, {prefix}); undefined if unreadable. */
function resolve(right: unknown, ctx: Ctx): unknown[] | undefined {
  if (typeof right === 'string' && right.startsWith('@')) {
    const elems = ctx.sets.get(setKey(ctx.family, ctx.table, right.slice(1)));
    return elems ? elems.map(unwrapElem) : undefined;
  }
  if (Array.isArray(right)) return right;
  if (right && typeof right === 'object' && Array.isArray((right as Json).set)) return ((right as Json).set as unknown[]).map(unwrapElem);
  return [right];
}

function unwrapElem(e: unknown): unknown {
  const inner = e && typeof e === 'object' ? (e as Json).elem : undefined;
  return inner && typeof inner === 'object' ? (inner as Json).val : e;
}

function addrtypeOf(which: 'src' | 'dst', values: unknown[], neg: boolean): Cond | undefined {
  const types = values.flatMap((v) => (typeof v === 'string' ? [v] : []));
  return types.length === values.length && types.every((t) => /^[a-z]{1,16}$/.test(t)) ? { k: 'addrtype', which, types, neg } : undefined;
}

function condOf(k: Exclude<Field['k'], 'addrtype'>, values: unknown[], neg: boolean, op: string): Cond | undefined {
  switch (k) {
    case 'dport': case 'sport': {
      const ranges: [number, number][] = [];
      for (const v of values) {
        const r = portRange(v, op);
        if (!r) return undefined;
        ranges.push(r);
      }
      return { k, ranges, neg };
    }
    case 'saddr': case 'daddr': {
      const cidrs = values.map(prefixOf);
      return cidrs.every((c): c is string => c !== undefined) ? { k, cidrs, neg } : undefined;
    }
    case 'l4proto': {
      const names = values.map((v) => (typeof v === 'number' ? PROTO_NUMBERS[v] ?? `proto-${v}` : v));
      return names.every((n): n is string => typeof n === 'string' && /^[a-z0-9-]{1,16}$/.test(n)) ? { k, values: names, neg } : undefined;
    }
    case 'iif': case 'oif': {
      const names = values.map((v) => (typeof v === 'string' ? v.replace(/\\\*$/, '*') : v));
      return names.every(isSafeIfname) ? { k, names: names as string[], neg } : undefined;
    }
    case 'ctstate': {
      const states = values.flatMap((v) => (typeof v === 'string' ? v.split(',') : []));
      return states.length && states.every((s) => /^[a-z]{1,16}$/.test(s)) ? { k, states, neg } : undefined;
    }
    case 'family': {
      if (values.length !== 1 || neg) return undefined;
      return values[0] === 'ipv4' ? { k, family: 4 } : values[0] === 'ipv6' ? { k, family: 6 } : undefined;
    }
  }
}

function portRange(v: unknown, op: string): [number, number] | undefined {
  if (isPort(v)) {
    switch (op) {
      case '<': return [0, v - 1];
      case '<=': return [0, v];
      case '>': return [v + 1, 65535];
      case '>=': return [v, 65535];
      default: return [v, v];
    }
  }
  const range = v && typeof v === 'object' ? (v as Json).range : undefined;
  if (Array.isArray(range) && isPort(range[0]) && isPort(range[1])) return [range[0], range[1]];
  return undefined;
}

function prefixOf(v: unknown): string | undefined {
  if (typeof v === 'string') return isAddressOrPrefix(v) ? v : undefined;
  const p = v && typeof v === 'object' ? (v as Json).prefix as Json | undefined : undefined;
  if (p && typeof p.addr === 'string' && typeof p.len === 'number') {
    const text = `${p.addr}/${p.len}`;
    return isAddressOrPrefix(text) ? text : undefined;
  }
  return undefined;
}

function vmapVerdict(v: Json, ctx: Ctx): Verdict | undefined {
  const field = leftField(v?.key as Json);
  const data = resolve(v?.data, ctx);
  if (!field || !data) return undefined;
  const entries: { cond: Cond; verdict: Verdict }[] = [];
  for (const entry of data) {
    if (!Array.isArray(entry) || entry.length !== 2) return undefined;
    const cond = field.k === 'addrtype' ? addrtypeOf(field.which ?? 'dst', [entry[0]], false) : condOf(field.k, [entry[0]], false, '==');
    const verdict = verdictOf(entry[1]);
    if (!cond || !verdict) return undefined;
    entries.push({ cond, verdict });
  }
  return { k: 'vmap', on: field.k, entries };
}

function verdictOf(v: unknown): Verdict | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const [key, value] = Object.entries(v as Json)[0] ?? [];
  if (key === 'accept' || key === 'drop' || key === 'return' || key === 'continue') return { k: key };
  if (key === 'reject') return { k: 'reject' };
  if ((key === 'jump' || key === 'goto') && isSafeName((value as Json)?.target)) return { k: key, chain: (value as Json).target as string };
  return undefined;
}

/** A readable form of a rule when the text listing is not at hand. */
export function describe(conds: Cond[], verdict: Verdict): string {
  const parts = conds.map((c) => {
    switch (c.k) {
      case 'l4proto': return `meta l4proto ${c.neg ? '!= ' : ''}${c.values.join(',')}`;
      case 'dport': case 'sport': return `th ${c.k} ${c.neg ? '!= ' : ''}${c.ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}`;
      case 'saddr': case 'daddr': return `ip ${c.k} ${c.neg ? '!= ' : ''}${c.cidrs.join(',')}`;
      case 'iif': case 'oif': return `${c.k}name ${c.neg ? '!= ' : ''}${c.names.join(',')}`;
      case 'ctstate': return `ct state ${c.neg ? '!= ' : ''}${c.states.join(',')}`;
      case 'family': return `meta nfproto ipv${c.family}`;
      case 'ipsec': return `policy ${c.policy}`;
      case 'addrtype': return `fib ${c.which === 'dst' ? 'daddr' : 'saddr'} type ${c.neg ? '!= ' : ''}${c.types.join(',')}`;
      case 'unknown': return c.text;
    }
  });
  const v = verdict.k === 'jump' || verdict.k === 'goto' ? `${verdict.k} ${verdict.chain}` : verdict.k === 'vmap' ? `${verdict.on} vmap` : verdict.k;
  return [...parts, v].join(' ');
}
