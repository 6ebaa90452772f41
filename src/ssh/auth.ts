// Client credentials and the ssh2 `authHandler` that offers them: ssh-agent first (when a socket is set),
// then each identity file in order. ssh2 calls the handler only after the host key was verified, so no
// credential leaves before that. Messages name files and methods, never key material or passphrases.

import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthHandlerMiddleware, AuthenticationType } from 'ssh2';
import { PreflightError } from '../errors.js';
import { identityPublicKeys, OnlyTheseKeysAgent } from './agent-filter.js';
import { defaultIdentityFiles, displayPath, expandTilde } from './paths.js';

export interface Credential {
  /** What it is, for messages: `ssh-agent` or the key file path. */
  label: string;
  method: AnyAuthMethod;
}

export interface Credentials {
  credentials: Credential[];
  /** Files that exist but could not be used, with why (passphrase-protected, not a private key ...). */
  skipped: string[];
}

/**
 * Load the credentials to offer for `user`. `identityFiles` empty means OpenSSH's defaults
 * (~/.ssh/id_ed25519, id_ecdsa, id_rsa). A file that cannot be read is an 'auth' error naming it when
 * `explicit` is true; when `explicit` is false it is skipped (silently if missing); when undefined, only
 * OpenSSH's default paths are treated as optional. A key that needs a passphrase is skipped (use ssh-agent).
 * With `identitiesOnly`, the agent offers only the keys matching those files' public keys (none if none match).
 */
export async function loadCredentials(user: string, identityFiles: string[], agentSocket?: string, explicit?: boolean, identitiesOnly?: boolean): Promise<Credentials> {
  const credentials: Credential[] = [];
  const skipped: string[] = [];
  const defaults = defaultIdentityFiles();
  const files = identityFiles.length > 0 ? identityFiles : defaults;
  if (agentSocket && identitiesOnly) {
    const allowed = await identityPublicKeys(files.map((f) => expandTilde(f)));
    if (allowed.length > 0) credentials.push({ label: 'ssh-agent (IdentitiesOnly)', method: { type: 'agent', username: user, agent: new OnlyTheseKeysAgent(agentSocket, allowed) } });
    else skipped.push('ssh-agent (IdentitiesOnly, and no identity file has a public key to match agent keys against)');
  } else if (agentSocket) {
    credentials.push({ label: 'ssh-agent', method: { type: 'agent', username: user, agent: agentSocket } });
  }

  for (const file of files) {
    const fullPath = expandTilde(file);
    const isDefault = explicit === undefined ? defaults.includes(fullPath) : !explicit;
    const shown = displayPath(fullPath);
    let data: Buffer;
    try {
      data = await readFile(fullPath);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (isDefault && code === 'ENOENT') continue;
      if (isDefault) {
        skipped.push(`${shown} (${code ?? 'unreadable'})`);
        continue;
      }
      throw new PreflightError('auth', `identity file ${shown} cannot be read (${code ?? (err as Error).message})`, {
        cause: err,
        hint: 'check the path given with --identity or IdentityFile',
      });
    }
    const parsed = ssh2.utils.parseKey(data);
    if (parsed instanceof Error) {
      if (/passphrase|encrypted/i.test(parsed.message)) {
        skipped.push(`${shown} (passphrase-protected: add it to ssh-agent with ssh-add ${shown})`);
      } else {
        skipped.push(`${shown} (not a private key this client can read)`);
      }
      continue;
    }
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!key || !key.isPrivateKey()) {
      skipped.push(`${shown} (a public key; give the private key file)`);
      continue;
    }
    // The parsed key, so ssh2 does not parse the file again for every connection.
    credentials.push({ label: shown, method: { type: 'publickey', username: user, key } });
  }
  return { credentials, skipped };
}

export interface AuthAttempts {
  handler: AuthHandlerMiddleware;
  /** True once ssh2 asked for a first method (the host key was accepted by then). */
  readonly started: boolean;
  /** True once every credential was refused (the handler answered `false`). */
  readonly exhausted: boolean;
  /** Labels of the credentials offered, in order. */
  readonly tried: string[];
  /** Notes from the way (agent unreachable, server does not take public keys ...). */
  readonly notes: string[];
  note(text: string): void;
  /** The 'auth' error for `user@host` once exhausted. */
  failure(user: string, host: string, cause?: unknown): PreflightError;
}

export function createAuthHandler(creds: Credentials): AuthAttempts {
  let next = 0;
  let started = false;
  let exhausted = false;
  const tried: string[] = [];
  const notes: string[] = [];

  const handler: AuthHandlerMiddleware = (methodsLeft: AuthenticationType[] | null, _partial, callback) => {
    started = true;
    if (methodsLeft && !methodsLeft.includes('publickey')) {
      notes.push(`the server accepts only ${methodsLeft.join(', ')}`);
      next = creds.credentials.length;
    }
    if (next >= creds.credentials.length) {
      exhausted = true;
      // ssh2 takes `false` for "no more methods" although its types do not say so.
      (callback as unknown as (method: false) => void)(false);
      return;
    }
    const credential = creds.credentials[next++]!;
    tried.push(credential.label);
    callback(credential.method);
  };

  return {
    handler,
    get started() {
      return started;
    },
    get exhausted() {
      return exhausted;
    },
    tried,
    notes,
    note(text: string) {
      notes.push(text);
    },
    failure(user: string, host: string, cause?: unknown) {
      const triedText = tried.length > 0 ? tried.join(', ') : 'nothing (no ssh-agent and no usable identity file)';
      const extra = [...creds.skipped.map((s) => `skipped ${s}`), ...notes];
      return new PreflightError(
        'auth',
        `authentication failed for ${user}@${host}: tried ${triedText}${extra.length > 0 ? `; ${extra.join('; ')}` : ''}; check --user/--identity or ssh-agent`,
        { cause, hint: `check that the public key is in ~${user}/.ssh/authorized_keys on ${host}, or load the key into ssh-agent` },
      );
    },
  };
}
