// --redact: the same result with every host name, address and docker ID replaced by a stable
// placeholder (host-N, addr-N, id-N), so it can be attached to a public ticket; and everything else
// that names the site: host-key fingerprints (fp-N), MAC addresses (mac-N), local paths such as key
// and known_hosts files (path-N), user names (user-N), DNS names and ssh_config host names and jump
// hosts (name-N, the whole name), and proxy commands (command-N). Pure.
import { isIP } from 'node:net';
import type { RunResult } from '../model.js';
import { entriesOf } from '../untested-hosts.js';

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
  'causes.*.kind', 'causes.*.status', 'causes.*.ports', 'causes.*.probes', 'causes.*.findings', 'causes.*.untested',
  'untested.*.reason', 'untested.*.probes', 'untested.*.notApplicable', 'untested.*.ports',
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
/** OpenSSH fingerprints: SHA256:base64 and the old colon-separated MD5. */
const FINGERPRINT = /SHA256:[A-Za-z0-9+/]{43}=?|(?<![\w:])(?:MD5:)?(?:[0-9a-fA-F]{2}:){15}[0-9a-fA-F]{2}(?![\w:])/g;
const MAC = /(?<![\w:-])(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}(?![\w:-])/g;
/** Absolute and home paths, up to a space, quote, colon (file:line) or closing bracket. */
const PATH = /(?<![\w.\/~-])(?:~[A-Za-z0-9_.-]*)?\/[^\s'"`:;,()[\]<>|]*[^\s'"`:;,.()[\]<>|]/g;
/** System paths that name no site (the agent's own reads): kept, the rest of a path is not. */
const SYSTEM_PATH = /^\/(?:proc|sys|dev)\/|^\/run\/docker\/netns\/|^\/usr\/(?:bin|sbin|lib|libexec)\/|^\/(?:s?bin)\/|^\/etc\/resolv\.conf$|^\/(?:var\/)?run\/docker\.sock$/;
/** A DNS name of two labels or more ending in a letters-only top-level label; the whole name. */
const FQDN = /(?<![\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?![\w-]|\.[A-Za-z0-9])/g;
/** Option names of docker's own ("com.docker.network.driver.mtu") and field paths (Swarm.NodeAddr) are vocabulary, not names. */
const VOCABULARY = /^com\.docker\.|^(?:resolv\.conf|e\.g|i\.e)$|^(?:[A-Z][A-Za-z]*\.)+[A-Z][A-Za-z]*$/;
/** host:port as connection messages write it (ssh_config HostNames, jump hosts): the host part. */
const HOST_PORT = /(?<![\w.\/@-])([A-Za-z][A-Za-z0-9-]{0,62}):\d{1,5}(?![\w.])/g;
/** Host names that messages introduce by what they are. */
const NAMED_HOST = /(?:jump host|ProxyJump|HostName|ProxyCommand for|ssh-keyscan(?: -p \d+)?|ssh-keygen -R) '?([A-Za-z0-9][A-Za-z0-9.-]*)/g;
/** Proxy commands as hints quote them. */
const PROXY_COMMAND = /run the command yourself to see why it fails: (.+)$|run the ProxyCommand yourself \((.+?)\): it should/g;
/** A login name in user@host, as ssh writes it. */
const USER_AT = /(?<![\w.@-])([a-z_][a-z0-9_.-]{0,31})@(?=[\w[])/gi;
/** A login name as sudo and the connection messages introduce it ("password for alice", "--user alice"). */
const USER_NAMED = /(?<=\b(?:password for|for user|as user|--user|sudo -u) )([a-z_][a-z0-9_.-]{0,31})(?![\w@-])/gi;

export function redact(result: RunResult): RunResult {
  const names = new Placeholders();
  registerHosts(result, names);
  // A big run says the same few things thousands of times: each distinct text is scanned once.
  const scanned = new Set<string>();
  walk(result, [], (s) => {
    if (!scanned.has(s)) { scanned.add(s); scan(s, names); }
    return s;
  });
  const replace = names.replacer();
  const users = names.users();
  const done = new Map<string, string>();
  return walk(result, [], (s) => {
    let out = done.get(s);
    if (out === undefined) done.set(s, out = users(replace(s)));
    return out;
  }) as RunResult;
}

/** Hosts first, in host order, so host-N follows the inventory; their names and addresses with them. */
function registerHosts(result: RunResult, names: Placeholders): void {
  for (const h of result.hosts) names.add(h.id, 'host');
  // Ids that only appear in probes or findings (a hand-edited result) are hosts too.
  for (const p of result.probes) { names.add(p.from, 'host'); names.add(p.to, 'host'); }
  for (const u of entriesOf(result)) names.add(u.host, 'host');
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

/** Addresses, docker IDs and the other site names in one string, registered in the order they appear. */
function scan(s: string, names: Placeholders): string {
  const found: { at: number; text: string; kind: Kind }[] = [];
  for (const m of s.matchAll(PROXY_COMMAND)) {
    const text = (m[1] ?? m[2]).trim();
    found.push({ at: (m.index ?? 0) + m[0].indexOf(text), text, kind: 'command' });
  }
  for (const m of s.matchAll(FINGERPRINT)) found.push({ at: m.index, text: m[0], kind: 'fp' });
  for (const m of s.matchAll(MAC)) found.push({ at: m.index, text: m[0], kind: 'mac' });
  for (const m of s.matchAll(PATH)) if (!SYSTEM_PATH.test(m[0])) found.push({ at: m.index, text: m[0], kind: 'path' });
  for (const m of s.matchAll(FQDN)) if (!VOCABULARY.test(m[0])) found.push({ at: m.index, text: m[0], kind: 'name' });
  for (const re of [HOST_PORT, NAMED_HOST]) {
    for (const m of s.matchAll(re)) if (!isIP(m[1]) && !/^\d+$/.test(m[1])) found.push({ at: (m.index ?? 0) + m[0].indexOf(m[1]), text: m[1], kind: 'name' });
  }
  for (const re of [USER_AT, USER_NAMED]) for (const m of s.matchAll(re)) names.addUser(m[1]);
  for (const m of s.matchAll(IPV6_CANDIDATE)) {
    // Trailing ":" or "." is punctuation ("on fe80::1: refused"), not part of the address.
    let text = m[0];
    while (text && isIP(text) !== 6 && /[:.]$/.test(text)) text = text.slice(0, -1);
    if (isIP(text) === 6) found.push({ at: m.index, text, kind: 'addr' });
  }
  for (const m of s.matchAll(IPV4)) found.push({ at: m.index, text: m[0], kind: 'addr' });
  for (const m of s.matchAll(DOCKER_ID)) found.push({ at: m.index, text: m[0], kind: 'id' });
  found.sort((a, b) => a.at - b.at || b.text.length - a.text.length);
  // A match inside a longer one (the host of a path, a name in a proxy command) is part of it.
  let end = -1;
  for (const f of found) {
    if (f.at < end && f.kind !== 'addr' && f.kind !== 'name') continue;
    names.add(f.text, f.kind);
    end = Math.max(end, f.at + f.text.length);
  }
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

type Kind = 'host' | 'addr' | 'id' | 'fp' | 'mac' | 'path' | 'name' | 'user' | 'command';

class Placeholders {
  private readonly map = new Map<string, string>();
  private readonly counts: Record<Kind, number> = { host: 0, addr: 0, id: 0, fp: 0, mac: 0, path: 0, name: 0, user: 0, command: 0 };
  /** Login names: replaced only where they stand as one (user@host), not as the same word in prose. */
  private readonly logins = new Map<string, string>();
  /** A short docker ID is the first 12 characters of the long one: both get the same placeholder. */
  private readonly idPrefixes = new Map<string, string>();

  get(original: string): string | undefined {
    return this.map.get(original);
  }

  addUser(login: string): void {
    if (!this.logins.has(login)) this.logins.set(login, `user-${++this.counts.user}`);
  }

  /** user@ and ~user as login names: after the other replacements, so "root@db1" ends as "user-1@host-1". */
  users(): (s: string) => string {
    if (this.logins.size === 0) return (s) => s;
    const pattern = /(?<![\w.@-])(~?)([a-z_][a-z0-9_.-]{0,31})(?=(@)|\/)/gi;
    return (s) => s.replace(pattern, (m, tilde: string, login: string, at: string | undefined) => {
      const placeholder = this.logins.get(login);
      return placeholder && (tilde || at) ? `${tilde}${placeholder}` : m;
    }).replace(USER_NAMED, (m) => this.logins.get(m) ?? m);
  }

  add(original: string, kind: Kind): void {
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
