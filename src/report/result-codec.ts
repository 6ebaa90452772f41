// The JSON's compact form of the probes: a mesh of N hosts has about 4·N² probes and N² path-MTU
// findings, nearly all passing with the same words, so passing, skipped and untested (error) probes
// are written as cells of groups that share their status, reason, port and detail (a pattern with
// {from} and {to}), passing pair findings likewise, and only the rest (failures with all their
// evidence, and probes with fields beyond the common ones) stay whole in `probes` and `findings`.
// One encoder, one decoder: every reader expands the compact form back into the full lists before
// anything renders it. Pure.
import type { Finding, ProbeResult, Protocol, RunResult } from '../model.js';

/** Probes of one status, reason, port and detail pattern; `cells` is [from, to, ms] triples of host indexes. */
export interface ProbeGroup {
  status: 'pass' | 'skip' | 'error';
  reason?: string;
  protocol: Protocol;
  port: number;
  detail: string;
  cells: (number | null)[];
}

export interface ProbeGroups {
  /** Host ids, indexed by the cells. */
  hosts: string[];
  /** Port labels in the order the probes of one pair are listed (`2377/tcp`, ..., `esp`). */
  ports: string[];
  groups: ProbeGroup[];
  /**
   * `full`: the causes' probe indexes point into the full list, the groups expanded (what the
   * encoder writes now, so that a cause can name grouped probes: a host that could not be reached
   * leaves thousands of untested probes). Absent in older files: they point into `probes` as written.
   */
  causeIndexes?: 'full';
}

/** Passing pair findings of one check, summary pattern and evidence; `cells` is [index, from, to] triples. */
export interface FindingGroup {
  check: string;
  status: 'pass';
  summary: string;
  evidence?: Record<string, unknown>;
  cells: number[];
}

export interface FindingGroups { hosts: string[]; groups: FindingGroup[] }

/** What the JSON holds: `probes` and `findings` list only what is not in the groups, in the same order. */
export type PackedResult = RunResult & { probeGroups?: ProbeGroups; findingGroups?: FindingGroups };

// Failures keep all their evidence; errors of the same words (a host that could not be reached or
// run its agent) are grouped like passes.
const GROUPABLE = new Set(['pass', 'skip', 'error']);
const KEYS = new Set(['from', 'to', 'protocol', 'port', 'status', 'detail', 'ms', 'reason']);
const PLACEHOLDER = /\{(from|to)\}/g;

const label = (p: { protocol: string; port: number }) => `${p.port}/${p.protocol}`;

export function fillDetail(pattern: string, from: string, to: string): string {
  return pattern.replace(PLACEHOLDER, (_, which: string) => (which === 'from' ? from : to));
}

/** The text with the pair's ids as placeholders, or undefined when that would not give the text back. */
function patternOf(text: string, from: string, to: string): string | undefined {
  const [first, second] = from.length >= to.length ? [[from, '{from}'], [to, '{to}']] : [[to, '{to}'], [from, '{from}']];
  const pattern = text.split(first[0] as string).join(first[1]).split(second[0] as string).join(second[1]);
  return fillDetail(pattern, from, to) === text ? pattern : undefined;
}

/**
 * The result as the JSON writes it. Probes are grouped only where the result reads back the same:
 * ordered by host and port as the runner plans them, and without fields beyond
 * the common ones. Otherwise the result is written as is.
 */
export function packResult(result: RunResult): PackedResult {
  return packFindings(packProbes(result));
}

function packProbes(result: RunResult): PackedResult {
  const hostIndex = new Map(result.hosts.map((h, i) => [h.id, i]));
  const ports: string[] = [];
  const portIndex = new Map<string, number>();
  let lastKey = -1;
  const groups = new Map<string, ProbeGroup>();
  const rest: ProbeResult[] = [];
  for (const p of result.probes) {
    const from = hostIndex.get(p.from);
    const to = hostIndex.get(p.to);
    if (!portIndex.has(label(p))) {
      portIndex.set(label(p), ports.length);
      ports.push(label(p));
    }
    if (from === undefined || to === undefined) return result;
    const key = (from * hostIndex.size + to) * 64 + (portIndex.get(label(p)) as number);
    // The decoder restores the order from host and port indexes: any other order is left alone.
    if (key <= lastKey || ports.length > 64) return result;
    lastKey = key;
    const pattern = GROUPABLE.has(p.status) && Object.keys(p).every((k) => KEYS.has(k)) ? patternOf(p.detail, p.from, p.to) : undefined;
    if (pattern === undefined) {
      rest.push(p);
      continue;
    }
    const groupKey = JSON.stringify([p.status, p.reason, p.protocol, p.port, pattern]);
    let group = groups.get(groupKey);
    if (!group) {
      group = { status: p.status as ProbeGroup['status'], ...(p.reason !== undefined ? { reason: p.reason } : {}), protocol: p.protocol, port: p.port, detail: pattern, cells: [] };
      groups.set(groupKey, group);
    }
    group.cells.push(from, to, p.ms);
  }
  if (groups.size === 0) return result;
  return { ...result, probes: rest, probeGroups: { hosts: result.hosts.map((h) => h.id), ports, groups: [...groups.values()], causeIndexes: 'full' } };
}

