// Reading an inventory (or a vars file, or stdin) with a bound: a regular file of at most 10 MiB.
// A device (-i /dev/zero) or a FIFO nobody writes to is refused at once instead of read forever.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { PreflightError } from '../errors.js';

export const MAX_INVENTORY_BYTES = 10 * 1024 * 1024;
const MIB = 1024 * 1024;

function tooLarge(name: string, limit: number): PreflightError {
  return new PreflightError('inventory', `${name} is larger than ${limit / MIB} MiB: that is no inventory swarm-preflight reads`, {
    hint: 'give the inventory file itself (an Ansible inventory of thousands of hosts is still far smaller)',
  });
}

/** A regular file's text; anything else, or a file over the limit, is an 'inventory' error. */
export function readBoundedFile(path: string, limit = MAX_INVENTORY_BYTES): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new PreflightError('inventory', `cannot read inventory ${path}: ${(err as Error).message}`, { cause: err, hint: 'check the inventory path and its permissions' });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      const what = stats.isFIFO() ? 'a FIFO' : stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : stats.isSocket() ? 'a socket' : 'not a file';
      throw new PreflightError('inventory', `${path} is ${what}, not a regular file; give an inventory file (or - to read one from stdin)`);
    }
    if (stats.size > limit) throw tooLarge(path, limit);
    return readAll(fd, path, limit);
  } finally {
    closeSync(fd);
  }
}

/** Everything readable from fd (stdin, a pipe) up to the limit; more is an 'inventory' error. */
export function readBoundedFd(fd: number, name: string, limit = MAX_INVENTORY_BYTES): string {
  return readAll(fd, name, limit);
}

function readAll(fd: number, name: string, limit: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (err) {
      // A non-blocking pipe with nothing in it yet: wait a moment, as a blocking read would.
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw new PreflightError('inventory', `cannot read the inventory from ${name}: ${(err as Error).message}`, { cause: err });
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw tooLarge(name, limit);
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
