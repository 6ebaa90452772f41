// The machine-readable report: the schemaVersion 1 result, as is.
import type { RunResult } from '../model.js';

export function renderJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
