// Validation of the values a host's ruleset listing carries: names, numbers, addresses and comments
// are untrusted text and must be safe to print in a report and to paste into a command.
import { isIP } from 'node:net';

const NAME = /^[A-Za-z0-9_.+:@-]{1,64}$/;
const IFNAME = /^[A-Za-z0-9_.:@+*-]{1,32}$/;

/** Table and chain names as nft and iptables allow them; anything else is rejected. */
export function isSafeName(value: unknown): value is string {
  return typeof value === 'string' && NAME.test(value);
}

export function isSafeIfname(value: unknown): value is string {
  return typeof value === 'string' && IFNAME.test(value);
}

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}

/** An address or prefix: `198.18.0.0/24`, `10.0.0.1`, `fd00::/8`. */
export function isAddressOrPrefix(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 64) return false;
  const [addr, len, extra] = value.split('/');
  if (extra !== undefined || isIP(addr) === 0) return false;
  if (len === undefined) return true;
  const max = isIP(addr) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(len) && Number(len) <= max;
}

/** A comment or rule text from the host: printable, one line, bounded. */
export function cleanText(value: unknown, max = 240): string | undefined {
  if (typeof value !== 'string') return undefined;
  // C0, DEL and C1 controls (ESC sequences included) never reach a terminal or a report.
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  if (!text) return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
