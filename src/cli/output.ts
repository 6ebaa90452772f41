// Writing a rendered report: stdout, or a file with the verdict line on stdout.
import { accessSync, constants, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PreflightError } from '../errors.js';
import type { RunResult } from '../model.js';
import type { CauseDiff } from '../report/diff.js';
import type { Format } from '../report/formats.js';

export function wantsColor(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return flag !== false && process.stdout.isTTY === true && env.NO_COLOR === undefined;
}

/** How the terminal report is laid out: the full matrix forced or not. */
export interface View { matrix?: boolean }

/**
 * Resolves once stdout has taken all of it: a large report into a pipe drains while the process goes
 * on, and the cleanup that follows would otherwise compete with the reader for the CPU.
 */
export async function writeReport(result: RunResult, format: Format, output: string | undefined, color: boolean, view: View = {}): Promise<void> {
  // The renderers load only now: nothing of them is needed to start connecting.
  const [{ render }, { verdictLine }] = await Promise.all([import('../report/index.js'), import('../report/matrix.js')]);
  const matrix = view.matrix === true;
  return deliver((toFile) => {
    if (toFile) return render(format, result, { color: false, matrix });
    // A terminal's width bounds the report; a pipe or file gets the renderer's default width.
    const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
    return render(format, result, { color, ...(columns ? { columns } : {}), matrix });
  }, output, () => verdictLine(result));
}

/** A diff between two results, written like a report; with -o, its headline stays on stdout. */
export async function writeDiff(diff: CauseDiff, format: Format, output: string | undefined, color: boolean): Promise<void> {
  const [{ renderDiff }, { diffHeadline }] = await Promise.all([import('../report/diff-render.js'), import('../report/diff.js')]);
  return deliver((toFile) => renderDiff(format, diff, { color: toFile ? false : color }), output, () => diffHeadline(diff));
}

async function deliver(render: (toFile: boolean) => string, output: string | undefined, line: () => string): Promise<void> {
  let text: string;
  if (!output) {
    text = render(false);
  } else {
    writeWhole(output, render(true));
    text = `${line()}\nreport written to ${output}\n`;
  }
  return new Promise((resolve) => {
    // An error on stdout (a closed pipe) ends the wait too; Node reports it on the stream.
    process.stdout.write(text, () => resolve());
  });
}

/**
 * Whether -o FILE can be written, asked before any host is contacted: its directory exists and is
 * writable, and FILE, if it exists, is a regular file. A usage error otherwise.
 */
export function checkOutputPath(output: string | undefined): void {
  if (output === undefined) return;
  const dir = dirname(output);
  let problem: string | undefined;
  try {
    if (!statSync(dir).isDirectory()) problem = `${dir} is not a directory`;
    else accessSync(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem = code === 'ENOENT' ? `the directory ${dir} does not exist` : code === 'EACCES' ? `the directory ${dir} is not writable` : (error as Error).message;
  }
  if (!problem) {
    try {
      if (!statSync(output).isFile()) problem = `${output} exists and is not a regular file`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problem = (error as Error).message;
    }
  }
  if (problem) throw new PreflightError('usage', `cannot write the report to ${output}: ${problem}`, { hint: 'give -o a file in a directory that exists and you can write to' });
}

/** The file is written under a temporary name beside it and renamed: never left half-written. */
function writeWhole(output: string, text: string): void {
  const temporary = join(dirname(output), `.${basename(output)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, output);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new PreflightError('usage', `cannot write ${output}: ${(error as Error).message}`, { cause: error });
  }
}
