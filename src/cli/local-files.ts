// The files named on the command line are checked before any host is contacted: a key or known_hosts
// path that is missing, a directory, or unreadable is a usage error (exit 2), not an error per host.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { PreflightError } from '../errors.js';

function problemWith(path: string): string | undefined {
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) return 'is a directory';
    if (!stats.isFile()) return 'is not a regular file';
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : (error as Error).message;
  }
}

export function checkLocalFiles(args: { identity?: string[]; knownHosts?: string[]; hostKeyCheck?: string }): void {
  for (const path of args.identity ?? []) {
    const problem = problemWith(path);
    if (problem) throw new PreflightError('usage', `--identity ${path} ${problem}; give a private key file`);
  }
  for (const path of args.knownHosts ?? []) {
    const problem = problemWith(path);
    if (!problem) continue;
    // accept-new records the keys it accepts in the first file: it may be created, in a directory that exists.
    if (problem === 'does not exist' && args.hostKeyCheck === 'accept-new' && problemWith(dirname(path)) === 'is a directory') continue;
    throw new PreflightError('usage', `--known-hosts ${path} ${problem}; give a known_hosts file${problem === 'does not exist' ? ' (or --host-key-check accept-new to start one)' : ''}`);
  }
}
