// Text that came from a host, made inert for a terminal or a Markdown file: escape sequences (CSI,
// OSC, the C1 forms too) removed whole, every other control character but tab and newline dropped.
// A host could otherwise retitle the window, clear the screen and print "all good". Pure.

// eslint-disable-next-line no-control-regex
const SEQUENCES = /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[@-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text without escape sequences and control characters; tab and newline stay. */
export function stripControls(text: string): string {
  return text.replace(SEQUENCES, '').replace(CONTROLS, '');
}

/** Whether any string of the value (or key) has a control character. */
function hasControls(value: unknown): boolean {
  if (typeof value === 'string') return ANY_CONTROL.test(value);
  if (Array.isArray(value)) return value.some(hasControls);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => ANY_CONTROL.test(k) || hasControls(v));
  return false;
}

// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * Every string of a JSON-shaped value through stripControls (object keys too), the rest as is; the
 * value itself when nothing in it needs it (the usual case, and a big result is not copied for it).
 */
export function inert<T>(value: T): T {
  return hasControls(value) ? strip(value) : value;
}

function strip<T>(value: T): T {
  if (typeof value === 'string') return stripControls(value) as T;
  if (Array.isArray(value)) return value.map(strip) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [stripControls(k), strip(v)])) as T;
  }
  return value;
}

/**
 * JSON text with the characters JSON.stringify leaves raw but a terminal or a script tag would read
 * (DEL, C1 controls, the JavaScript line separators) as \u escapes: the same JSON value.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
