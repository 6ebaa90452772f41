// Each host's private accounts: its own /etc/passwd, /etc/shadow, /etc/group, /etc/gshadow,
// /etc/sudoers.d and /home (copies of the machine's, bind-mounted by the host's init), so a lab
// user with a sudo password exists inside the hosts only and nothing on the machine changes.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLEAN_ENV } from './paths.js';

export interface LabUser {
  /** Login name, e.g. 'spf'. */
  name: string;
  /** Its password (sudo asks for it; sshd logins use the lab key). */
  password: string;
}

/** The files the init script bind-mounts over their /etc (or /) counterparts when present here. */
export const PRIVATE_ACCOUNT_FILES = ['passwd', 'shadow', 'group', 'gshadow'] as const;
/** A uid/gid far from Debian's system and first-user ranges. */
const LAB_UID = 4242;

/** sha512-crypt of the password, as /etc/shadow holds it (openssl does the hashing). */
export function shadowHash(password: string): string {
  const r = spawnSync('/usr/bin/openssl', ['passwd', '-6', '-stdin'], { input: `${password}\n`, encoding: 'utf8', env: CLEAN_ENV });
  if (r.status !== 0 || !r.stdout.startsWith('$6$')) throw new Error(`[lab] openssl passwd failed: ${r.stderr || r.error?.message}`);
  return r.stdout.trim();
}

function appendLine(file: string, line: string, mode: number): void {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${line}\n`, { mode });
  chmodSync(file, mode);
}

/**
 * Writes the host's private account files into `dir` (etc-passwd, etc-shadow, ..., etc-sudoers.d,
 * home). With a user: adds it (its own group, home /home/NAME with the given authorized key) and a
 * sudoers entry that asks for its password, logging to the host's /var/log/auth.log.
 */
export function prepareAccounts(dir: string, user?: LabUser & { hash: string; authorizedKey: string }): void {
  for (const f of PRIVATE_ACCOUNT_FILES) {
    const src = `/etc/${f}`;
    if (existsSync(src)) cpSync(src, path.join(dir, `etc-${f}`), { preserveTimestamps: true });
  }
  const home = path.join(dir, 'home');
  mkdirSync(home, { recursive: true });
  chmodSync(home, 0o755);
  const sudoersD = path.join(dir, 'etc-sudoers.d');
  if (existsSync('/etc/sudoers.d')) {
    cpSync('/etc/sudoers.d', sudoersD, { recursive: true });
    chmodSync(sudoersD, 0o755);
  }
  if (!user) return;
  if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(user.name)) throw new Error(`[lab] bad user name ${user.name}`);
  const { name } = user;
  appendLine(path.join(dir, 'etc-passwd'), `${name}:x:${LAB_UID}:${LAB_UID}:swarm-preflight lab user:/home/${name}:/bin/sh`, 0o644);
  appendLine(path.join(dir, 'etc-group'), `${name}:x:${LAB_UID}:`, 0o644);
  // Last change 19000 (2022), never expiring: PAM's account checks pass.
  appendLine(path.join(dir, 'etc-shadow'), `${name}:${user.hash}:19000:0:99999:7:::`, 0o640);
  if (existsSync(path.join(dir, 'etc-gshadow'))) appendLine(path.join(dir, 'etc-gshadow'), `${name}:!::`, 0o640);
  const userHome = path.join(home, name);
  const ssh = path.join(userHome, '.ssh');
  mkdirSync(ssh, { recursive: true });
  writeFileSync(path.join(ssh, 'authorized_keys'), user.authorizedKey.trim() + '\n', { mode: 0o600 });
  chmodSync(userHome, 0o750);
  chmodSync(ssh, 0o700);
  for (const p of [userHome, ssh, path.join(ssh, 'authorized_keys')]) chownSync(p, LAB_UID, LAB_UID);
  if (!existsSync(sudoersD)) throw new Error('[lab] a lab user needs sudo on the machine (run test/lab/install-deps.sh)');
  writeFileSync(path.join(sudoersD, 'spf-lab'), [
    '# swarm-preflight lab: a sudo that asks for the password, as most operators\' hosts do.',
    // The host has no syslog socket: sudo logs to the file sshd logs to. No lecture: it would be
    // recorded under /var/lib/sudo, which is the machine's own directory.
    'Defaults logfile=/var/log/auth.log, loglinelen=0',
    'Defaults lecture=never',
    `${name} ALL=(ALL:ALL) ALL`,
    '',
  ].join('\n'), { mode: 0o440 });
}
