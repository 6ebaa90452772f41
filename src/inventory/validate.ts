// The allowlist. Host ids, addresses, users and ports end up in ssh arguments and remote commands,
// so only plain names pass: anything else (shell metacharacters, spaces, quotes, control characters,
// a leading "-" that ssh would read as an option) is rejected with the line to fix.
import type { HostSpec } from '../model.js';
import { inventoryError, show } from './raw.js';

const ID_CHARS = /^[A-Za-z0-9._-]*$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Why `value` is not an acceptable host id, or null when it is. */
export function idProblem(value: string): string | null {
  if (value === '') return 'is empty; give the host a name';
  if (!ID_CHARS.test(value)) return 'has characters outside [A-Za-z0-9._-]; use a plain host name';
  if (!ID.test(value)) return value.length > 63 ? 'is longer than 63 characters; use a shorter name' : 'must start with a letter or digit';
  return null;
}

/** Why `value` is not an IPv4 address, DNS name or IPv6 literal, or null. */
export function addressProblem(value: string): string | null {
  if (value === '') return 'is empty';
  if (/^[0-9.]+$/.test(value)) {
    const octets = value.split('.');
    // Leading zeros are read as octal by inet_aton (010 is 8), so they are refused rather than guessed.
    const ok = octets.length === 4 && octets.every((o) => /^(0|[1-9]\d{0,2})$/.test(o) && Number(o) <= 255);
    return ok ? null : 'is not a valid IPv4 address (four numbers 0-255 without leading zeros, e.g. 192.0.2.10)';
  }
  if (value.includes(':')) return isIpv6(value) ? null : 'is not a valid IPv6 address (hex digits and colons only, e.g. 2001:db8::10)';
  if (value.length > 253) return 'is longer than 253 characters';
  if (!value.split('.').every((label) => DNS_LABEL.test(label))) {
    return 'is not an IPv4 address or DNS name (letters, digits and "-" in dot-separated labels); use a plain IP address or host name';
  }
  return null;
}

function isIpv6(value: string): boolean {
  if (!/^[0-9A-Fa-f:]+$/.test(value)) return false;
  const halves = value.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => g.length < 1 || g.length > 4)) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

export function userProblem(value: string): string | null {
  return USER.test(value) ? null
    : 'is not a valid user name; use letters, digits, "_", "." and "-", starting with a letter or "_", at most 32 characters';
}

/** The port number `value` spells, or null unless it is a whole number from 1 to 65535. */
export function parsePort(value: string): number | null {
  if (!/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port >= 1 && port <= 65535 ? port : null;
}

/** Reject two hosts with the same id (case-insensitively) or the same address and port. */
export function assertUnique(specs: HostSpec[]): void {
  const ids = new Map<string, HostSpec>();
  const endpoints = new Map<string, HostSpec>();
  for (const spec of specs) {
    const sameId = ids.get(spec.id.toLowerCase());
    if (sameId) throw inventoryError(spec.source ?? spec.id, `host ${show(spec.id)} is listed twice (first as ${show(sameId.id)} at ${sameId.source}); remove one`);
    ids.set(spec.id.toLowerCase(), spec);
    const port = spec.port ?? 22;
    const endpoint = spec.address.includes(':') ? `[${spec.address}]:${port}` : `${spec.address}:${port}`;
    const sameEndpoint = endpoints.get(endpoint.toLowerCase());
    if (sameEndpoint) {
      throw inventoryError(spec.source ?? spec.id,
        `host ${show(spec.id)} has the same address and port (${endpoint}) as host ${show(sameEndpoint.id)} at ${sameEndpoint.source}; each host needs its own address or port`);
    }
    endpoints.set(endpoint.toLowerCase(), spec);
  }
}
