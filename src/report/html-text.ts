// Escaping for the HTML report: everything a host sent is text, never markup. Pure.

/** Escape for HTML text and double- or single-quoted attributes. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A status as a class name; anything else a hand-edited result might carry becomes "skip". */
export function cls(status: string): string {
  return ['pass', 'fail', 'error', 'warn', 'skip', 'PASS', 'FAIL', 'INCOMPLETE'].includes(status) ? status : 'skip';
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** JSON shown in a <pre>: escaped text. */
export function preJson(value: unknown): string {
  return esc(JSON.stringify(value, null, 2) ?? 'null');
}

/** The start of a self-contained page up to <body>: its CSP, a title (escaped here) and its own style. */
export function pageHead(csp: string, title: string, style: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${style}</style>
</head>
<body>`;
}
