// Host certificates: a lab CA signs each host's ed25519 host key for the host's address, and the
// host's sshd presents the certificate (the init script adds HostCertificate when the file is there).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BIN, CLEAN_ENV } from './paths.js';

/** Where sshd finds the certificate inside a host (its /etc/ssh is the host's etc-ssh directory). */
export const HOST_CERT_NAME = 'ssh_host_ed25519_key-cert.pub';

/**
 * ssh-keygen -s CA -I ID -h -n ADDRESS on the host's ed25519 public key, writing
 * ssh_host_ed25519_key-cert.pub next to it in the host's etc-ssh directory.
 */
export function signHostKey(caKeyPath: string, etcSshDir: string, id: string, address: string): void {
  const pub = path.join(etcSshDir, 'ssh_host_ed25519_key.pub');
  const r = spawnSync(BIN.sshKeygen, ['-q', '-s', caKeyPath, '-I', `spf-lab-${id}`, '-h', '-n', address, pub], {
    encoding: 'utf8', env: CLEAN_ENV, timeout: 10_000,
  });
  if (r.status !== 0 || !existsSync(path.join(etcSshDir, HOST_CERT_NAME))) {
    throw new Error(`[lab] ${id}: signing the host key failed: ${(r.stderr || r.error?.message || '').trim()}`);
  }
}
