// The diff renderer registry: one pure function per format, as for a single result.
import type { CauseDiff } from './diff.js';
import { renderDiffHtml } from './diff-html.js';
import { renderDiffJson } from './diff-json.js';
import { renderDiffJunit } from './diff-junit.js';
import { renderDiffMarkdown } from './diff-markdown.js';
import { renderDiffTable } from './diff-table.js';
import type { Format } from './formats.js';

export const DIFF_RENDERERS: Record<Format, (diff: CauseDiff, options: { color: boolean }) => string> = {
  table: (diff, options) => renderDiffTable(diff, options),
  json: (diff) => renderDiffJson(diff),
  markdown: (diff) => renderDiffMarkdown(diff),
  html: (diff) => renderDiffHtml(diff),
  junit: (diff) => renderDiffJunit(diff),
};

export function renderDiff(format: Format, diff: CauseDiff, options: { color: boolean }): string {
  return DIFF_RENDERERS[format](diff, options);
}
