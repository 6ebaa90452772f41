// The CI report: JUnit XML in the shape Jenkins and GitLab read (junit-10.xsd). Pure.
//
// Suites, in order:
// - `causes`: one testcase per cause (grouped now for a result saved before causes existed), in the result's order (the one
//   that explains most first). name = the cause's id (stable across runs of the same fault),
//   classname = `causes.<kind>`; a failing cause is a <failure> and one that could not be tested an
//   <error>, with message = the summary, type = the kind, body = the fix and what it explains; a
//   warning cause passes with the same text in <system-out>. The suite's own <system-out> is the
//   verdict line. These cases group the evidence below, so the root's counts include both.
// - `swarm-ports`: one testcase per probe, named `FROM -> TO PORT/PROTO`, classname `swarm-ports.FROM`;
//   a host out of the run before probing is one <error> case for all the probes it left unsent.
// - one suite per finding check id, in order of appearance, one testcase per finding.
import type { Cause, Finding, ProbeResult, RunResult, Status, UntestedHost } from '../model.js';
import { causesOf, explains, nameList, withCauses } from './causes.js';
import { portLabel, verdictLine } from './matrix.js';
import { findingWhere } from './finding-where.js';
import { entriesOf } from '../untested-hosts.js';

interface Case {
  name: string;
  classname: string;
  /** Milliseconds, 0 when not measured. */
  ms: number;
  status: Status;
  message: string;
  type: string;
  /** Body of <failure>/<error> (the fix), or of <system-out> for passing and warning cases. */
  text?: string;
}

interface Suite { name: string; cases: Case[]; out?: string }

export function renderJunit(saved: RunResult): string {
  const result = withCauses(saved);
  const suites: Suite[] = [];
  suites.push({ name: 'causes', cases: causesOf(result).map(causeCase), out: verdictLine(result) });
  const unsent = entriesOf(result);
  suites.push({ name: 'swarm-ports', cases: [...result.probes.map(probeCase), ...unsent.filter((u) => u.probes > 0).map(unsentCase)] });
  for (const f of result.findings) {
    let suite = suites.find((s) => s.name === f.check);
    if (!suite) suites.push(suite = { name: f.check, cases: [] });
    suite.cases.push(findingCase(f));
  }
  const all = suites.flatMap((s) => s.cases);
  // The whole run's wall clock: probes ran in parallel, so their times add up to more than this.
  const attrs = { name: 'swarm-preflight', tests: all.length, failures: count(all, 'fail'), errors: count(all, 'error'), time: seconds(result.durationMs) };
  const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.exec(result.startedAt ?? '')?.[0];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes(attrs)}>`,
    ...suites.map((s) => suiteXml(s, timestamp)),
    '</testsuites>',
    '',
  ].join('\n');
}

function probeCase(p: ProbeResult): Case {
  return {
    name: `${p.from} -> ${p.to} ${portLabel(p.protocol, p.port)}`,
    classname: `swarm-ports.${p.from}`,
    ms: typeof p.ms === 'number' && p.ms > 0 ? p.ms : 0,
    status: p.status,
    message: p.detail,
    type: p.reason ?? p.status,
    text: p.remediation,
  };
}

/** A host out of the run: one case for every probe it left unsent, not thousands. */
function unsentCase(u: UntestedHost): Case {
  return {
    name: `${u.host} <-> its peers ${u.ports.join(', ')}`,
    classname: `swarm-ports.${u.host}`,
    ms: 0,
    status: 'error',
    message: `${u.probes} probes to and from ${u.host} not sent: ${u.fromDetail}`,
    type: u.reason,
  };
}

function causeCase(c: Cause): Case {
  const scope = [`explains ${explains(c)}`, c.hosts.length ? `hosts: ${nameList(c.hosts, 20)}` : '', c.ports.length ? `ports: ${c.ports.join(', ')}` : ''].filter(Boolean).join('\n');
  const text = `fix: ${c.remediation}\n${scope}`;
  return {
    name: c.id,
    classname: `causes.${c.kind}`,
    ms: 0,
    status: c.status,
    message: c.summary,
    type: c.kind,
    text: c.status === 'warn' ? `warning: ${c.summary}\n${text}` : text,
  };
}

function findingCase(f: Finding): Case {
  const where = findingWhere(f, '->');
  return {
    name: `${where}: ${f.summary}`,
    classname: `${f.check}.${f.host ?? f.from ?? 'cluster'}`,
    ms: 0,
    status: f.status,
    message: f.summary,
    type: f.check,
    // A warning passes, but says what it saw and what to do in the case's output.
    text: f.status === 'warn' ? [`warning: ${f.summary}`, f.remediation ? `fix: ${f.remediation}` : ''].filter(Boolean).join('\n') : f.remediation,
  };
}

function suiteXml(suite: Suite, timestamp: string | undefined): string {
  const totalMs = suite.cases.reduce((sum, c) => sum + c.ms, 0);
  const attrs = {
    name: suite.name,
    tests: suite.cases.length,
    failures: count(suite.cases, 'fail'),
    errors: count(suite.cases, 'error'),
    skipped: count(suite.cases, 'skip'),
    // Sum of the cases, as JUnit tools expect of a suite.
    time: seconds(totalMs),
    ...(timestamp ? { timestamp } : {}),
  };
  const out = suite.out ? [`    <system-out>${xmlText(suite.out)}</system-out>`] : [];
  return [`  <testsuite${attributes(attrs)}>`, ...suite.cases.map(caseXml), ...out, '  </testsuite>'].join('\n');
}

function caseXml(c: Case): string {
  const open = `    <testcase${attributes({ name: c.name, classname: c.classname, time: seconds(c.ms) })}`;
  const detail = attributes({ message: c.message, type: c.type });
  switch (c.status) {
    case 'fail': return `${open}>\n      ${element('failure', detail, c.text)}\n    </testcase>`;
    case 'error': return `${open}>\n      ${element('error', detail, c.text)}\n    </testcase>`;
    case 'skip': return `${open}>\n      <skipped${attributes({ message: c.message })}/>\n    </testcase>`;
    default: return c.text ? `${open}>\n      <system-out>${xmlText(c.text)}</system-out>\n    </testcase>` : `${open}/>`;
  }
}

function element(tag: string, attrs: string, text: string | undefined): string {
  return text ? `<${tag}${attrs}>${xmlText(text)}</${tag}>` : `<${tag}${attrs}/>`;
}

function count(cases: Case[], status: Status): number {
  return cases.filter((c) => c.status === status).length;
}

/** JUnit times are seconds with a decimal point (junit-10's SUREFIRE_TIME). */
function seconds(ms: number): string {
  return (Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0).toFixed(3);
}

function attributes(attrs: Record<string, string | number>): string {
  return Object.entries(attrs).map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join('');
}

/** Characters XML 1.0 forbids anywhere, even escaped: controls, lone surrogates, U+FFFE/U+FFFF. */
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  // `>` too, so that "]]>" can never appear; \r as a reference, or parsers turn it into \n.
  return value.replace(INVALID_XML, '').replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c] as string);
}

export function xmlAttr(value: string): string {
  // Tabs and line breaks as references, or attribute normalisation turns them into spaces.
  return value.replace(INVALID_XML, '').replace(/[&<>"'\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c] as string);
}
