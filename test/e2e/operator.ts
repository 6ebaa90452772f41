// An operator's machine for the e2e tests: a home directory of its own (so ~/.ssh is what the test
// writes, never the real machine's) and files laid out as a test describes them.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from '../lab/lab.js';

/** Writes each `relative path -> text` under dir (parents made, mode 700 for dirs, 600 for files). */
export function writeTree(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true, mode: 0o700 });
    writeFileSync(p, text, { mode: 0o600 });
  }
  return dir;
}

/**
 * A fresh, empty (or `files`-filled) home directory inside the lab's state directory, which goes
 * away with the lab. Returned as the HOME to give the CLI.
 */
export function operatorHome(lab: Lab, name: string, files: Record<string, string> = {}): string {
  const home = path.join(lab.stateDir, `home-${name}`);
  rmSync(home, { recursive: true, force: true });
  writeTree(home, files);
  chmodSync(home, 0o700);
  return home;
}

/** The host's sshd and sudo log, as lines. */
export async function authLog(lab: Lab, hostId: string): Promise<string[]> {
  const r = await lab.exec(hostId, 'cat /var/log/auth.log');
  return r.stdout.split('\n').filter(Boolean);
}
