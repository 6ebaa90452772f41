// --limit PATTERN with Ansible's host patterns: names, groups, all / *, globs (web*), ~regex,
// subscripts (web[0], web[1:3]), `!` exclusion, `&` intersection, lists with "," or ":". As in
// Ansible: the plain patterns are united, then each `&` intersects, then each `!` removes.
import { PreflightError } from '../errors.js';

export interface LimitHost { name: string; /** Every group the host is in, including ancestors and "all". */ groups: string[] }

const usage = (message: string) => new PreflightError('usage', message);

/** The names of the hosts `limit` selects, in inventory order. */
export function applyLimit(limit: string, hosts: LimitHost[], groupNames: string[]): Set<string> {
  if (limit.trim().startsWith('@')) throw usage(`--limit ${limit}: limit files (@FILE) are not supported; give the pattern itself, e.g. --limit 'web*,!web3'`);
  const patterns = splitPatterns(limit);
  if (patterns.length === 0) throw usage(`--limit ${JSON.stringify(limit)} is empty; give host or group names`);
  const plain = patterns.filter((p) => !p.startsWith('&') && !p.startsWith('!'));
  const ordered = [...(plain.length > 0 ? plain : ['all']), ...patterns.filter((p) => p.startsWith('&')), ...patterns.filter((p) => p.startsWith('!'))];
  let selected = new Set<string>();
  for (const p of ordered) {
    const matched = matchOne(p.replace(/^[&!]/, ''), hosts, groupNames);
    if (p.startsWith('&')) selected = new Set([...selected].filter((h) => matched.has(h)));
    else if (p.startsWith('!')) for (const h of matched) selected.delete(h);
    else for (const h of matched) selected.add(h);
  }
  if (selected.size === 0) throw usage(`--limit ${JSON.stringify(limit)} selects no host of the inventory; check the pattern against the inventory's host and group names`);
  return new Set(hosts.map((h) => h.name).filter((n) => selected.has(n)));
}

/** Ansible's split_host_pattern: on "," if there is one, else on ":" outside [...]. */
export function splitPatterns(limit: string): string[] {
  const parts = limit.includes(',') ? limit.split(',') : (limit.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? []);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function matchOne(pattern: string, hosts: LimitHost[], groupNames: string[]): Set<string> {
  const { base, subscript } = splitSubscript(pattern);
  const re = toRegExp(base);
  const matchingGroups = new Set(groupNames.filter((g) => re.test(g)));
  const names: string[] = [];
  if (matchingGroups.size > 0) for (const h of hosts) if (h.groups.some((g) => matchingGroups.has(g))) names.push(h.name);
  // A glob or regex may match host names as well as groups; a plain name matches hosts only when no group has it.
  if (matchingGroups.size === 0 || base.startsWith('~') || /[.?*[]/.test(base)) {
    for (const h of hosts) if (re.test(h.name) && !names.includes(h.name)) names.push(h.name);
  }
  if (names.length === 0 && matchingGroups.size === 0) {
    throw usage(`--limit: ${JSON.stringify(pattern)} matches no host or group of the inventory; check the spelling (names are case-sensitive)`);
  }
  if (!subscript) return new Set(names);
  const [start, end] = subscript;
  const from = start < 0 ? names.length + start : start;
  const to = end === undefined ? from : end === -1 ? names.length - 1 : end;
  if (from < 0 || from >= names.length || to >= names.length) {
    throw usage(`--limit: ${JSON.stringify(pattern)} is out of range; ${JSON.stringify(base)} has ${names.length} hosts (counted from 0)`);
  }
  return new Set(names.slice(from, to + 1));
}

/** `web[0]`, `web[-1]`, `web[1:3]` (inclusive), `web[2:]`; a regex never has a subscript. */
function splitSubscript(pattern: string): { base: string; subscript?: [number, number | undefined] } {
  if (pattern.startsWith('~')) return { base: pattern };
  const m = /^(.+)\[(?:(-?\d+)|(\d+)?\s*:\s*(\d+)?)\]$/.exec(pattern);
  if (!m) return { base: pattern };
  if (m[2] !== undefined) return { base: m[1], subscript: [Number(m[2]), undefined] };
  return { base: m[1], subscript: [Number(m[3] ?? 0), m[4] === undefined ? -1 : Number(m[4])] };
}

/** A regex (`~...`, matched from the start as Python's re.match) or a shell glob (whole name, as fnmatch). */
function toRegExp(pattern: string): RegExp {
  if (pattern.startsWith('~')) {
    try {
      return new RegExp(`^(?:${pattern.slice(1)})`);
    } catch (err) {
      throw usage(`--limit: ${JSON.stringify(pattern)} is not a valid regular expression: ${(err as Error).message}`);
    }
  }
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[' && pattern.indexOf(']', i + 2) > 0) {
      const close = pattern.indexOf(']', i + 2);
      let set = pattern.slice(i + 1, close);
      if (set.startsWith('!')) set = `^${set.slice(1)}`;
      re += `[${set.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^(?:${re})$`);
}
