// The renderer registry: one pure function per format.
import type { RunResult } from '../model.js';
import type { Format } from './formats.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

export interface RenderOptions {
  color: boolean;
  /** The terminal's width, when the report goes to one. */
  columns?: number;
  /** The terminal report shows the full matrix whatever its size. */
  matrix?: boolean;
}

export const RENDERERS: Record<Format, (result: RunResult, options: RenderOptions) => string> = {
  table: (result: RunResult, options: RenderOptions) => renderTable(result, options),
  json: (result: RunResult) => renderJson(result),
  markdown: (result: RunResult) => renderMarkdown(result),
  html: (result: RunResult) => renderHtml(result),
  junit: (result: RunResult) => renderJunit(result),
};

export { FORMATS, type Format } from './formats.js';

export function render(format: Format, result: RunResult, options: RenderOptions): string {
  return RENDERERS[format](result, options);
}
