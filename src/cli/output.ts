// Writing a rendered report: stdout, or a file with the verdict line on stdout.
import { writeFileSync } from 'node:fs';
import { PreflightError } from '../errors.js';
import type { RunResult } from '../model.js';
import { type Format, render } from '../report/index.js';
import { verdictLine } from '../report/matrix.js';

export function wantsColor(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return flag !== false && process.stdout.isTTY === true && env.NO_COLOR === undefined;
}

export function writeReport(result: RunResult, format: Format, output: string | undefined, color: boolean): void {
  if (!output) {
    process.stdout.write(render(format, result, { color }));
    return;
  }
  try {
    writeFileSync(output, render(format, result, { color: false }));
  } catch (error) {
    throw new PreflightError('usage', `cannot write ${output}: ${(error as Error).message}`, { cause: error });
  }
  process.stdout.write(`${verdictLine(result)}\nreport written to ${output}\n`);
}
