// Local paths the SSH layer needs: `~` expansion and the OpenSSH default identity / known_hosts files.

import os from 'node:os';
import path from 'node:path';

/** The home directory used for `~` and `%d`; `$HOME` wins over the passwd entry, as in OpenSSH's tilde handling. */
export function homeDir(): string {
  return process.env.HOME || os.homedir();
}

/** Expand a leading `~` or `~/` (not `~user`) to `home`. Other paths are returned unchanged. */
export function expandTilde(file: string, home: string = homeDir()): string {
  if (file === '~') return home;
  if (file.startsWith('~/')) return path.join(home, file.slice(2));
  return file;
}

/** OpenSSH's default identity files, in the order `ssh` tries them (DSA and the FIDO keys left out). */
export function defaultIdentityFiles(home: string = homeDir()): string[] {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((name) => path.join(home, '.ssh', name));
}

/** OpenSSH's default UserKnownHostsFile list. */
export function defaultKnownHostsFiles(home: string = homeDir()): string[] {
  return [path.join(home, '.ssh', 'known_hosts'), path.join(home, '.ssh', 'known_hosts2')];
}

/** Show a path with the home directory written as `~`, for messages. */
export function displayPath(file: string, home: string = homeDir()): string {
  if (home && (file === home || file.startsWith(home + path.sep))) return '~' + file.slice(home.length);
  return file;
}
