// Checks of untrusted values against a shape: each returns null when the value fits, or what is
// wrong with it. Small combinators, so the table of agent events and the fact parsers read as the
// shapes they accept. Pure.
import { isIP } from 'node:net';
import { shown } from './invalid-data.js';

export type Check = (value: unknown) => string | null;

/** A whole number from min to max. */
export const int = (min: number, max: number): Check => (v) =>
  (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `${shown(v)} is not a whole number from ${min} to ${max}`);

/** A finite number from min to max. */
export const num = (min: number, max: number): Check => (v) =>
  (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? null : `${shown(v)} is not a number from ${min} to ${max}`);

export const port: Check = int(1, 65535);
/** A port, or 0 where none applies (ESP). */
export const portOrZero: Check = int(0, 65535);

export const bool: Check = (v) => (typeof v === 'boolean' ? null : `${shown(v)} is not true or false`);

/** A string matching `pattern` (anchored by the caller), at most `max` characters. */
export const matching = (pattern: RegExp, max: number, what: string): Check => (v) =>
  (typeof v === 'string' && v.length <= max && pattern.test(v) ? null : `${shown(v)} is not ${what}`);

/** Any string up to `max` characters (command output: its parser checks what it reads from it). */
export const text = (max: number): Check => (v) =>
  (typeof v === 'string' && v.length <= max ? null : typeof v === 'string' ? `a text of ${v.length} characters is longer than ${max}` : `${shown(v)} is not a text`);

export const oneOf = (...values: readonly unknown[]): Check => (v) => (values.includes(v) ? null : `${shown(v)} is not one of ${values.map((x) => JSON.stringify(x)).join(', ')}`);

export const ip: Check = (v) => (typeof v === 'string' && isIP(v) !== 0 ? null : `${shown(v)} is not an IP address`);
export const ipv4: Check = (v) => (typeof v === 'string' && isIP(v) === 4 ? null : `${shown(v)} is not an IPv4 address`);

/** An address with a prefix length: 10.0.0.0/24, fd00::/64. */
export const cidr: Check = (v) => {
  const m = typeof v === 'string' ? /^([^/]+)\/(\d{1,3})$/.exec(v) : null;
  const family = m ? isIP(m[1]) : 0;
  return m && family && Number(m[2]) <= (family === 4 ? 32 : 128) ? null : `${shown(v)} is not an address range (CIDR)`;
};

/** Names a host reports (interfaces, processes, networks): letters, digits and a few plain signs. */
export const name = (max = 64): Check => matching(/^[A-Za-z0-9_.:@+/()][A-Za-z0-9 _.:@+/()-]*$/, max, `a plain name (letters, digits, " _.:@+/()-", at most ${max})`);

/**
 * A message a host's agent or tool wrote (an errno name, "needs root to ..."): printable ASCII
 * without the characters that are markup or shell syntax.
 */
export const message = (max = 300): Check => matching(/^[^\u0000-\u001f\u007f-\uffff<>&`$\\|{}"]*$/, max, `a plain message (printable, no markup or shell characters, at most ${max})`);

export const nullable = (check: Check): Check => (v) => (v === null ? null : check(v));

export const list = (check: Check, max: number): Check => (v) => {
  if (!Array.isArray(v)) return `${shown(v)} is not a list`;
  if (v.length > max) return `a list of ${v.length} items is longer than ${max}`;
  for (let i = 0; i < v.length; i++) {
    const problem = check(v[i]);
    if (problem) return `[${i}] ${problem}`;
  }
  return null;
};

/** Field checks of an object; a field whose key ends in "?" may be absent. Any other field is a problem: nothing unchecked passes. */
export type Fields = Record<string, Check>;

/** `strict`: a field not listed is a problem (the agent's own events); tools' JSON has many more, left unread. */
export const object = (fields: Fields, strict = true): Check => (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${shown(v)} is not an object`;
  const record = v as Record<string, unknown>;
  const known = new Set(Object.keys(fields).map((k) => k.replace(/\?$/, '')));
  const unknown = strict ? Object.keys(record).find((k) => !known.has(k)) : undefined;
  if (unknown !== undefined) return `has an unknown field ${shown(unknown)}`;
  for (const [key, check] of Object.entries(fields)) {
    const optional = key.endsWith('?');
    const field = optional ? key.slice(0, -1) : key;
    if (!Object.prototype.hasOwnProperty.call(record, field) || record[field] === undefined) {
      if (optional) continue;
      return `${field} is missing`;
    }
    const problem = check(record[field]);
    if (problem) return `${field} ${problem}`;
  }
  return null;
};

/** Any JSON object (its fields are checked where they are read). */
export const anyObject: Check = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? null : `${shown(v)} is not an object`);
