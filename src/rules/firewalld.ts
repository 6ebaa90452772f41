// firewalld: rich rules in the default zone per host (one a port and peer, as a rich rule takes one of
// each), permanent, then a reload; outbound ones as direct rules. firewalld refuses nothing it already
// has (ALREADY_ENABLED is a warning), so the script can run twice. Pure.
import { firewalldRich, iptablesMatch } from '../../checks/allow-rules.js';
import type { HostNeeds } from './needs.js';
import { header } from './header.js';

export function renderFirewalld(host: HostNeeds, file: string): string {
  const add: string[] = [];
  for (const a of host.allows) {
    if (a.direction === 'in') {
      for (const rich of firewalldRich('in', a.protocol, a.ports, a.peers)) {
        add.push(`firewall-cmd --permanent --zone="$zone" --$action-rich-rule='${rich}'`);
      }
    } else {
      for (const peer of a.peers) {
        const rule = `ipv4 filter OUTPUT 0 ${iptablesMatch('out', a.protocol, a.ports, [peer])} -j ACCEPT`;
        add.push(`firewall-cmd --permanent --direct --$action-rule ${rule}`);
      }
    }
  }
  return [
    '#!/bin/sh',
    ...header(host, 'firewalld', {
      where: 'rich rules in the default zone (permanent; the reload makes them live)',
      apply: `sh ${file}   (again: firewalld keeps one copy of each rule)`,
      remove: `sh ${file} remove`,
    }),
    'set -eu',
    'action=add; [ "${1:-}" = remove ] && action=remove',
    'zone=$(firewall-cmd --get-default-zone)',
    ...add,
    'firewall-cmd --reload',
    '',
  ].join('\n');
}
