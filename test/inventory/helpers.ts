// Shared assertions for inventory tests (not a test file itself: ava only runs *.test.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { PreflightError } from '../../src/errors.js';

/** Join rows into a file body, so that row N of the call is line N of the file. */
export function file(...rows: string[]): string {
  return rows.join('\n') + '\n';
}

/** Assert that `fn` throws an inventory PreflightError located at `where` ("file:line") whose message matches `pattern`. */
export function throwsInventory(t: ExecutionContext, fn: () => unknown, where: string, pattern: RegExp): void {
  const err = t.throws<PreflightError>(fn, { instanceOf: PreflightError });
  t.is(err?.kind, 'inventory');
  t.true(err?.message.startsWith(`${where}: `), `expected the message to start with "${where}: ", got: ${err?.message}`);
  t.regex(err?.message ?? '', pattern);
}

/** Hosts without their `origins`, for tests about the other fields (origins are tested on their own). */
export function withoutOrigins<T extends { origins?: unknown }>(hosts: T[]): Omit<T, 'origins'>[] {
  return hosts.map(({ origins: _origins, ...rest }) => rest);
}

/** Write files (path relative to a new temporary directory -> content) and return that directory, removed after the test. */
export function writeTree(t: ExecutionContext, files: Record<string, string>, modes: Record<string, number> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'spf-inv-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content, { mode: modes[path] ?? 0o644 });
  }
  return root;
}
