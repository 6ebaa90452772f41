// The machine-readable diff: the CauseDiff object as is (src/report/diff.schema.json). Pure.
import type { CauseDiff } from './diff.js';
import { escapeJsonControls } from './inert.js';

export function renderDiffJson(diff: CauseDiff): string {
  return `${escapeJsonControls(JSON.stringify(diff, null, 2))}\n`;
}
