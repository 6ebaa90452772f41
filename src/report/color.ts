// ANSI colours, only when the caller says the output is a colour terminal.
import type { Status } from '../model.js';

const CODES: Record<Status, string> = { pass: '32', fail: '31', error: '33', warn: '33', skip: '90' };

export type Paint = (status: Status, text: string) => string;

export function painter(color: boolean): Paint {
  return color ? (status, text) => `\u001b[${CODES[status]}m${text}\u001b[39m` : (_status, text) => text;
}
