// OpenSSH known_hosts: parse (plain and hashed host fields, @revoked, @cert-authority), look up the keys known for a host,
// verify a presented host key, fingerprint it the way `ssh` prints it, and append a key for accept-new.

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { expandTilde } from './paths.js';

type HostField =
  | { kind: 'patterns'; patterns: string[] }
  | { kind: 'hashed'; salt: Buffer; hash: Buffer };

export interface KnownHostEntry {
  /** `revoked` for `@revoked` lines, `cert-authority` for `@cert-authority` (a CA trusted to sign host certificates). */
  marker?: 'revoked' | 'cert-authority';
  hosts: HostField;
  keyType: string;
  /** The key blob, base64 as written in the file. */
  key: string;
  file?: string;
  line: number;
}

/** A key known (or revoked) for one host, as `lookup` returns it. */
export interface KnownKey {
  type: string;
  /** The key blob, base64. */
  key: string;
  revoked: boolean;
  /** A `@cert-authority` key: it vouches for host certificates, it is never a host's own key. */
  certAuthority?: boolean;
  file?: string;
  line?: number;
}

/** What to do with a host key that is not known: refuse it, record it, or accept anything. */
export type HostKeyCheckMode = 'strict' | 'accept-new' | 'off';

export type HostKeyVerdict = 'match' | 'mismatch' | 'unknown' | 'revoked';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parse the text of one known_hosts file. Malformed lines are skipped, as `ssh` does. */
export function parseKnownHosts(text: string, file?: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i]!.trim().split(/\s+/);
    if (fields[0] === '' || fields[0]!.startsWith('#')) continue;
    let marker: KnownHostEntry['marker'];
    if (fields[0]!.startsWith('@')) {
      const name = fields.shift()!.toLowerCase();
      if (name === '@revoked') marker = 'revoked';
      else if (name === '@cert-authority') marker = 'cert-authority';
      else continue; // an unknown marker: OpenSSH skips the line too
    }
    if (fields.length < 3) continue;
    const [hostField, keyType, key] = fields as [string, string, string];
    if (!BASE64.test(key)) continue;
    const hosts = parseHostField(hostField);
    if (!hosts) continue;
    entries.push({ ...(marker ? { marker } : {}), hosts, keyType, key, ...(file ? { file } : {}), line: i + 1 });
  }
  return entries;
}

function parseHostField(field: string): HostField | undefined {
  if (field.startsWith('|')) {
    // |1|base64(salt)|base64(HMAC-SHA1(salt, host))
    const parts = field.split('|');
    if (parts.length !== 4 || parts[1] !== '1') return undefined;
    const salt = Buffer.from(parts[2]!, 'base64');
    const hash = Buffer.from(parts[3]!, 'base64');
    if (salt.length === 0 || hash.length !== 20) return undefined;
    return { kind: 'hashed', salt, hash };
  }
  const patterns = field.split(',').filter((p) => p !== '');
  return patterns.length > 0 ? { kind: 'patterns', patterns } : undefined;
}

/** Read several known_hosts files in order; a missing file is no error (it just knows nothing). */
export async function loadKnownHosts(files: string[]): Promise<KnownHostEntry[]> {
  const all: KnownHostEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(expandTilde(file), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    all.push(...parseKnownHosts(text, file));
  }
  return all;
}

/** The name known_hosts stores for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** `*` and `?` wildcard matching, case-insensitive, as OpenSSH's match_pattern. */
export function matchPattern(subject: string, pattern: string): boolean {
  let re = '';
  for (const ch of pattern) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is').test(subject);
}

/** A comma-list of patterns matches when one positive pattern matches and no negated (`!`) pattern does. */
export function matchPatternList(subject: string, patterns: string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchPattern(subject, pattern.slice(1))) return false;
    } else if (matchPattern(subject, pattern)) {
      matched = true;
    }
  }
  return matched;
}