/** The full result of what the JSON holds, old (every probe whole) or compact; throws a sentence on a malformed group. */
export function unpackResult(value: PackedResult): RunResult {
  return unpackProbes(unpackFindings(value));
}

function unpackProbes(value: PackedResult): RunResult {
  const packed = value.probeGroups;
  if (packed === undefined) return value;
  const problem = groupsProblem(packed);
  if (problem) throw new Error(`probeGroups: ${problem}`);
  const n = packed.hosts.length;
  const portIndex = new Map(packed.ports.map((p, i) => [p, i]));
  const keyOf = (from: number, to: number, port: string) => (from * n + to) * 64 + (portIndex.get(port) ?? 63);
  const hostIndex = new Map(packed.hosts.map((h, i) => [h, i]));
  const grouped: { key: number; probe: ProbeResult }[] = [];
  for (const g of packed.groups) {
    for (let c = 0; c < g.cells.length; c += 3) {
      const [from, to, ms] = [g.cells[c] as number, g.cells[c + 1] as number, g.cells[c + 2] as number | null];
      const fromId = packed.hosts[from] as string;
      const toId = packed.hosts[to] as string;
      const probe: ProbeResult = { from: fromId, to: toId, protocol: g.protocol, port: g.port, status: g.status, detail: fillDetail(g.detail, fromId, toId), ms };
      if (g.reason !== undefined) probe.reason = g.reason;
      grouped.push({ key: keyOf(from, to, label(g)), probe });
    }
  }
  grouped.sort((a, b) => a.key - b.key);
  const probes: ProbeResult[] = [];
  const restIndex: number[] = [];
  let g = 0;
  for (const p of value.probes) {
    const key = keyOf(hostIndex.get(p.from) ?? n, hostIndex.get(p.to) ?? 0, label(p));
    while (g < grouped.length && (grouped[g] as { key: number }).key < key) probes.push((grouped[g++] as { probe: ProbeResult }).probe);
    restIndex.push(probes.length);
    probes.push(p);
  }
  while (g < grouped.length) probes.push((grouped[g++] as { probe: ProbeResult }).probe);
  const { probeGroups: _dropped, ...rest } = value;
  if (packed.causeIndexes === 'full') return { ...rest, probes };
  const causes = value.causes?.map((c) => ({ ...c, probes: c.probes.map((i) => restIndex[i] ?? i) }));
  return { ...rest, probes, ...(causes ? { causes } : {}) };
}

const FINDING_KEYS = new Set(['check', 'status', 'summary', 'from', 'to', 'evidence']);

/** Passing pair findings (path MTU between every pair) into groups; each cell keeps the finding's place. */
function packFindings(result: PackedResult): PackedResult {
  const hostIndex = new Map(result.hosts.map((h, i) => [h.id, i]));
  const inCause = new Set((result.causes ?? []).flatMap((c) => c.findings));
  const groups = new Map<string, FindingGroup>();
  const rest: Finding[] = [];
  const restIndex = new Map<number, number>();
  for (const [i, f] of result.findings.entries()) {
    const from = f.from === undefined ? undefined : hostIndex.get(f.from);
    const to = f.to === undefined ? undefined : hostIndex.get(f.to);
    const pattern = f.status === 'pass' && from !== undefined && to !== undefined && !inCause.has(i) && Object.keys(f).every((k) => FINDING_KEYS.has(k))
      ? patternOf(f.summary, f.from as string, f.to as string) : undefined;
    if (pattern === undefined) {
      restIndex.set(i, rest.length);
      rest.push(f);
      continue;
    }
    const evidence = f.evidence === undefined ? undefined : JSON.stringify(f.evidence);
    const key = JSON.stringify([f.check, pattern, evidence]);
    let group = groups.get(key);
    if (!group) {
      group = { check: f.check, status: 'pass', summary: pattern, ...(f.evidence !== undefined ? { evidence: f.evidence } : {}), cells: [] };
      groups.set(key, group);
    }
    group.cells.push(i, from as number, to as number);
  }
  if (groups.size === 0) return result;
  const causes = result.causes?.map((c) => ({ ...c, findings: c.findings.map((i) => restIndex.get(i) as number) }));
  return { ...result, findings: rest, findingGroups: { hosts: result.hosts.map((h) => h.id), groups: [...groups.values()] }, ...(causes ? { causes } : {}) };
}

