// Writing a rendered report: stdout, or a file with the verdict line on stdout.
import { writeFileSync } from 'node:fs';
import { PreflightError } from '../errors.js';
import type { RunResult } from '../model.js';
import type { Format } from '../report/formats.js';

export function wantsColor(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return flag !== false && process.stdout.isTTY === true && env.NO_COLOR === undefined;
}

/**
 * Resolves once stdout has taken all of it: a large report into a pipe drains while the process goes
 * on, and the cleanup that follows would otherwise compete with the reader for the CPU.
 */
/** How the terminal report is laid out: the full matrix forced or not. */
export interface View { matrix?: boolean }

export async function writeReport(result: RunResult, format: Format, output: string | undefined, color: boolean, view: View = {}): Promise<void> {
  // The renderers load only now: nothing of them is needed to start connecting.
  const [{ render }, { verdictLine }] = await Promise.all([import('../report/index.js'), import('../report/matrix.js')]);
  let text: string;
  if (!output) {
    // A terminal's width bounds the report; a pipe or file gets the renderer's default width.
    const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
    text = render(format, result, { color, ...(columns ? { columns } : {}), matrix: view.matrix === true });
  } else {
    try {
      writeFileSync(output, render(format, result, { color: false, matrix: view.matrix === true }));
    } catch (error) {
      throw new PreflightError('usage', `cannot write ${output}: ${(error as Error).message}`, { cause: error });
    }
    text = `${verdictLine(result)}\nreport written to ${output}\n`;
  }
  return new Promise((resolve) => {
    // An error on stdout (a closed pipe) ends the wait too; Node reports it on the stream.
    process.stdout.write(text, () => resolve());
  });
}
