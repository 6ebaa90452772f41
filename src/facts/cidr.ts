// IPv4 CIDR arithmetic: parse, contain, overlap, size, format. Pure; addresses are unsigned 32-bit numbers.
// IPv6 is deliberately not handled: swarm overlays are allocated from IPv4 pools, and the overlap checks
// only compare IPv4 ranges. `isIpv6` lets callers skip IPv6 values instead of treating them as malformed.

export interface Ipv4Cidr {
  /** The address as written (host bits kept: 198.18.0.11/24 keeps .11). */
  address: number;
  prefix: number;
  /** First and last address of the range (network and broadcast for prefixes below 31). */
  first: number;
  last: number;
}

type CidrLike = string | Ipv4Cidr;

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** `a.b.c.d` -> unsigned 32-bit number; throws on anything else (no leading zeros, no shorthand). */
export function parseIpv4(text: string): number {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p) && Number(p) <= 255)) {
    throw new Error(`not an IPv4 address: ${JSON.stringify(text)}`);
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export function isIpv6(text: string): boolean {
  return text.includes(':');
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** `a.b.c.d/n`, or a bare address as /32. Throws a clear Error on malformed input or IPv6. */
export function parseCidr(text: string): Ipv4Cidr {
  const trimmed = text.trim();
  if (isIpv6(trimmed)) throw new Error(`IPv6 is not supported here: ${JSON.stringify(text)}`);
  const [addr, len, extra] = trimmed.split('/');
  if (extra !== undefined) throw new Error(`not a CIDR: ${JSON.stringify(text)}`);
  let prefix = 32;
  if (len !== undefined) {
    if (!/^(0|[1-9]\d?)$/.test(len) || Number(len) > 32) throw new Error(`bad prefix length in ${JSON.stringify(text)}: expected /0 to /32`);
    prefix = Number(len);
  }
  let address: number;
  try {
    address = parseIpv4(addr);
  } catch {
    throw new Error(`not an IPv4 CIDR: ${JSON.stringify(text)}`);
  }
  const first = (address & mask(prefix)) >>> 0;
  const last = (first + 2 ** (32 - prefix) - 1) >>> 0;
  return { address, prefix, first, last };
}

function cidr(value: CidrLike): Ipv4Cidr {
  return typeof value === 'string' ? parseCidr(value) : value;
}

/** True when every address of `inner` lies in `outer`. */
export function contains(outer: CidrLike, inner: CidrLike): boolean {
  const o = cidr(outer);
  const i = cidr(inner);
  return o.first <= i.first && i.last <= o.last;
}

/** True when the two ranges share at least one address. */
export function overlaps(a: CidrLike, b: CidrLike): boolean {
  const x = cidr(a);
  const y = cidr(b);
  return x.first <= y.last && y.first <= x.last;
}

/** Every address in the range, network and broadcast included. */
export function addressCount(value: CidrLike): number {
  return 2 ** (32 - cidr(value).prefix);
}

/** Usable host addresses: the range minus network and broadcast; /31 has 2 (RFC 3021), /32 has 1. */
export function size(value: CidrLike): number {
  const { prefix } = cidr(value);
  if (prefix >= 31) return 2 ** (32 - prefix);
  return 2 ** (32 - prefix) - 2;
}

/** `a.b.c.d/n`; with `network: true` the host bits are cleared (198.18.0.11/24 -> 198.18.0.0/24). */
export function formatCidr(value: CidrLike, opts: { network?: boolean } = {}): string {
  const c = cidr(value);
  return `${formatIpv4(opts.network ? c.first : c.address)}/${c.prefix}`;
}

/** The network a CIDR lies in, as text: 198.18.0.11/24 -> 198.18.0.0/24. */
export function networkOf(value: CidrLike): string {
  return formatCidr(value, { network: true });
}

/**
 * The first /`prefix` range inside `pools` that overlaps none of `taken`, or undefined.
 * A candidate that hits a taken range skips past it, and at most `limit` candidates are tried.
 */
export function firstFree(pools: CidrLike[], prefix: number, taken: CidrLike[], limit = 1 << 16): string | undefined {
  const used = taken.map(cidr);
  const step = 2 ** (32 - prefix);
  let tried = 0;
  for (const pool of pools.map(cidr)) {
    if (pool.prefix > prefix) continue;
    let start = pool.first;
    while (start + step - 1 <= pool.last && tried++ < limit) {
      const candidate: Ipv4Cidr = { address: start, prefix, first: start, last: start + step - 1 };
      const hits = used.filter((u) => overlaps(u, candidate));
      if (!hits.length) return formatCidr(candidate);
      const past = Math.max(...hits.map((u) => u.last)) + 1;
      start = Math.ceil(past / step) * step;
    }
  }
  return undefined;
}
