// `swarm-preflight report RESULT.json`: render a saved result again, in any format.
import { readFileSync } from 'node:fs';
import { PreflightError } from '../errors.js';
import type { RunResult } from '../model.js';
import { exitCodeFor } from '../outcome.js';
import type { Format } from '../report/formats.js';
import { redact } from '../report/redact.js';
import { wantsColor, writeReport } from './output.js';

export function readResult(file: string): RunResult {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PreflightError('usage', `cannot read ${file} as JSON: ${(error as Error).message}`, { cause: error });
  }
  const result = value as Partial<RunResult>;
  if (result?.schemaVersion !== 1 || !Array.isArray(result.hosts) || !Array.isArray(result.probes) || !Array.isArray(result.findings)) {
    throw new PreflightError('usage', `${file} is not a swarm-preflight result (schemaVersion 1); write one with --format json`);
  }
  return result as RunResult;
}

export async function reportCommand(args: { file?: string; format?: string; output?: string; color?: boolean; redact?: boolean; matrix?: boolean }): Promise<number> {
  const saved = readResult(args.file as string);
  const result = args.redact ? redact(saved) : saved;
  await writeReport(result, (args.format ?? 'table') as Format, args.output, wantsColor(args.color), { matrix: args.matrix });
  return exitCodeFor(result.summary, result.interrupted === true);
}
