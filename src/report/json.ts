// The machine-readable report: the schemaVersion 1 result, as is.
import type { RunResult } from '../model.js';
import { escapeJsonControls } from './inert.js';

export function renderJson(result: RunResult): string {
  return `${escapeJsonControls(JSON.stringify(result, null, 2))}\n`;
}
