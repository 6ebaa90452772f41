// OpenSSH key pairs made in-process (node:crypto), written in OpenSSH's own formats. Spawning
// ssh-keygen twice per host costs seconds of CPU for a 50-host lab on 2 cores; this costs nothing.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

export type SshKeyType = 'ed25519' | 'ecdsa';

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const sshString = (v: Buffer | string): Buffer => {
  const b = typeof v === 'string' ? Buffer.from(v) : v;
  return Buffer.concat([u32(b.length), b]);
};
const mpint = (v: Buffer): Buffer => {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  let b = v.subarray(i);
  if (b.length && b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return sshString(b);
};
const b64url = (s: string | undefined): Buffer => Buffer.from(s ?? '', 'base64url');
const pad32 = (b: Buffer): Buffer => (b.length >= 32 ? b : Buffer.concat([Buffer.alloc(32 - b.length), b]));

export interface SshKeyPair {
  /** OpenSSH private key file contents (-----BEGIN OPENSSH PRIVATE KEY-----), unencrypted. */
  privateKey: string;
  /** `type base64 comment` */
  publicKey: string;
  type: string;
  blob: string;
}

export function generateSshKey(type: SshKeyType, comment: string): SshKeyPair {
  let keyType: string;
  let pubBlob: Buffer;
  let privFields: Buffer;
  if (type === 'ed25519') {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = privateKey.export({ format: 'jwk' });
    const pub = b64url(jwk.x);
    const seed = b64url(jwk.d);
    keyType = 'ssh-ed25519';
    pubBlob = Buffer.concat([sshString(keyType), sshString(pub)]);
    privFields = Buffer.concat([sshString(keyType), sshString(pub), sshString(Buffer.concat([seed, pub]))]);
  } else {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const jwk = privateKey.export({ format: 'jwk' });
    const q = Buffer.concat([Buffer.from([4]), pad32(b64url(jwk.x)), pad32(b64url(jwk.y))]);
    keyType = 'ecdsa-sha2-nistp256';
    pubBlob = Buffer.concat([sshString(keyType), sshString('nistp256'), sshString(q)]);
    privFields = Buffer.concat([sshString(keyType), sshString('nistp256'), sshString(q), mpint(pad32(b64url(jwk.d)))]);
  }
  const check = randomBytes(4);
  let priv = Buffer.concat([check, check, privFields, sshString(comment)]);
  const padLen = (8 - (priv.length % 8)) % 8;
  priv = Buffer.concat([priv, Buffer.from(Array.from({ length: padLen }, (_, i) => i + 1))]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'), sshString('none'), sshString(''),
    u32(1), sshString(pubBlob), sshString(priv),
  ]);
  const b64 = body.toString('base64').replace(/(.{70})/g, '$1\n').replace(/\n$/, '');
  const blob = pubBlob.toString('base64');
  return {
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}\n-----END OPENSSH PRIVATE KEY-----\n`,
    publicKey: `${keyType} ${blob} ${comment}\n`,
    type: keyType,
    blob,
  };
}

/** Writes `file` (mode 600) and `file.pub`, as ssh-keygen -f file would. */
export function writeSshKey(file: string, key: SshKeyPair): void {
  writeFileSync(file, key.privateKey, { mode: 0o600 });
  writeFileSync(`${file}.pub`, key.publicKey, { mode: 0o644 });
}
