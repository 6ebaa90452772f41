// Findings that name the probes they explain (a node advertising an address its peers cannot reach
// explains every failed probe towards it) take those probes first: no port cause can then blame a
// firewall for them. One cause per such finding, in the order of the findings. Pure.
import type { Finding, ProbeResult, ProbeSelector } from '../model.js';
import type { Cause } from './types.js';
import type { CauseContext, Pool } from './context.js';
import { kindOf } from './findings.js';
import { portsOf } from './words.js';

type Draft = Omit<Cause, 'id' | 'status'>;

const matches = (sel: ProbeSelector, p: ProbeResult) => (sel.from === undefined || sel.from === p.from) && (sel.to === undefined || sel.to === p.to);

/** Whether a finding explains a probe: it fails, the probe fails, and a selector naming a host matches it. */
export function explains(f: Finding, p: ProbeResult): boolean {
  // Only a failing finding explains failures; a selector that names no host would take them all.
  return f.status === 'fail' && p.status === 'fail' && (f.explains ?? []).some((s) => (s.from !== undefined || s.to !== undefined) && matches(s, p));
}

/** The first finding that explains the probe, if any (its fix replaces the probe's firewall fix). */
export function explainedBy(findings: Finding[], p: ProbeResult): Finding | undefined {
  return findings.find((f) => explains(f, p));
}

export function claimedCauses(ctx: CauseContext, pool: Pool): Draft[] {
  const drafts: Draft[] = [];
  for (const i of [...pool.findings].sort((a, b) => a - b)) {
    const f: Finding = ctx.findings[i];
    if (f.status !== 'fail' || !(f.explains ?? []).some((s) => s.from !== undefined || s.to !== undefined)) continue;
    const probes = pool.takeProbes((j) => explains(f, ctx.probes[j]));
    pool.takeFindings((j) => j === i);
    const hosts = f.host !== undefined ? [f.host] : [f.from, f.to].filter((h): h is string => h !== undefined);
    drafts.push({
      kind: kindOf(f.check),
      summary: f.summary,
      remediation: f.remediation ?? 'see the findings',
      hosts,
      ports: portsOf(ctx.probes, probes),
      probes,
      findings: [i],
    });
  }
  return drafts;
}
