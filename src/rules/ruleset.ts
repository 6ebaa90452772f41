// What `rules` needs of a host's firewall, read from `nft -j list ruleset` and `iptables-save`: its
// base chains on the input/output hooks (and whether anything they reach drops or rejects), and for
// iptables whether INPUT drops and whether ufw or firewalld chains are in charge. Both outputs come
// from the host and are untrusted: anything malformed is refused, and only names that pass a strict
// allowlist are ever kept (they are written into the rules).
import { OUR_CHAIN } from './names.js';

export interface BaseChain {
  family: 'ip' | 'inet';
  table: string;
  name: string;
  hook: 'input' | 'output';
  priority: number;
  policy: 'accept' | 'drop';
  /** The chain, or a chain it jumps or goes to, drops or rejects something. */
  drops: boolean;
  /** It already jumps to our chain (an earlier apply). */
  jumpsToOurs: boolean;
}

/** Table and chain names nft prints that are safe to write back unquoted into a script. */
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Thrown for output that is not what nft or iptables-save print. */
export class RulesetError extends Error {}

/** The IPv4-relevant filter base chains on the input and output hooks. */
export function parseNftRuleset(text: string): BaseChain[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new RulesetError(`nft -j list ruleset printed no JSON: ${(error as Error).message}`);
  }
  if (!isObj(doc) || !Array.isArray(doc.nftables)) throw new RulesetError('nft -j list ruleset: no "nftables" list');
  const chains = new Map<string, { chain: Obj; targets: Set<string>; drops: boolean; jumpsToOurs: boolean }>();
  const keyOf = (o: Obj, name: unknown) => `${String(o.family)}|${String(o.table)}|${String(name)}`;
  for (const item of doc.nftables) {
    if (!isObj(item)) throw new RulesetError('nft -j list ruleset: an entry is not an object');
    if (isObj(item.chain)) chains.set(keyOf(item.chain, item.chain.name), { chain: item.chain, targets: new Set(), drops: false, jumpsToOurs: false });
  }
  for (const item of doc.nftables as Obj[]) {
    const rule = item.rule;
    if (!isObj(rule)) continue;
    const owner = chains.get(keyOf(rule, rule.chain));
    if (!owner) throw new RulesetError(`nft -j list ruleset: a rule of an unknown chain ${String(rule.chain)}`);
    if (!Array.isArray(rule.expr)) throw new RulesetError('nft -j list ruleset: a rule without "expr"');
    for (const expr of rule.expr) {
      if (!isObj(expr)) continue;
      if ('drop' in expr || 'reject' in expr) owner.drops = true;
      for (const verb of ['jump', 'goto']) {
        const target = isObj(expr[verb]) ? (expr[verb] as Obj).target : undefined;
        if (typeof target === 'string') {
          owner.targets.add(keyOf(rule, target));
          if (target === OUR_CHAIN.in || target === OUR_CHAIN.out) owner.jumpsToOurs = true;
        }
      }
      // A verdict map can send packets to a drop or another chain: count it as dropping.
      if ('vmap' in expr) owner.drops = true;
    }
  }
  const reachesDrop = (key: string, seen: Set<string>): boolean => {
    const c = chains.get(key);
    if (!c || seen.has(key)) return false;
    seen.add(key);
    return c.drops || [...c.targets].some((t) => reachesDrop(t, seen));
  };
  const out: BaseChain[] = [];
  for (const [key, { chain, jumpsToOurs }] of chains) {
    const { family, table, name, hook, prio, policy, type } = chain;
    if (hook !== 'input' && hook !== 'output') continue;
    if (family !== 'ip' && family !== 'inet') continue; // ip6, bridge, netdev, arp never see these IPv4 packets here
    if (type !== undefined && type !== 'filter') continue;
    if (typeof table !== 'string' || typeof name !== 'string' || !NAME.test(table) || !NAME.test(name)) {
      throw new RulesetError(`nft -j list ruleset: a ${String(hook)} chain whose table or name cannot be written back safely`);
    }
    const priority = typeof prio === 'number' && Number.isInteger(prio) ? prio : 0;
    const dropPolicy = policy === 'drop';
    out.push({ family, table, name, hook, priority, policy: dropPolicy ? 'drop' : 'accept', drops: dropPolicy || reachesDrop(key, new Set()), jumpsToOurs });
  }
  return out.sort((a, b) => a.priority - b.priority);
}

export interface IptablesView {
  /** INPUT's policy is DROP, or INPUT (or a chain it jumps to) has a DROP or REJECT rule. */
  inputDrops: boolean;
  outputDrops: boolean;
  /** ufw's chains are there: ufw is in charge of INPUT. */
  ufw: boolean;
  /** firewalld's chains (iptables backend) are there. */
  firewalld: boolean;
}

/** The filter table of `iptables-save` output. */
export function parseIptablesSave(text: string): IptablesView {
  const lines = text.split('\n').map((l) => l.trim());
  const start = lines.indexOf('*filter');
  const view: IptablesView = { inputDrops: false, outputDrops: false, ufw: false, firewalld: false };
  if (start < 0) return view;
  const policies = new Map<string, string>();
  const targets = new Map<string, Set<string>>();
  const dropping = new Set<string>();
  for (const line of lines.slice(start + 1)) {
    if (line === 'COMMIT' || line.startsWith('*')) break;
    const decl = /^:(\S+) (\S+)/.exec(line);
    if (decl) {
      policies.set(decl[1], decl[2]);
      continue;
    }
    const rule = /^-A (\S+) .*-j (\S+)/.exec(line) ?? /^-A (\S+) -j (\S+)/.exec(line);
    if (!rule) continue;
    const [, chain, target] = rule;
    if (target === 'DROP' || target === 'REJECT') dropping.add(chain);
    else targets.set(chain, (targets.get(chain) ?? new Set()).add(target));
  }
  const reaches = (chain: string, seen = new Set<string>()): boolean => {
    if (seen.has(chain)) return false;
    seen.add(chain);
    return dropping.has(chain) || [...(targets.get(chain) ?? [])].some((t) => reaches(t, seen));
  };
  view.inputDrops = policies.get('INPUT') === 'DROP' || reaches('INPUT');
  view.outputDrops = policies.get('OUTPUT') === 'DROP' || reaches('OUTPUT');
  view.ufw = policies.has('ufw-before-input');
  view.firewalld = policies.has('INPUT_direct');
  return view;
}
