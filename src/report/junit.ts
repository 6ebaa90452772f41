// The CI report: JUnit XML in the shape Jenkins and GitLab read (junit-10.xsd). One testsuite per
// check family: `swarm-ports` holds a testcase per probe, then one suite per finding check id. Pure.
import type { Finding, ProbeResult, RunResult, Status } from '../model.js';
import { portLabel } from './matrix.js';

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

interface Suite { name: string; cases: Case[] }

export function renderJunit(result: RunResult): string {
  const suites: Suite[] = [{ name: 'swarm-ports', cases: result.probes.map(probeCase) }];
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

function findingCase(f: Finding): Case {
  const where = f.host ?? (f.from && f.to ? `${f.from} -> ${f.to}` : 'cluster');
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
  return [`  <testsuite${attributes(attrs)}>`, ...suite.cases.map(caseXml), '  </testsuite>'].join('\n');
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
