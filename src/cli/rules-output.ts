// Where generated rules go: stdout (one file as it is; several, each after a `# ==> NAME <==` line), or
// with -o DIR one file each in DIR and their names on stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PreflightError } from '../errors.js';
import type { RulesFile } from '../rules/render.js';

export function writeFiles(files: RulesFile[], dir: string): string[] {
  try {
    mkdirSync(dir, { recursive: true });
    // Scripts are made executable; they hold no secret, so the usual umask applies.
    for (const f of files) writeFileSync(join(dir, f.name), f.text, { mode: f.name.endsWith('.json') ? 0o644 : 0o755 });
  } catch (error) {
    throw new PreflightError('usage', `cannot write into ${dir}: ${(error as Error).message}`, { cause: error });
  }
  return files.map((f) => join(dir, f.name));
}

export async function deliverFiles(files: RulesFile[], dir: string | undefined): Promise<void> {
  const text = dir
    ? writeFiles(files, dir).map((p) => `wrote ${p}\n`).join('')
    : files.length === 1 ? files[0].text : files.map((f) => `# ==> ${f.name} <==\n${f.text}`).join('\n');
  await new Promise<void>((resolve) => { process.stdout.write(text, () => resolve()); });
}
