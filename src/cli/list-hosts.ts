// `--list-hosts`: the plan for every host, as a table (each value over where it came from) or JSON.
// Nothing is connected and no name is resolved: this only reads the inventory and ssh_config.
import Table from 'cli-table3';
import type { HostPlan, Sourced } from '../run/host-plan.js';

/** Inventory text is shown as it is but for control characters, which would move the terminal. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function cell(value: string, from: string): string {
  return `${value.split('\n').map(clean).join('\n')}\n(${clean(from)})`;
}

function sourced<T>(s: Sourced<T> | undefined, show: (v: T) => string): string {
  return s ? cell(show(s.value), s.from) : '';
}

/** `user, port: hosts.ini:3; address: HostName in ssh_config`: each origin once, with what it gave. */
function byOrigin(parts: [string, string | undefined][]): string {
  const groups = new Map<string, string[]>();
  for (const [what, from] of parts) if (from) groups.set(from, [...(groups.get(from) ?? []), what]);
  return [...groups].map(([from, what]) => `${what.join(', ')}: ${from}`).join('; ');
}

export function renderHostPlans(plans: HostPlan[], format: 'table' | 'json'): string {
  if (format === 'json') return `${JSON.stringify({ hosts: plans }, null, 2)}\n`;
  const table = new Table({
    head: ['host', 'ssh target', 'key files', 'jump / proxy', 'sudo', 'python', 'role', 'probed at'],
    style: { head: [], border: [] },
  });
  for (const p of plans) {
    const target = p.connection === 'local'
      ? cell('local', 'ansible_connection=local: no SSH')
      : cell(p.target, byOrigin([['user', p.ssh?.user.from], ['address', p.ssh?.address.from], ['port', p.ssh?.port.from]]));
    const keys = sourced(p.ssh?.keys, (k) => [...(p.ssh?.agent ? ['ssh-agent'] : []), ...k].join('\n'));
    const sudo = cell(p.sudo.user ? `${p.sudo.value} -u ${p.sudo.user}` : p.sudo.value, p.sudo.from);
    const via = sourced(p.ssh?.via, (v) => v);
    table.push([clean(p.id), target, keys, via, sudo, sourced(p.python, (v) => v), sourced(p.role, (v) => v), sourced(p.probedAt, (v) => v)]);
  }
  const notes = [...new Set(plans.map((p) => p.probedAt.note).filter((n): n is string => n !== undefined))];
  return `${table.toString()}\n${notes.map((n) => `note: ${n}\n`).join('')}${plans.length} host${plans.length === 1 ? '' : 's'}; nothing was connected\n`;
}
