// --redact: the same result with every host name, address and docker ID replaced by a stable
// placeholder (host-N, addr-N, id-N), so it can be attached to a public ticket. Pure.
import { isIP } from 'node:net';
import type { RunResult } from '../model.js';

/**
 * Fields whose values are fixed vocabulary or numbers, never names: kept verbatim so the result
 * stays valid even when a host happens to be called "manager" or "pass". Paths use * for indexes.
 */
const KEEP = new Set([
  'schemaVersion', 'tool', 'startedAt', 'durationMs', 'mode', 'summary', 'interrupted', 'deadlinePassed',
  'hosts.*.role', 'hosts.*.reachable', 'hosts.*.errorKind',
  'hosts.*.facts.uid', 'hosts.*.facts.python', 'hosts.*.facts.dockerVersion', 'hosts.*.facts.swarmState',
  'hosts.*.facts.mode', 'hosts.*.facts.firewall', 'hosts.*.facts.dataPathPort',
  'probes.*.protocol', 'probes.*.port', 'probes.*.status', 'probes.*.ms', 'probes.*.reason',
  'findings.*.check', 'findings.*.status',
  'causes.*.kind', 'causes.*.status', 'causes.*.ports', 'causes.*.probes', 'causes.*.findings',
]);

/** Word characters: a match must not continue into one on either side. */
const EDGE_BEFORE = '(?<![A-Za-z0-9_])';
const EDGE_AFTER = '(?![A-Za-z0-9_])';
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?!\\w|\\.\\d)`, 'g');
/** Runs that might be IPv6; each is checked with net.isIP, since a regex for IPv6 alone is unreadable. */
const IPV6_CANDIDATE = /(?<![\w:.])[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/g;
/** Docker container/network IDs (12 or 64 hex) and swarm node/service/task IDs (25 of [a-z0-9]). */
const DOCKER_ID = new RegExp(`${EDGE_BEFORE}(?:[0-9a-f]{64}|[0-9a-f]{12}|[a-z0-9]{25})${EDGE_AFTER}`, 'g');

export function redact(result: RunResult): RunResult {
  const names = new Placeholders();
  registerHosts(result, names);
  walk(result, [], (s) => scan(s, names));
  const replace = names.replacer();
  return walk(result, [], replace) as RunResult;
}

/** Hosts first, in host order, so host-N follows the inventory; their names and addresses with them. */
function registerHosts(result: RunResult, names: Placeholders): void {
  for (const h of result.hosts) names.add(h.id, 'host');
  // Ids that only appear in probes or findings (a hand-edited result) are hosts too.
  for (const p of result.probes) { names.add(p.from, 'host'); names.add(p.to, 'host'); }
  for (const f of result.findings) for (const id of [f.host, f.from, f.to, ...(f.hosts ?? [])]) if (id) names.add(id, 'host');
  for (const h of result.hosts) {
    const placeholder = names.get(h.id) as string;
    const hostname = typeof h.facts?.hostname === 'string' ? h.facts.hostname : undefined;
    for (const name of [hostname, h.address]) {
      if (!name) continue;
      if (isIP(name)) names.add(name, 'addr');
      else names.alias(name, placeholder);
    }
    // "db1.corp.example" is also called "db1" in messages.
    for (const name of [h.id, hostname, h.address]) {
      if (name && !isIP(name) && name.includes('.')) names.alias(name.split('.')[0], placeholder);
    }
  }
}

/** Addresses and docker IDs in one string, registered in the order they appear. */
function scan(s: string, names: Placeholders): string {
  const found: { at: number; text: string; kind: 'addr' | 'id' }[] = [];
  for (const m of s.matchAll(IPV6_CANDIDATE)) {
    // Trailing ":" or "." is punctuation ("on fe80::1: refused"), not part of the address.
    let text = m[0];
    while (text && isIP(text) !== 6 && /[:.]$/.test(text)) text = text.slice(0, -1);
    if (isIP(text) === 6) found.push({ at: m.index, text, kind: 'addr' });
  }
  for (const m of s.matchAll(IPV4)) found.push({ at: m.index, text: m[0], kind: 'addr' });
  for (const m of s.matchAll(DOCKER_ID)) found.push({ at: m.index, text: m[0], kind: 'id' });
  found.sort((a, b) => a.at - b.at || b.text.length - a.text.length);
  for (const f of found) names.add(f.text, f.kind);
  return s;
}

/** Every string of a JSON value through `fn`, except the KEEP paths; object keys are field names and stay. */
function walk(value: unknown, path: string[], fn: (s: string) => string): unknown {
  if (path.length && KEEP.has(path.join('.'))) return structuredClone(value);
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, [...path, '*'], fn));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k], fn)]));
  }
  return value;
}

class Placeholders {
  private readonly map = new Map<string, string>();
  private readonly counts = { host: 0, addr: 0, id: 0 };
  /** A short docker ID is the first 12 characters of the long one: both get the same placeholder. */
  private readonly idPrefixes = new Map<string, string>();

  get(original: string): string | undefined {
    return this.map.get(original);
  }

  add(original: string, kind: 'host' | 'addr' | 'id'): void {
    if (!original || this.map.has(original)) return;
    if (kind === 'id') {
      const hex = /^[0-9a-f]{12}(?:[0-9a-f]{52})?$/.test(original);
      const placeholder = (hex ? this.idPrefixes.get(original.slice(0, 12)) : undefined) ?? `id-${++this.counts.id}`;
      if (hex) this.idPrefixes.set(original.slice(0, 12), placeholder);
      this.map.set(original, placeholder);
      return;
    }
    this.map.set(original, `${kind}-${++this.counts[kind]}`);
  }

  alias(original: string, placeholder: string): void {
    if (original && !this.map.has(original)) this.map.set(original, placeholder);
  }

  /**
   * One pass over each string with every original at once, longest first, whole tokens only: so
   * "n1" neither clobbers "n10" nor touches "n1x", and a placeholder is never replaced again.
   */
  replacer(): (s: string) => string {
    if (this.map.size === 0) return (s) => s;
    const originals = [...this.map.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    const pattern = new RegExp(`${EDGE_BEFORE}(?:${originals.map(escapeRegExp).join('|')})${EDGE_AFTER}`, 'g');
    return (s) => s.replace(pattern, (m) => this.map.get(m) ?? m);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
