// The HTML report below its first screen: the hosts with their counts, the findings and the
// evidence that did not pass, and the raw facts. Pure.
import type { RunResult } from '../model.js';
import { causeIndex, causesOf, hostCounts, hostState, untestedCauses } from './causes.js';
import { cls, esc, preJson, str } from './html-text.js';
import { MARKS, portLabel } from './matrix.js';
import { findingWhere } from './finding-where.js';
import { entriesOf, unsentCounts } from '../untested-hosts.js';

export function hostsSection(result: RunResult): string {
  const counts = hostCounts(result);
  const rows = result.hosts.map((h) => {
    const c = counts.get(h.id) ?? { inFail: 0, outFail: 0, untested: 0, findings: 0 };
    const num = (v: number, status: string) => `<td class="num${v > 0 ? ` ${status}` : ''}">${v}</td>`;
    return `<tr><td>${esc(h.id)}</td><td>${esc(h.address)}</td><td>${esc(h.role)}</td><td>${esc(str(h.facts?.dockerVersion) ?? '?')}</td><td>${esc(str(h.facts?.hostname) ?? '')}</td><td${h.reachable && !h.error ? '' : ' class="bad"'}>${esc(hostState(h))}</td>${num(c.inFail, 'fail')}${num(c.outFail, 'fail')}${num(c.untested, 'error')}${num(c.findings, 'warn')}</tr>`;
  });
  const options = Object.entries(result.options ?? {}).map(([k, v]) => `<li><code>${esc(k)}</code> ${esc(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v))}</li>`);
  return `<section id="hosts">
<h2>Hosts</h2>
<p>${esc(result.tool.name)} ${esc(result.tool.version)} · mode ${esc(result.mode)} · started ${esc(result.startedAt)} · ${esc((Number(result.durationMs) / 1000).toFixed(1))} s. Per host: probes into it that failed (in ✗), from it that failed (out ✗), that could not be tested, and findings that did not pass.</p>
<table class="list"><thead><tr><th>host</th><th>address</th><th>role</th><th>docker</th><th>hostname</th><th>state</th><th>in ✗</th><th>out ✗</th><th>untested</th><th>findings</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
${options.length ? `<details><summary>Options</summary><ul>${options.join('')}</ul></details>` : ''}
</section>`;
}

export function findingsSection(result: RunResult): string {
  const causes = causesOf(result);
  const owner = causeIndex(result, causes).findings;
  const listed = result.findings.map((f, i) => ({ f, cause: owner[i] })).filter(({ f }) => f.status !== 'pass');
  if (!listed.length) return '';
  const passed = result.findings.length - listed.length;
  const rows = listed.map(({ f, cause }) => {
    const where = findingWhere(f, '→');
    return `<tr><td><span class="badge ${cls(f.status)}">${esc(MARKS[f.status] ?? '?')}</span> ${esc(f.status)}</td><td>${cause >= 0 ? cause + 1 : ''}</td><td>${esc(f.check)}</td><td>${esc(where)}</td><td>${esc(f.summary)}</td><td>${f.remediation ? `<code>${esc(f.remediation)}</code>` : ''}</td></tr>`;
  });
  return `<section id="findings">
<h2>Findings that did not pass (${listed.length})</h2>
${passed ? `<p class="muted">${passed} passing findings are not listed; the grids above and the JSON report have them.</p>` : ''}
<table class="list"><thead><tr><th>status</th><th>cause</th><th>check</th><th>where</th><th>summary</th><th>fix</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>
</section>`;
}

/** Every probe that did not pass (passing ones say only "connected": the cells' panel has them). */
export function evidenceSection(result: RunResult): string {
  const causes = causesOf(result);
  const owner = causeIndex(result, causes).probes;
  const listed = result.probes.map((p, i) => ({ p, cause: owner[i] })).filter(({ p }) => p.status === 'fail' || p.status === 'error');
  // In cause order, so one cause's evidence reads together.
  listed.sort((a, b) => (a.cause < 0 ? Infinity : a.cause) - (b.cause < 0 ? Infinity : b.cause));
  const rows = listed.map(({ p, cause }) => {
    const ms = Number(p.ms);
    return `<tr class="${cls(p.status)}"><td>${cause >= 0 ? cause + 1 : ''}</td><td>${esc(p.from)}</td><td>${esc(p.to)}</td><td>${esc(portLabel(p.protocol, p.port))}</td><td>${esc(p.status)}</td><td>${esc(p.reason ?? '')}</td><td>${p.ms === null || !Number.isFinite(ms) ? '' : ms}</td><td>${esc(p.detail)}</td><td>${p.remediation ? `<code>${esc(p.remediation)}</code>` : ''}</td></tr>`;
  });
  // A host out of the run: one row for all the probes it left unsent.
  const unsent = entriesOf(result);
  const causeOf = untestedCauses(causes);
  for (const u of unsent) {
    const cause = causeOf.get(u.host) ?? -1;
    rows.push(`<tr class="error"><td>${cause >= 0 ? cause + 1 : ''}</td><td>${esc(u.host)}</td><td>its ${esc(u.probes)} probes to and from its peers</td><td>${esc(u.ports.join(', '))}</td><td>error</td><td>${esc(u.reason)}</td><td></td><td>${esc(u.fromDetail)}</td><td></td></tr>`);
  }
  const counts = unsentCounts(unsent);
  const shown = listed.length + counts.error;
  const withEvidence = result.findings.filter((f) => f.evidence && f.status !== 'pass').map((f) => ({ check: f.check, status: f.status, host: f.host, from: f.from, to: f.to, evidence: f.evidence }));
  return `<section id="evidence">
<h2>Evidence</h2>
<details${rows.length <= 40 ? ' open' : ''}><summary>Probes that failed or could not be tested (${shown} of ${result.probes.length + counts.error + counts.skip}; the JSON report has all)</summary>
<table class="list"><thead><tr><th>cause</th><th>from</th><th>to</th><th>port</th><th>status</th><th>reason</th><th>ms</th><th>detail</th><th>fix</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>
</details>
<details><summary>Host facts (${result.hosts.length} hosts)</summary><pre>${preJson(result.hosts)}</pre></details>
${withEvidence.length ? `<details><summary>Evidence of the findings that did not pass (${withEvidence.length})</summary><pre>${preJson(withEvidence)}</pre></details>` : ''}
</section>`;
}
