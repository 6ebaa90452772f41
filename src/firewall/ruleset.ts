// One host's filter from what was read: the nftables listing (JSON for the model, text for the
// operator's own wording) and the xtables listing. Tables iptables-nft manages appear in both; their
// rules are taken from iptables-save, which can show every match, number the rules and name them the
// way `iptables -D/-I` takes them.
import { parseIptablesSave } from './iptables-save.js';
import { parseNftJson } from './nft-json.js';
import { parseNftText } from './nft-text.js';
import type { Chain, Counter, Ruleset } from './types.js';
import type { PolicyRef } from './evaluate.js';
import type { RuleRef } from './types.js';

const XTABLES = new Set(['filter', 'nat', 'mangle', 'raw', 'security']);

export interface RulesetText { nftJson?: string; nftText?: string; iptablesSave?: string }

/** Throws with what was wrong when nothing usable was read. */
export function buildRuleset(read: RulesetText): Ruleset {
  const chains: Chain[] = [];
  const readers: string[] = [];
  let xt: ReturnType<typeof parseIptablesSave> | undefined;
  if (read.iptablesSave !== undefined) {
    xt = parseIptablesSave(read.iptablesSave);
    readers.push(`iptables-save${xt.version ? ` v${xt.version}` : ''}${xt.backend ? ` (${xt.backend})` : ''}`);
  }
  if (read.nftJson !== undefined) {
    const nft = parseNftJson(read.nftJson, read.nftText ? parseNftText(read.nftText) : new Map());
    readers.push(`nft${nft.version ? ` ${nft.version}` : ''}`);
    const xtTables = new Set((xt?.backend === 'nf_tables' ? xt.chains : []).map((c) => c.table));
    chains.push(...nft.chains.filter((c) => !(c.family === 'ip' && XTABLES.has(c.table) && xtTables.has(c.table))));
  }
  if (xt) chains.push(...xt.chains);
  if (!readers.length) throw new Error('no ruleset was read');
  return { chains, readers };
}

function chainOf(rs: Ruleset, ref: { source: string; family: string; table: string; chain: string }): Chain | undefined {
  return rs.chains.find((c) => c.source === ref.source && c.family === ref.family && c.table === ref.table && c.name === ref.chain);
}

/** The rule's counter now, found by handle (nft) or by number and text (xtables). */
export function counterOf(rs: Ruleset, ref: RuleRef): Counter | undefined {
  const chain = chainOf(rs, ref);
  const rule = chain?.rules.find((r) => (ref.handle !== undefined ? r.handle === ref.handle : r.number === ref.number && r.text === ref.text));
  return rule?.counter;
}

export function policyCounterOf(rs: Ruleset, ref: PolicyRef): Counter | undefined {
  return chainOf(rs, ref)?.policyCounter;
}

/** Packets a counter gained between two readings; undefined when either reading lacks it. */
export function rise(before: Counter | undefined, after: Counter | undefined): number | undefined {
  if (!before || !after) return undefined;
  return after.packets >= before.packets ? after.packets - before.packets : after.packets;
}
