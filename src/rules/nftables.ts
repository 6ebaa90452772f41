// nftables: an `nft -f` script per host. A drop is final in any base chain, so where the host already
// filters (a base chain on the hook with policy drop, or drop/reject rules), an accept elsewhere would
// not help: the accepts go into a chain of ours inside that table, jumped to from the top of each such
// chain. Where nothing filters, they stand in a table of our own (the standalone form). Pure.
import { nftMatch } from '../../checks/allow-rules.js';
import type { BaseChain } from './ruleset.js';
import { MARK, OUR_CHAIN, OUR_TABLE } from './names.js';
import type { Allow, HostNeeds } from './needs.js';
import { header } from './header.js';

/** Where the rules go: into the host's filtering chains, or a table of their own (with why). */
export type NftPlacement = { chains: BaseChain[] } | { standalone: string };

const HOOK = { in: 'input', out: 'output' } as const;

/** The host's base chains that filter the hook: those the accepts must go into. */
export function nftPlacement(chains: BaseChain[] | undefined, unreadable: string | undefined, directions: ('in' | 'out')[]): NftPlacement {
  if (!chains) return { standalone: `its ruleset could not be read (${unreadable ?? 'not connected'}): if a chain there drops ${directions.map((d) => HOOK[d]).join('/')}, an accept in this table does not stop it; put these rules into that chain ahead of its drops, or run rules again where it can be read (root or --sudo)` };
  const filtering = chains.filter((c) => c.drops && directions.some((d) => HOOK[d] === c.hook));
  if (filtering.length) return { chains: filtering };
  return { standalone: `nothing on it filters ${directions.map((d) => HOOK[d]).join(' or ')} now, so these accepts change nothing until a chain that drops is added; then put them into that chain ahead of its drops (a drop in any base chain is final)` };
}

function ruleLines(allows: Allow[]): string[] {
  return allows.map((a) => `${nftMatch(a.direction, a.protocol, a.ports, a.peers)} accept comment "${MARK}"`);
}

export function renderNftables(host: HostNeeds, placement: NftPlacement, file: string): string {
  const dirs = (['in', 'out'] as const).filter((d) => host.allows.some((a) => a.direction === d));
  if ('standalone' in placement) {
    const chains = dirs.map((d) => [
      `  chain ${HOOK[d]} {`,
      `    type filter hook ${HOOK[d]} priority filter; policy accept;`,
      ...ruleLines(host.allows.filter((a) => a.direction === d)).map((l) => `    ${l}`),
      '  }',
    ].join('\n'));
    return [
      '#!/usr/sbin/nft -f',
      ...header(host, 'nftables', {
        where: `a table of its own, inet ${OUR_TABLE}: ${placement.standalone}`,
        apply: `nft -f ${file}   (again: it replaces the table, nothing doubles)`,
        remove: `nft delete table inet ${OUR_TABLE}`,
      }),
      // Declaring then deleting the table makes the script replace it whole: applied twice, one copy.
      `table inet ${OUR_TABLE} {}`,
      `delete table inet ${OUR_TABLE}`,
      `table inet ${OUR_TABLE} {`,
      chains.join('\n'),
      '}',
      '',
    ].join('\n');
  }
  const lines: string[] = [];
  const where: string[] = [];
  const removes: string[] = [];
  const tables = new Map<string, BaseChain[]>();
  for (const c of placement.chains) tables.set(`${c.family} ${c.table}`, [...(tables.get(`${c.family} ${c.table}`) ?? []), c]);
  for (const [table, chains] of tables) {
    for (const d of dirs) {
      const mine = chains.filter((c) => c.hook === HOOK[d]);
      if (!mine.length) continue;
      const ours = OUR_CHAIN[d];
      // Where no jump is there yet, the file creates our chain: `create` fails on a chain that exists,
      // and nft -f applies a file whole or not at all, so a second apply of this file changes nothing.
      // Where an earlier apply left its jump, the file refills the chain and adds no jump.
      const fresh = mine.every((c) => !c.jumpsToOurs);
      if (fresh) lines.push(`create chain ${table} ${ours}`);
      else lines.push(`add chain ${table} ${ours}`, `flush chain ${table} ${ours}`);
      lines.push(...ruleLines(host.allows.filter((a) => a.direction === d)).map((l) => `add rule ${table} ${ours} ${l}`));
      for (const c of mine) {
        where.push(`${table} ${c.name} (${c.policy === 'drop' ? 'policy drop' : 'drops or rejects'}) jumps to ${ours} first`);
        // An earlier apply left its jump: another would only repeat it.
        if (!c.jumpsToOurs) lines.push(`insert rule ${table} ${c.name} jump ${ours} comment "${MARK}"`);
        removes.push(`nft -a list chain ${table} ${c.name} | sed -n 's/.*jump ${ours} .*# handle \\([0-9]*\\)$/\\1/p' | xargs -r -n1 nft delete rule ${table} ${c.name} handle`);
      }
      removes.push(`nft delete chain ${table} ${ours}`);
    }
  }
  return [
    '#!/usr/sbin/nft -f',
    ...header(host, 'nftables', {
      where: `the host's own chains, ahead of their drops: ${where.join('; ')}`,
      apply: `nft -f ${file}   (once: ${placement.chains.every((c) => !c.jumpsToOurs) ? 'applied again it stops at "create chain" with "File exists" and changes nothing; ' : ''}to change the accepts later, run rules again: that file refills our chain and adds no second jump)`,
      remove: removes.join(' && '),
    }),
    ...lines,
    '',
  ].join('\n');
}
