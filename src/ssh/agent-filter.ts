// IdentitiesOnly: an ssh-agent that lists only the keys whose public half matches one of the configured
// identity files, so a loaded agent with many keys does not exhaust the server's MaxAuthTries on keys
// the host was never meant to see.

import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { IdentityCallback, ParsedKey } from 'ssh2';

export class OnlyTheseKeysAgent extends ssh2.OpenSSHAgent {
  constructor(socketPath: string, private readonly allowed: Buffer[]) {
    super(socketPath);
  }

  override getIdentities(cb: IdentityCallback<ParsedKey>): void {
    super.getIdentities((err, keys) => {
      if (err || !keys) return cb(err, keys);
      cb(err, (keys as ParsedKey[]).filter((k) => this.allowed.some((blob) => blob.equals(k.getPublicSSH()))));
    });
  }
}

/**
 * The public key blobs of identity files, as OpenSSH finds them: FILE.pub, else the public half of an
 * unencrypted private key. Files with neither contribute nothing.
 */
export async function identityPublicKeys(files: string[]): Promise<Buffer[]> {
  const blobs: Buffer[] = [];
  for (const file of files) {
    const blob = (await publicFrom(`${file}.pub`)) ?? (await publicFrom(file));
    if (blob && !blobs.some((b) => b.equals(blob))) blobs.push(blob);
  }
  return blobs;
}

async function publicFrom(file: string): Promise<Buffer | undefined> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    return undefined;
  }
  const parsed = ssh2.utils.parseKey(data);
  if (parsed instanceof Error) return undefined;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return key ? key.getPublicSSH() : undefined;
}
