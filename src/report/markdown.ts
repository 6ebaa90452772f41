// The ticket report: GitHub/GitLab Markdown to paste into an issue, at most 60,000 characters (a
// comment holds 65,536). Verdict, then "Fix first" (the causes), then what fits: the hosts, the
// matrix of a small run, the evidence under its cause, the raw JSON; a closing line says what was
// left out and where it is. Nothing essential is inside <details>, for trackers that do not fold.
// Pure.
import type { RunResult } from '../model.js';
import { causesOf, withCauses } from './causes.js';
import { fixFirst } from './markdown-causes.js';
import { evidenceSection } from './markdown-evidence.js';
import { inert } from './inert.js';
import { hostSummary, MATRIX_UP_TO, matrixSection, runLine } from './markdown-matrix.js';
import { details, md, safeJson } from './markdown-text.js';
import { verdictLine } from './matrix.js';
import { entriesOf, unsentCounts } from '../untested-hosts.js';

export { md, table } from './markdown-text.js';
export { MATRIX_UP_TO, PER_PORT_ABOVE } from './markdown-matrix.js';

/** Characters a report may use: a GitHub or GitLab comment holds 65,536; the rest is for the reader's own words. */
export const MARKDOWN_BUDGET = 60_000;
/** Kept free for the closing line. */
const CLOSING_ROOM = 600;
/** Kept for the evidence when the hosts table is weighed. */
const EVIDENCE_ROOM = 12_000;
/** Evidence items shown per cause when the run is too big for all of them. */
const PER_CAUSE = 8;

export function renderMarkdown(saved: RunResult, budget = MARKDOWN_BUDGET): string {
  const result = withCauses(inert(saved));
  const causes = causesOf(result);
  const small = result.hosts.length <= MATRIX_UP_TO;
  const parts: string[] = [];
  let used = 0;
  const add = (s: string) => { if (s) { parts.push(s); used += s.length + 2; } };
  const room = () => budget - used - CLOSING_ROOM;

  add(`**${md(verdictLine(result))}**`);
  add(fixFirst(causes, Math.floor(budget * 0.4)).text);
  // The hosts table may take what is left but some room for the evidence.
  const hostRoom = () => room() - EVIDENCE_ROOM;
  const full = hostSummary(result, false);
  const hosts = full.length <= hostRoom() ? full : hostSummary(result, true);
  add(hosts.length <= hostRoom() ? hosts : `#### Hosts\n\n${result.hosts.length} hosts: their table does not fit here; the HTML and JSON reports have it.`);
  add(runLine(result));
  if (small) {
    const matrix = matrixSection(result);
    if (matrix.length <= room()) add(matrix);
  }
  const evidence = evidenceSection(result, causes, small ? Number.POSITIVE_INFINITY : PER_CAUSE, room());
  add(evidence.text);
  const raw = rawBlocks(result, small);
  let rawShown = 0;
  for (const block of raw) if (block.length <= room()) { add(block); rawShown += 1; }
  add(closing(result, evidence, rawShown === raw.length));
  return `${parts.join('\n\n')}\n`;
}

/** The raw JSON, folded: every probe for a small run, the host facts, the findings' evidence. */
function rawBlocks(result: RunResult, small: boolean): string[] {
  const blocks = small ? [details(`Probe details (${result.probes.length} probes)`, `[\n${result.probes.map((p) => safeJson(p)).join(',\n')}\n]`)] : [];
  // Hosts out of the run hold their unsent probes as one entry each, not in the list above.
  const unsent = entriesOf(result);
  if (small && unsent.length) blocks.push(details(`Hosts out of the run before probing (${unsent.length}), with the probes they left unsent`, safeJson(unsent, 2)));
  blocks.push(details(`Host facts (${result.hosts.length} hosts)`, safeJson(result.hosts, 2)));
  const withEvidence = result.findings.filter((f) => f.evidence && (small || f.status !== 'pass'));
  if (withEvidence.length) {
    const items = withEvidence.map((f) => ({ check: f.check, status: f.status, ...(f.host ? { host: f.host } : {}), ...(f.from ? { from: f.from, to: f.to } : {}), evidence: f.evidence }));
    blocks.push(details(`Finding evidence (${items.length})`, safeJson(items, 2)));
  }
  return blocks;
}

function closing(result: RunResult, evidence: { probes: number; findings: number; totalProbes: number; totalFindings: number }, allRaw: boolean): string {
  const complete = evidence.probes === evidence.totalProbes && evidence.findings === evidence.totalFindings && allRaw;
  const shown = `This report shows ${evidence.probes} of the ${evidence.totalProbes} probes and ${evidence.findings} of the ${evidence.totalFindings} findings that did not pass`;
  const unsent = unsentCounts(entriesOf(result));
  const all = result.probes.length + unsent.error + unsent.skip;
  const where = `every probe (${all}), the host facts and the findings' evidence are in the JSON report (\`--format json -o result.json\`) and the HTML report (\`--format html -o report.html\`, or \`swarm-preflight report result.json --format html\`)`;
  return complete ? `_${shown}; ${where}._` : `_${shown}: the full evidence did not fit. ${where.charAt(0).toUpperCase()}${where.slice(1)}: attach one to the ticket._`;
}
