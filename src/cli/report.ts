// `swarm-preflight report RESULT.json`: render a saved result again, in any format; with
// `--diff OLD.json NEW.json`, what changed between two saved results, by cause.
import { readFileSync } from 'node:fs';
import { groupCauses } from '../causes/group.js';
import { PreflightError } from '../errors.js';
import type { RunResult } from '../model.js';
import { EXIT } from '../outcome.js';
import type { Format } from '../report/formats.js';
import { redact } from '../report/redact.js';
import { redactPair } from '../report/redact-pair.js';
import { checkOutputPath, wantsColor, writeDiff, writeReport } from './output.js';
import { resultProblem } from './result-shape.js';
import { type PackedResult, unpackResult } from '../report/result-codec.js';
import { schemaProblem } from '../report/validate-result.js';

export function readResult(file: string): RunResult {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PreflightError('usage', `cannot read ${file} as JSON: ${(error as Error).message}`, { cause: error });
  }
  // The schema first (what is wrong, where), then what it cannot say (causes pointing past the lists).
  const problem = schemaProblem(value) ?? resultProblem(value);
  if (problem) throw new PreflightError('usage', `${file} is not a swarm-preflight result (schemaVersion 1): ${problem}; write one with --format json`);
  let result: RunResult;
  try {
    // The compact form of the passing probes back into the full list every renderer reads.
    result = unpackResult(value as PackedResult);
  } catch (error) {
    throw new PreflightError('usage', `${file} is not a swarm-preflight result (schemaVersion 1); write one with --format json (${(error as Error).message})`, { cause: error });
  }
  // A result saved before causes existed gets them now, as the run would have grouped them.
  if (result.causes === undefined) result.causes = groupCauses(result);
  return result;
}

export interface ReportArgs { file?: string; diff?: string[]; format?: string; output?: string; color?: boolean; redact?: boolean; matrix?: boolean }

export async function reportCommand(args: ReportArgs): Promise<number> {
  if (args.diff !== undefined) return diffCommand(args);
  if (!args.file) throw new PreflightError('usage', 'report needs a saved result: swarm-preflight report RESULT.json, or --diff OLD.json NEW.json');
  checkOutputPath(args.output);
  const saved = readResult(args.file);
  const result = args.redact ? redact(saved) : saved;
  await writeReport(result, (args.format ?? 'table') as Format, args.output, wantsColor(args.color), { matrix: args.matrix });
  // The render worked: the verdict is in the report, not in the exit code (that is check's).
  return EXIT.ok;
}

async function diffCommand(args: ReportArgs): Promise<number> {
  const files = args.diff ?? [];
  if (args.file !== undefined || files.length !== 2) {
    const given = [...(args.file !== undefined ? [args.file] : []), ...files];
    throw new PreflightError('usage', `--diff takes two saved results, the older first: swarm-preflight report --diff OLD.json NEW.json (got ${given.length === 0 ? 'none' : given.length === 1 ? `only ${given[0]}` : `${given.length}: ${given.join(' ')}`})`);
  }
  checkOutputPath(args.output);
  const [older, newer] = files.map(readResult);
  const [a, b] = args.redact ? redactPair(older, newer) : [older, newer];
  const { diffResults } = await import('../report/diff.js');
  await writeDiff(diffResults(a, b), (args.format ?? 'table') as Format, args.output, wantsColor(args.color));
  // A diff is a report, not a verdict: rendering it succeeded.
  return EXIT.ok;
}
