// Markdown building blocks for the ticket report: escaping of anything a host sent, aligned tables,
// folded JSON blocks. Pure.

/** A Markdown table whose raw text is aligned: every row has its pipes at the same offsets. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(3, width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => `| ${widths.map((w, i) => pad(cells[i] ?? '', w)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** Width in code points, the unit a reader's editor counts (the marks are single code points). */
function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(w - width(s));
}

/** A collapsed block holding fenced JSON; the fence outgrows any backtick run inside. */
export function details(summary: string, json: string): string {
  const longest = Math.max(0, ...(json.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`<details><summary>${html(summary)}</summary>`, '', `${fence}json`, json, fence, '', '</details>'].join('\n');
}

/** JSON with <, > and & as \u escapes: still the same JSON, and no host value can open a tag. */
export function safeJson(value: unknown, indent?: number): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Inline Markdown for a value that may come from a host: HTML specials as entities, Markdown
 * punctuation and table pipes backslash-escaped, line breaks as <br> so a table row stays one line.
 */
export function md(value: string): string {
  return html(String(value))
    .replace(/[\\`*_[\]|]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** Text content for inside an HTML tag (Markdown is not parsed there): entities only. Quotes
 * matter only in attributes, which this report never fills from a host, so they stay readable. */
export function html(value: string): string {
  return value.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
