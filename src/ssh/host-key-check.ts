// Host key policy for one connection: which host key algorithms to offer (the ones already known first),
// and the ssh2 `hostVerifier` that accepts, appends (accept-new) or refuses the presented key before any
// authentication happens. A refusal is kept as a description; the session turns it into a 'host-key' error.

import { appendKnownHostName, fingerprint, hashHostName, keyTypeOf, knownHostName, lookupName, verify, type KnownKey } from './known-hosts.js';
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
    if (k.revoked || k.certAuthority) continue;
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

export interface HostKeyLookup {
  /** Read-only known_hosts files searched after the user's (GlobalKnownHostsFile). */
  globalKnownHostsFiles?: string[];
  /** HostKeyAlias: the name searched and recorded instead of `host` / `[host]:port`. */
  hostKeyAlias?: string;
  /** Record accepted keys under a hashed host name (HashKnownHosts). */
  hashKnownHosts?: boolean;
}

export async function prepareHostKeyCheck(
  host: string,
  port: number,
  knownHostsFiles: string[],
  mode: HostKeyCheckMode,
  readOnce: ReadOnce,
  lookup: HostKeyLookup = {},
): Promise<HostKeyCheck> {
  // With HostKeyAlias, OpenSSH uses the alias as written, without the port.
  const name = lookup.hostKeyAlias ?? knownHostName(host, port);
  const searched = [...knownHostsFiles, ...(lookup.globalKnownHostsFiles ?? [])];
  const known = mode === 'off' ? [] : lookupName(await readOnce.loadKnownHosts(searched), name);
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}${lookup.hostKeyAlias ? ` (HostKeyAlias ${lookup.hostKeyAlias})` : ''}`;
  const files = searched.length > 0 ? searched.map((f) => displayPath(f)).join(', ') : '(no known_hosts file)';
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
      const own = known.filter((k) => !k.revoked && !k.certAuthority);
      const old = own.find((k) => k.type === type) ?? own[0];
      const oldFp = old ? fingerprint(Buffer.from(old.key, 'base64')) : 'unknown';
      const oldAt = old?.file ? `${displayPath(old.file)}:${old.line}` : files;
      state.refusal = {
        message: `host key for ${where} CHANGED: presented ${fp}, ${oldAt} has ${oldFp} (possible man-in-the-middle); refused`,
        hint: `if ${host} was reinstalled, remove the old key (ssh-keygen -R '${name}'${old?.file ? ` -f ${displayPath(old.file)}` : ''}) and connect again`,
      };
      return accept(false);
    }
    // unknown
    if (mode === 'accept-new' && knownHostsFiles.length > 0) {
      const type = keyTypeOf(key) ?? 'unknown';
      appendKnownHostName(knownHostsFiles[0]!, lookup.hashKnownHosts ? hashHostName(name) : name, type, key).then(
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
    // ssh-keyscan writes the host's name; under a HostKeyAlias the line must carry the alias instead.
    const scan = `ssh-keyscan${port === 22 ? '' : ` -p ${port}`} ${host}${lookup.hostKeyAlias ? ` | sed 's/^[^ ]*/${lookup.hostKeyAlias}/'` : ''}`;
    const target = knownHostsFiles[0] ? displayPath(knownHostsFiles[0]) : '~/.ssh/known_hosts';
    const ca = known.find((k) => k.certAuthority);
    if (ca) {
      state.refusal = {
        message:
          `host key for ${where} is not known (${fp}); ${ca.file ? `${displayPath(ca.file)}:${ca.line}` : 'known_hosts'} has a @cert-authority line for it, ` +
          `but host certificates are not supported by the SSH library (ssh2), so the host's certificate cannot be checked; add the host's key to ${target} (${scan})`,
        hint: `${scan} >> ${target}, after checking the fingerprint ${fp}`,
      };
      return accept(false);
    }
    state.refusal = {
      message:
        `host key for ${where} is not known (${fp}${searched.length > 1 ? `; searched ${files}` : ''}); ` +
        `add it to ${target} (${scan}) or use --host-key-check accept-new`,
      hint: `${scan} >> ${target}, after checking the fingerprint ${fp}`,
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
