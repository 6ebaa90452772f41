// Inventories are read with a bound: a regular file of at most 10 MiB. A device, a FIFO nobody
// writes to, or a huge file is refused at once (exit 2), never read for ever; stdin gets the same cap.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_INVENTORY_BYTES, readBoundedFd, readBoundedFile } from '../../src/inventory/bounded-read.js';
import { loadInventory } from '../../src/inventory/index.js';
import { tempDir } from '../ssh/helpers/ssh-server.js';

test('-i /dev/zero is refused as a device, at once', (t) => {
  const error = t.throws(() => loadInventory('/dev/zero'));
  t.is((error as { kind?: string }).kind, 'inventory');
  t.regex(error?.message ?? '', /\/dev\/zero is a device, not a regular file/);
});

test('-i FIFO is refused without waiting for a writer', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const fifo = join(dir, 'inv');
  execFileSync('mkfifo', [fifo]);
  const started = Date.now();
  const error = t.throws(() => loadInventory(fifo));
  t.true(Date.now() - started < 1000);
  t.regex(error?.message ?? '', /inv is a FIFO, not a regular file/);
});

test('an inventory over 10 MiB is refused by its size, and one just under is read', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const big = join(dir, 'big.ini');
  writeFileSync(big, '');
  truncateSync(big, MAX_INVENTORY_BYTES + 1);
  t.regex(t.throws(() => loadInventory(big))?.message ?? '', /big\.ini is larger than 10 MiB/);
  const fine = join(dir, 'fine.ini');
  writeFileSync(fine, `web1 ansible_host=10.0.0.1\n${'#'.repeat(MAX_INVENTORY_BYTES - 100)}\n`);
  t.is(readBoundedFile(fine).length, MAX_INVENTORY_BYTES - 100 + 28);
});

test('stdin (or any stream) is read up to the cap and no further', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const path = join(dir, 'stream');
  writeFileSync(path, 'x'.repeat(300_000));
  const fd = openSync(path, 'r');
  t.teardown(() => closeSync(fd));
  t.regex(t.throws(() => readBoundedFd(fd, 'stdin (-i -)', 200_000))?.message ?? '', /stdin \(-i -\) is larger than/);
});
