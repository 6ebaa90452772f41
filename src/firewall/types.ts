// A host's packet filter as one model, whichever tool wrote it: nftables base chains and the
// xtables (iptables-save) tables, each rule reduced to the matches a swarm probe can be judged
// against. Read from untrusted output; only validated values live here.
import type { FilterRuleRef } from '../model.js';

/** Netfilter hooks a host-to-host IPv4 packet passes: prerouting + input in, output + postrouting out. */
export type Hook = 'ingress' | 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

export type Source = 'nft' | 'iptables';

/** A condition of a rule. `neg` inverts it. Anything the model does not know is `unknown`. */
export type Cond =
  | { k: 'l4proto'; values: string[]; neg: boolean }
  | { k: 'dport' | 'sport'; ranges: [number, number][]; neg: boolean }
  | { k: 'saddr' | 'daddr'; cidrs: string[]; neg: boolean }
  | { k: 'iif' | 'oif'; names: string[]; neg: boolean }
  | { k: 'ctstate'; states: string[]; neg: boolean }
  | { k: 'family'; family: 4 | 6 }
  /** Address type (`-m addrtype --dst-type LOCAL`, `fib daddr type local`). */
  | { k: 'addrtype'; which: 'src' | 'dst'; types: string[]; neg: boolean }
  /** IPsec policy match (`-m policy --pol none|ipsec`): a plain probe has policy none. */
  | { k: 'ipsec'; policy: 'none' | 'ipsec' }
  /** Something the model cannot judge (an xt match, a rate limit, fib, marks): it may or may not match. */
  | { k: 'unknown'; text: string };

export type Verdict =
  | { k: 'accept' } | { k: 'drop' } | { k: 'reject' }
  | { k: 'return' } | { k: 'continue' }
  | { k: 'jump'; chain: string } | { k: 'goto'; chain: string }
  /** nft verdict map on one key: the verdict of the first entry whose key matches, or none. */
  | { k: 'vmap'; on: Cond['k']; entries: { cond: Cond; verdict: Verdict }[] };

export interface Counter { packets: number; bytes: number }

export interface Rule {
  /** nft handle (stable while the rule exists). */
  handle?: number;
  /** xtables: position in its chain, 1-based (what `iptables -D CHAIN N` / `-I CHAIN N` take). */
  number?: number;
  /** The rule as the operator would write it (`nft list` / `iptables-save` form), for the report. */
  text: string;
  comment?: string;
  conds: Cond[];
  verdict: Verdict;
  counter?: Counter;
}

export interface Chain {
  source: Source;
  /** nft: ip, ip6, inet, bridge, netdev, arp; xtables: ip (iptables-save) */
  family: string;
  table: string;
  name: string;
  /** Base chains only. */
  hook?: Hook;
  priority?: number;
  policy?: 'accept' | 'drop';
  /** xtables keeps a counter on a built-in chain's policy. */
  policyCounter?: Counter;
  /** netdev ingress: the devices the chain is bound to. */
  devices?: string[];
  rules: Rule[];
}

export interface Ruleset {
  chains: Chain[];
  /** What was read, for the report: "nft 1.0.6", "iptables-save v1.8.9 (nf_tables)". */
  readers: string[];
}

/** The first packet of a probe, as a host's filter sees it. */
export interface Packet {
  protocol: 'tcp' | 'udp' | 'esp';
  saddr: string;
  daddr: string;
  /** tcp/udp only. */
  dport?: number;
  /** The interface it arrives on (inbound) or leaves by (outbound), when known. */
  iif?: string;
  oif?: string;
  /** Set by the evaluation: arriving at (true) or leaving (false) the host whose filter judges it. */
  inbound?: boolean;
}

/** Where a rule lives, enough to name it and to write a command against it (the result's own type). */
export type RuleRef = FilterRuleRef;

export function chainLabel(c: { source: Source; family: string; table: string; chain?: string; name?: string }): string {
  const name = c.chain ?? c.name ?? '';
  return c.source === 'nft' ? `${c.family} ${c.table} ${name}` : `${c.table} ${name}`;
}