function hostFieldMatches(hosts: HostField, name: string): boolean {
  if (hosts.kind === 'patterns') return matchPatternList(name, hosts.patterns);
  const mac = createHmac('sha1', hosts.salt).update(name).digest();
  return timingSafeEqual(mac, hosts.hash);
}

/** The keys known for `host:port` (revoked ones and CAs included, flagged), in file order. */
export function lookup(entries: KnownHostEntry[], host: string, port: number): KnownKey[] {
  return lookupName(entries, knownHostName(host, port));
}

/** The keys known under `name` as known_hosts writes it (`host`, `[host]:port`, or a HostKeyAlias). */
export function lookupName(entries: KnownHostEntry[], name: string): KnownKey[] {
  return entries
    .filter((e) => hostFieldMatches(e.hosts, name))
    .map((e) => ({
      type: e.keyType,
      key: e.key,
      revoked: e.marker === 'revoked',
      ...(e.marker === 'cert-authority' ? { certAuthority: true } : {}),
      ...(e.file ? { file: e.file } : {}),
      line: e.line,
    }));
}

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ssh-rsa` ...), or undefined if malformed. */
export function keyTypeOf(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > blob.length - 4) return undefined;
  return blob.subarray(4, 4 + len).toString('latin1');
}

/**
 * Compare a presented host key with the keys known for the host:
 * `revoked` if it is marked @revoked, `match` if it is known, `mismatch` if another key of the same type
 * is known (the key changed), `unknown` otherwise (also when only keys of other types are known, as OpenSSH).
 */
export function verify(knownKeys: KnownKey[], presentedKeyBlob: Buffer): HostKeyVerdict {
  const presented = presentedKeyBlob.toString('base64');
  const blobOf = (k: KnownKey) => Buffer.from(k.key, 'base64');
  if (knownKeys.some((k) => k.revoked && blobOf(k).equals(presentedKeyBlob))) return 'revoked';
  // A CA key vouches for certificates; a host presenting the CA's own key is not thereby known.
  const valid = knownKeys.filter((k) => !k.revoked && !k.certAuthority);
  if (valid.some((k) => k.key === presented || blobOf(k).equals(presentedKeyBlob))) return 'match';
  const type = keyTypeOf(presentedKeyBlob);
  if (type !== undefined && valid.some((k) => (keyTypeOf(blobOf(k)) ?? k.type) === type)) return 'mismatch';
  return 'unknown';
}

/** A host field as `ssh-keygen -H` writes it: `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`. */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

/** `SHA256:<base64 without padding>` of a key blob, as `ssh-keygen -l` prints it. */
export function fingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

const appendQueues = new Map<string, Promise<unknown>>();

/**
 * Append `host keytype base64` (or `[host]:port ...`) to a known_hosts file, creating it (0600) and its
 * directory (0700) if needed. Entries are written unhashed. Appends to one file are serialized.
 */
export function appendKnownHost(file: string, host: string, port: number, keyType: string, blob: Buffer): Promise<void> {
  return appendKnownHostName(file, knownHostName(host, port), keyType, blob);
}

/** As appendKnownHost, under a name already in known_hosts form (`[host]:port`, or a HostKeyAlias). */
export function appendKnownHostName(file: string, name: string, keyType: string, blob: Buffer): Promise<void> {
  const target = expandTilde(file);
  const line = `${name} ${keyType} ${blob.toString('base64')}\n`;
  const previous = appendQueues.get(target) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async () => {
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    let prefix = '';
    try {
      const info = await stat(target);
      if (info.size > 0) {
        const text = await readFile(target);
        if (text[text.length - 1] !== 0x0a) prefix = '\n';
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await appendFile(target, prefix + line, { mode: 0o600 });
  });
  appendQueues.set(target, next);
  void next.finally(() => {
    if (appendQueues.get(target) === next) appendQueues.delete(target);
  }).catch(() => undefined);
  return next;
}
