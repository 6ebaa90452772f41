// ufw: the `ufw allow` commands per host, one a peer (ufw takes one source a rule), each with a
// comment that marks it. ufw skips a rule it already has, so the script can run twice. Pure.
import { ufwArgs } from '../../checks/allow-rules.js';
import { MARK } from './names.js';
import type { HostNeeds } from './needs.js';
import { header } from './header.js';

export function renderUfw(host: HostNeeds, file: string): string {
  const commands = host.allows.flatMap((a) => a.peers.map((peer) => `ufw $delete allow ${ufwArgs(a.direction, a.protocol, a.ports, peer)} comment '${MARK}'`));
  return [
    '#!/bin/sh',
    ...header(host, 'ufw', {
      where: 'ufw\'s own rules (ufw keeps them across reloads and reboots)',
      apply: `sh ${file}   (again: ufw skips the rules it has)`,
      remove: `sh ${file} remove`,
    }),
    'set -eu',
    'delete=; [ "${1:-}" = remove ] && delete=delete',
    ...commands,
    '',
  ].join('\n');
}
