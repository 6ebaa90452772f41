// The comment every generated file starts with: whose rules, what they open, where they go, how to
// apply and remove them. Pure.
import { portLabel } from '../model.js';
import type { HostNeeds } from './needs.js';

export function openings(host: HostNeeds): string[] {
  return host.allows.map((a) => {
    const ports = a.protocol === 'esp' ? 'esp (protocol 50)' : a.ports.map((p) => portLabel(a.protocol, p)).join(', ');
    return `${a.direction === 'in' ? 'in' : 'out'}: ${ports} ${a.direction === 'in' ? 'from' : 'to'} ${a.peers.join(', ')}`;
  });
}

/** An inventory name in a comment: one line of printable text, whatever the inventory held. */
export function commentSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

export function header(host: HostNeeds, syntax: string, parts: { where: string; apply: string; remove: string; caveat?: string }, comment = '#'): string[] {
  return [
    `${comment} swarm-preflight rules for ${commentSafe(host.id)} (${host.address}, ${host.role}), ${syntax}`,
    ...openings(host).map((o) => `${comment}   ${o}`),
    `${comment} where: ${parts.where}`,
    ...(parts.caveat ? [`${comment} caveat: ${parts.caveat}`] : []),
    `${comment} apply: ${parts.apply}`,
    `${comment} remove: ${parts.remove}`,
  ];
}
