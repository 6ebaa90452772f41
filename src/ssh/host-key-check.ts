// Host key policy for one connection: which host key algorithms to offer (the ones already known first),
// and the ssh2 `hostVerifier` that accepts, appends (accept-new) or refuses the presented key before any
// authentication happens. A refusal is kept as a description; the session turns it into a 'host-key' error.

import { appendKnownHost, fingerprint, keyTypeOf, lookup, verify, type KnownKey } from './known-hosts.js';
import { displayPath } from './paths.js';
import type { HostKeyCheckMode } from './known-hosts.js';
import type { ReadOnce } from './read-once.js';

export type { HostKeyCheckMode };

/** ssh2's default server host key algorithms (ssh2 1.17, Node with ed25519), in its order. */
const DEFAULT_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** The host key algorithms that produce a key of a known_hosts key type. */
function algorithmsForKeyType(type: string): string[] {
  if (type === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return DEFAULT_HOST_KEY_ALGORITHMS.includes(type) ? [type] : [];
}

/** Known key types first (in known_hosts order), then the rest of the defaults; undefined when nothing is known. */
export function preferredHostKeyAlgorithms(known: KnownKey[]): string[] | undefined {
  const first: string[] = [];
  for (const k of known) {
    if (k.revoked) continue;
    for (const algo of algorithmsForKeyType(k.type)) if (!first.includes(algo)) first.push(algo);
  }
  if (first.length === 0) return undefined;
  return [...first, ...DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => !first.includes(a))];
}

export interface HostKeyRefusal { message: string; hint: string }

export interface HostKeyCheck {
  /** For ssh2's `algorithms.serverHostKey`; undefined keeps ssh2's defaults. */
  serverHostKeyAlgorithms?: string[];
  /** For ssh2's `hostVerifier` (used without `hostHash`, so it gets the raw key blob). */
  verifier: (key: Buffer, accept: (ok: boolean) => void) => void;
  /** SHA256 fingerprint of the presented key, once one was presented. */
  readonly fingerprint: string | undefined;
  /** Why the key was refused, if it was. */
  readonly refusal: HostKeyRefusal | undefined;
  /** Non-fatal problems (e.g. the key could not be appended). */
  readonly warnings: string[];
}

export async function prepareHostKeyCheck(
  host: string,
  port: number,
  knownHostsFiles: string[],
  mode: HostKeyCheckMode,
  readOnce: ReadOnce,
): Promise<HostKeyCheck> {
  const known = mode === 'off' ? [] : lookup(await readOnce.loadKnownHosts(knownHostsFiles), host, port);
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const files = knownHostsFiles.length > 0 ? knownHostsFiles.map((f) => displayPath(f)).join(', ') : '(no known_hosts file)';
  const state: { fingerprint?: string; refusal?: HostKeyRefusal; warnings: string[] } = { warnings: [] };

  const verifier = (key: Buffer, accept: (ok: boolean) => void): void => {
    const fp = fingerprint(key);
    state.fingerprint = fp;
    if (mode === 'off') return accept(true);
    const verdict = verify(known, key);
    if (verdict === 'match') return accept(true);
    if (verdict === 'revoked') {
      const entry = known.find((k) => k.revoked && Buffer.from(k.key, 'base64').equals(key));
      state.refusal = {
        message: `host key for ${where} (${fp}) is marked @revoked in ${entry?.file ? `${displayPath(entry.file)}:${entry.line}` : files}; refused`,
        hint: 'the host presents a revoked key: replace its host key before connecting',
      };
      return accept(false);
    }
    if (verdict === 'mismatch') {
      const type = keyTypeOf(key);
      const old = known.find((k) => !k.revoked && k.type === type) ?? known.find((k) => !k.revoked);
      const oldFp = old ? fingerprint(Buffer.from(old.key, 'base64')) : 'unknown';
      const oldAt = old?.file ? `${displayPath(old.file)}:${old.line}` : files;
      state.refusal = {
        message: `host key for ${where} CHANGED: presented ${fp}, ${oldAt} has ${oldFp} (possible man-in-the-middle); refused`,
        hint: `if ${host} was reinstalled, remove the old key (ssh-keygen -R '${port === 22 ? host : `[${host}]:${port}`}'${old?.file ? ` -f ${displayPath(old.file)}` : ''}) and connect again`,
      };
      return accept(false);
    }
    // unknown
    if (mode === 'accept-new' && knownHostsFiles.length > 0) {
      const type = keyTypeOf(key) ?? 'unknown';
      appendKnownHost(knownHostsFiles[0]!, host, port, type, key).then(
        () => accept(true),
        (err: unknown) => {
          // Like OpenSSH: failing to record the key is a warning, the key itself is accepted.
          state.warnings.push(`could not add the host key for ${where} to ${displayPath(knownHostsFiles[0]!)}: ${(err as Error).message}`);
          accept(true);
        },
      );
      return;
    }
    if (mode === 'accept-new') {
      state.warnings.push(`accepted the new host key for ${where} (${fp}) but no known_hosts file is configured to record it`);
      return accept(true);
    }
    const scan = `ssh-keyscan${port === 22 ? '' : ` -p ${port}`} ${host}`;
    state.refusal = {
      message:
        `host key for ${where} is not known (${fp}${knownHostsFiles.length > 1 ? `; searched ${files}` : ''}); ` +
        `add it to ${knownHostsFiles[0] ? displayPath(knownHostsFiles[0]) : '~/.ssh/known_hosts'} (${scan}) or use --host-key-check accept-new`,
      hint: `${scan} >> ${knownHostsFiles[0] ? displayPath(knownHostsFiles[0]) : '~/.ssh/known_hosts'}, after checking the fingerprint ${fp}`,
    };
    accept(false);
  };

  const algorithms = mode === 'off' ? undefined : preferredHostKeyAlgorithms(known);
  return {
    ...(algorithms ? { serverHostKeyAlgorithms: algorithms } : {}),
    verifier,
    get fingerprint() {
      return state.fingerprint;
    },
    get refusal() {
      return state.refusal;
    },
    get warnings() {
      return state.warnings;
    },
  };
}
