// The per-host summary that stands in for the matrix when the matrix does not fit the screen: each host
// a cause puts the fix on, with its inbound and outbound failures, untested probes and causes. Pure.
import type { Cause, RunResult } from '../model.js';
import { hostCounts } from './causes.js';

export function hostSummaryLines(result: RunResult, causes: Cause[]): string[] {
  const counts = hostCounts(result);
  const stats = new Map(result.hosts.map((h) => {
    const c = counts.get(h.id);
    return [h.id, { role: h.role, inFail: c?.inFail ?? 0, outFail: c?.outFail ?? 0, errors: c?.untested ?? 0, causes: [] as number[] }];
  }));
  causes.forEach((c, i) => { for (const h of c.hosts.slice(0, 1)) stats.get(h)?.causes.push(i + 1); });
  // Only the hosts a cause puts the fix on: their peers' failed probes are explained by those causes.
  const rows = [...stats].filter(([, s]) => s.causes.length);
  if (!rows.length) return [];
  const width = Math.max(4, ...rows.map(([id]) => id.length));
  const lines = [`  ${'host'.padEnd(width)}  role     in-fail  out-fail  untested  cause`];
  for (const [id, s] of rows) {
    lines.push(`  ${id.padEnd(width)}  ${s.role.padEnd(7)}  ${String(s.inFail).padStart(7)}  ${String(s.outFail).padStart(8)}  ${String(s.errors).padStart(8)}  ${s.causes.map((n) => `#${n}`).join(' ')}`.trimEnd());
  }
  const others = result.hosts.length - rows.length;
  if (others > 0) lines.push(`  the other ${others} host${others > 1 ? 's' : ''}: no cause of ${others > 1 ? 'their' : 'its'} own (${others > 1 ? 'their' : 'its'} failed probes, if any, are explained above)`);
  return lines;
}
