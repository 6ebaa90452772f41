// iptables: a shell script per host around an `iptables-restore --noflush` file. The accepts live in a
// chain of ours (declaring it under --noflush empties it first, so a second apply refills rather than
// doubles), jumped to from the top of INPUT (OUTPUT) ahead of any DROP; the jump is added only when
// `iptables -C` finds none, which iptables-restore alone cannot check. Pure.
import { iptablesMatch } from '../../checks/allow-rules.js';
import type { IptablesView } from './ruleset.js';
import { MARK, OUR_CHAIN } from './names.js';
import type { HostNeeds } from './needs.js';
import { header } from './header.js';

const BUILTIN = { in: 'INPUT', out: 'OUTPUT' } as const;
const OURS = { in: OUR_CHAIN.iptablesIn, out: OUR_CHAIN.iptablesOut } as const;

/** What the header says about where the jump goes, from the host's iptables-save (if read). */
export function iptablesWhere(view: IptablesView | undefined, unreadable: string | undefined): { where: string; caveat?: string } {
  if (!view) return { where: 'a chain of its own, jumped to from the top of INPUT', caveat: `its rules could not be read (${unreadable ?? 'not connected'}); the jump at the top of INPUT comes ahead of any DROP there` };
  const where = `a chain of its own, jumped to from the top of INPUT${view.inputDrops ? ', ahead of the DROP there' : ' (nothing there drops now)'}`;
  if (view.ufw) return { where, caveat: 'ufw is in charge here: the jump sits in INPUT ahead of ufw\'s chains and stays through ufw reload, but not a reboot; the ufw form (--firewall ufw) is the one ufw keeps' };
  if (view.firewalld) return { where, caveat: 'firewalld is in charge here and rebuilds INPUT when it reloads: use the firewalld form (--firewall firewalld)' };
  return { where };
}

export function renderIptables(host: HostNeeds, view: IptablesView | undefined, unreadable: string | undefined, file: string): string {
  const dirs = (['in', 'out'] as const).filter((d) => host.allows.some((a) => a.direction === d));
  const restore = ['*filter'];
  for (const d of dirs) restore.push(`:${OURS[d]} - [0:0]`);
  for (const a of host.allows) restore.push(`-A ${OURS[a.direction]} ${iptablesMatch(a.direction, a.protocol, a.ports, a.peers)} -m comment --comment ${MARK} -j ACCEPT`);
  restore.push('COMMIT');
  const { where, caveat } = iptablesWhere(view, unreadable);
  const remove = dirs.map((d) => `iptables -D ${BUILTIN[d]} -j ${OURS[d]}; iptables -F ${OURS[d]}; iptables -X ${OURS[d]}`).join('; ');
  return [
    '#!/bin/sh',
    ...header(host, 'iptables', {
      where: where.replace('INPUT', dirs.map((d) => BUILTIN[d]).join(' and ')),
      ...(caveat ? { caveat } : {}),
      apply: `sh ${file}   (again: the chain is refilled, the jump is not repeated)`,
      remove,
    }),
    'set -eu',
    'iptables-restore --noflush <<\'EOF\'',
    ...restore,
    'EOF',
    ...dirs.map((d) => `iptables -C ${BUILTIN[d]} -j ${OURS[d]} 2>/dev/null || iptables -I ${BUILTIN[d]} 1 -j ${OURS[d]}`),
    '',
  ].join('\n');
}
