// Where a finding is, in words, for every renderer: its host, its pair, the hosts a cluster finding
// names (the first few), or the cluster. Pure.
import type { Finding } from '../model.js';

const SHOWN = 3;

export function findingWhere(f: Finding, arrow: string): string {
  if (f.host) return f.host;
  if (f.from && f.to) return `${f.from} ${arrow} ${f.to}`;
  const hosts = f.hosts ?? [];
  if (!hosts.length) return 'cluster';
  return hosts.length > SHOWN ? `${hosts.slice(0, SHOWN).join(', ')} +${hosts.length - SHOWN} more` : hosts.join(', ');
}
