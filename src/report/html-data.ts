// The HTML report's data: one compact JSON blob the page script draws the heat maps from, instead
// of markup per cell (a 200-host mesh has 39,800 cells and 159,200 probes). Pure.
//
// Slots: a probe of pair (from, to) and port p sits at slot (from * N + to) * P + p, its status a
// letter of `grid` (p pass, f fail, e error, s skip, . not probed). Probes that neither passed nor
// were n/a carry their words in `probes[slot]` = [reason, detail, ms, fix, cause], strings as indexes
// into `strings`; the probes a host out of the run left unsent carry theirs once, in `unsent`.
// Pair-scoped findings (path MTU, canary) get a grid of their own, one letter a pair.
import type { Finding, RunResult, Status } from '../model.js';
import { causeIndex, causesOf, explains, untestedCauses } from './causes.js';
import { buildMatrix } from './matrix.js';
import { untestedView } from '../untested-hosts.js';

export const LETTER: Record<Status, string> = { pass: 'p', fail: 'f', error: 'e', warn: 'w', skip: 's' };

/** Pair-scoped checks drawn as a grid, with the heading the page gives them (as the terminal does). */
export const PAIR_CHECKS: [check: string, title: string][] = [
  ['path-mtu', "Path MTU: full overlay frames with don't-fragment"],
  ['canary', 'Containers on a temporary overlay (canary): small and full-size pings'],
];

export interface PairGrid { check: string; title: string; grid: string; items: Record<number, [status: string, summary: number, fix: number, cause: number]> }

export interface HtmlData {
  hosts: string[];
  /** Indexes of hosts that could not be tested. */
  down: number[];
  ports: string[];
  grid: string;
  probes: Record<number, [reason: number, detail: number, ms: number | null, fix: number, cause: number]>;
  /**
   * Hosts out of the run before the round, by host index: the words of their unsent probes as sender
   * and as receiver (one entry a host, not one a probe: a probe of theirs has no entry in `probes`).
   */
  unsent: Record<number, [reason: number, fromDetail: number, toDetail: number, cause: number]>;
  pairs: PairGrid[];
  /** Per cause: the cells (from * N + to) of its probes, and per pair grid the cells of its findings. */
  causes: { cells: number[]; pairs: Record<string, number[]>; label: string }[];
  strings: string[];
}

export function htmlData(result: RunResult): HtmlData {
  const matrix = buildMatrix(result);
  const n = matrix.hosts.length;
  const p = matrix.ports.length;
  const at = new Map(matrix.hosts.map((id, i) => [id, i]));
  const portAt = new Map(matrix.ports.map((port, i) => [port.key, i]));
  const strings = new Strings();
  const causes = causesOf(result);
  const owner = causeIndex(result, causes);
  const grid = new Array<string>(n * n * p).fill('.');
  const probes: HtmlData['probes'] = {};
  const causeCells = causes.map(() => new Set<number>());
  result.probes.forEach((probe, i) => {
    const from = at.get(probe.from);
    const to = at.get(probe.to);
    const port = portAt.get(`${probe.protocol}:${probe.port}`);
    if (from === undefined || to === undefined || port === undefined || from === to) return;
    const slot = (from * n + to) * p + port;
    grid[slot] = LETTER[probe.status] ?? '.';
    const cause = owner.probes[i];
    if (cause >= 0) causeCells[cause].add(from * n + to);
    if (probe.status === 'pass' || probe.status === 'skip') return;
    const ms = Number(probe.ms);
    probes[slot] = [strings.id(probe.reason ?? ''), strings.id(probe.detail), probe.ms === null || !Number.isFinite(ms) ? null : ms, strings.id(probe.remediation ?? ''), cause];
  });
  // A host out of the run: its pairs' letters from the plan, its words once.
  const unsentView = untestedView(result);
  const unsent: HtmlData['unsent'] = {};
  if (unsentView.size) {
    const causeOf = untestedCauses(causes);
    matrix.hosts.forEach((id, i) => {
      const u = unsentView.get(id);
      if (u) unsent[i] = [strings.id(u.reason), strings.id(u.fromDetail), strings.id(u.toDetail), causeOf.get(id) ?? -1];
    });
    for (const [from, fromId] of matrix.hosts.entries()) {
      for (const [to, toId] of matrix.hosts.entries()) {
        for (const probe of unsentView.pair(fromId, toId)) {
          const port = portAt.get(`${probe.protocol}:${probe.port}`);
          if (port === undefined) continue;
          grid[(from * n + to) * p + port] = LETTER[probe.status] ?? '.';
          const cause = probe.status === 'error' ? causeOf.get(unsentView.get(fromId) ? fromId : toId) : undefined;
          if (cause !== undefined) causeCells[cause].add(from * n + to);
        }
      }
    }
  }
  const pairs = PAIR_CHECKS.flatMap(([check, title]) => {
    const found = pairGrid(result, check, title, at, owner.findings, strings);
    return found ? [found] : [];
  });
  const causePairs = causes.map(() => ({} as Record<string, number[]>));
  result.findings.forEach((f, i) => {
    const cause = owner.findings[i];
    const from = f.from === undefined ? undefined : at.get(f.from);
    const to = f.to === undefined ? undefined : at.get(f.to);
    if (cause < 0 || from === undefined || to === undefined || !pairs.some((g) => g.check === f.check)) return;
    (causePairs[cause][f.check] ??= []).push(from * n + to);
  });
  return {
    hosts: matrix.hosts,
    down: result.hosts.flatMap((h, i) => (!h.reachable || h.error ? [i] : [])),
    ports: matrix.ports.map((port) => port.label),
    grid: grid.join(''),
    probes,
    unsent,
    pairs,
    causes: causes.map((c, i) => ({ cells: [...causeCells[i]].sort((a, b) => a - b), pairs: causePairs[i], label: `${i + 1}. ${c.summary} (${explains(c)})` })),
    strings: strings.list,
  };
}

function pairGrid(result: RunResult, check: string, title: string, at: Map<string, number>, owner: Int32Array, strings: Strings): PairGrid | undefined {
  const n = at.size;
  const grid = new Array<string>(n * n).fill('.');
  const items: PairGrid['items'] = {};
  let any = false;
  result.findings.forEach((f: Finding, i) => {
    if (f.check !== check || !f.from || !f.to) return;
    const from = at.get(f.from);
    const to = at.get(f.to);
    if (from === undefined || to === undefined || from === to) return;
    any = true;
    const cell = from * n + to;
    grid[cell] = LETTER[f.status] ?? '.';
    if (f.status !== 'pass') items[cell] = [f.status, strings.id(f.summary), strings.id(f.remediation ?? ''), owner[i]];
  });
  return any ? { check, title, grid: grid.join(''), items } : undefined;
}

/** Each distinct string once: 2,000 probes dropped by one host say the same few things. */
class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  id(value: unknown): number {
    const s = typeof value === 'string' ? value : String(value ?? '');
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** The blob as text for a <script type="application/json">: no value can end the tag. */
export function dataJson(data: HtmlData): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
