// Does a rule's address or prefix hold a probe's IPv4 address? IPv6 prefixes never hold an IPv4 one.
import { parseCidr } from '../facts/cidr.js';

export function containsAddress(cidr: string, address: string): boolean {
  if (cidr.includes(':') || address.includes(':')) return false;
  try {
    const range = parseCidr(cidr);
    const one = parseCidr(address);
    return one.first >= range.first && one.first <= range.last;
  } catch {
    return false;
  }
}
