// Can this machine run the lab? Root on Linux, the tools, and permission to make namespaces.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BIN, CLEAN_ENV } from './paths.js';

export interface Availability { ok: boolean; reason?: string }

export function labAvailable(opts: { docker?: boolean; user?: boolean } = {}): Availability {
  if (process.platform !== 'linux') return { ok: false, reason: `the lab needs Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'the lab needs root (network, mount and PID namespaces)' };
  const tools: [string, string][] = [
    ['ip', BIN.ip], ['nsenter', BIN.nsenter], ['unshare', BIN.unshare], ['nft', BIN.nft], ['tini', BIN.tini],
    ['sshd', BIN.sshd], ['ssh-keygen', BIN.sshKeygen], ['ss', '/usr/bin/ss'], ['ps', '/usr/bin/ps'],
    ['sysctl', '/usr/sbin/sysctl'], ['setsid', '/usr/bin/setsid'],
  ];
  if (opts.docker) {
    tools.push(['dockerd', BIN.dockerd], ['containerd', BIN.containerd], ['runc', BIN.runc], ['docker', BIN.docker],
      ['busybox', BIN.busybox], ['tar', BIN.tar]);
  }
  // A lab user needs the machine's sudo (its PAM and sudoers) and openssl for the password hash.
  if (opts.user) tools.push(['sudo', '/usr/bin/sudo'], ['openssl', '/usr/bin/openssl']);
  const missing = tools.filter(([, p]) => !p.startsWith('/') || !existsSync(p)).map(([n]) => n);
  if (missing.length) return { ok: false, reason: `missing tools: ${missing.join(', ')}` };
  const probe = spawnSync(BIN.unshare, ['--net', '--mount', '--pid', '--fork', 'true'], { env: CLEAN_ENV, timeout: 5000 });
  if (probe.status !== 0) return { ok: false, reason: `cannot create namespaces here: ${probe.stderr?.toString().trim() || `exit ${probe.status}`}` };
  return { ok: true };
}