function unpackFindings(value: PackedResult): PackedResult {
  const packed = value.findingGroups;
  if (packed === undefined) return value;
  const problem = findingGroupsProblem(packed);
  if (problem) throw new Error(`findingGroups: ${problem}`);
  const placed: (Finding | undefined)[] = [];
  for (const g of packed.groups) {
    for (let c = 0; c < g.cells.length; c += 3) {
      const [at, from, to] = [g.cells[c] as number, packed.hosts[g.cells[c + 1] as number] as string, packed.hosts[g.cells[c + 2] as number] as string];
      if (placed[at] !== undefined) throw new Error(`findingGroups: two findings at ${at}`);
      // Each finding its own evidence object, as the run made it: a reader may change one.
      placed[at] = { check: g.check, from, to, status: g.status, summary: fillDetail(g.summary, from, to), ...(g.evidence !== undefined ? { evidence: structuredClone(g.evidence) } : {}) };
    }
  }
  const findings: Finding[] = [];
  const restIndex: number[] = [];
  let next = 0;
  const total = placed.filter(Boolean).length + value.findings.length;
  for (let at = 0; at < total; at++) {
    const grouped = placed[at];
    if (grouped) {
      findings.push(grouped);
      continue;
    }
    if (next >= value.findings.length) throw new Error(`findingGroups: no finding for place ${at}`);
    restIndex.push(findings.length);
    findings.push(value.findings[next++] as Finding);
  }
  if (placed.length > total) throw new Error(`findingGroups: a place past the end (${placed.length - 1})`);
  const { findingGroups: _dropped, ...rest } = value;
  const causes = value.causes?.map((c) => ({ ...c, findings: c.findings.map((i) => restIndex[i] ?? i) }));
  return { ...rest, findings, ...(causes ? { causes } : {}) };
}

function findingGroupsProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object';
  const { hosts, groups } = value;
  if (!Array.isArray(hosts) || !hosts.every((h) => typeof h === 'string')) return 'hosts is not a list of ids';
  if (!Array.isArray(groups)) return 'groups is not a list';
  for (const [i, g] of groups.entries()) {
    if (!isObject(g) || g.status !== 'pass' || typeof g.check !== 'string' || typeof g.summary !== 'string'
      || (g.evidence !== undefined && !isObject(g.evidence)) || !Array.isArray(g.cells) || g.cells.length % 3 !== 0) {
      return `groups[${i}] lacks check, status, summary or [index, from, to] cells`;
    }
    const cells = g.cells as unknown[];
    for (let c = 0; c < cells.length; c += 3) {
      const [at, from, to] = [cells[c], cells[c + 1], cells[c + 2]];
      if (!Number.isInteger(at) || (at as number) < 0) return `groups[${i}] cell ${c / 3} has no place`;
      if (!Number.isInteger(from) || !Number.isInteger(to) || (from as number) < 0 || (to as number) < 0 || (from as number) >= hosts.length || (to as number) >= hosts.length) {
        return `groups[${i}] cell ${c / 3} names no host`;
      }
    }
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function groupsProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object';
  const { hosts, ports, groups } = value;
  if (!Array.isArray(hosts) || !hosts.every((h) => typeof h === 'string')) return 'hosts is not a list of ids';
  if (!Array.isArray(ports) || !ports.every((p) => typeof p === 'string') || ports.length > 63) return 'ports is not a list of port labels';
  if (!Array.isArray(groups)) return 'groups is not a list';
  if (value.causeIndexes !== undefined && value.causeIndexes !== 'full') return 'causeIndexes is not "full"';
  for (const [i, g] of groups.entries()) {
    if (!isObject(g) || (g.status !== 'pass' && g.status !== 'skip' && g.status !== 'error') || typeof g.protocol !== 'string' || typeof g.port !== 'number'
      || typeof g.detail !== 'string' || (g.reason !== undefined && typeof g.reason !== 'string') || !Array.isArray(g.cells) || g.cells.length % 3 !== 0) {
      return `groups[${i}] lacks status, protocol, port, detail or [from, to, ms] cells`;
    }
    const cells = g.cells as unknown[];
    for (let c = 0; c < cells.length; c += 3) {
      const [from, to, ms] = [cells[c], cells[c + 1], cells[c + 2]];
      if (!Number.isInteger(from) || !Number.isInteger(to) || (from as number) < 0 || (to as number) < 0 || (from as number) >= hosts.length || (to as number) >= hosts.length) {
        return `groups[${i}] cell ${c / 3} names no host`;
      }
      if (ms !== null && typeof ms !== 'number') return `groups[${i}] cell ${c / 3} has no ms`;
    }
  }
  return undefined;
}
