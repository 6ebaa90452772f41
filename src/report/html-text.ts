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
