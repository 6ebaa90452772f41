// The machine-readable report: the schemaVersion 1 result, its passing, skipped and untested probes
// in the compact form (result-codec.ts). Indented for people, except the cells of a probe group: one
// line each, so that a 200-host mesh's 160,000 cells take a few megabytes, not one line a number.
import type { RunResult } from '../model.js';
import { escapeJsonControls } from './inert.js';
import { packResult } from './result-codec.js';

export function renderJson(result: RunResult): string {
  const packed = packResult(result);
  const cells: string[] = [];
  const text = JSON.stringify(packed, (key, value: unknown) => {
    if (key !== 'cells' || !Array.isArray(value)) return value;
    cells.push(JSON.stringify(value));
    return `\u0000cells${cells.length - 1}`;
  }, 2);
  return `${escapeJsonControls(text.replace(/"\\u0000cells(\d+)"/g, (_, i: string) => cells[Number(i)] as string))}\n`;
}
