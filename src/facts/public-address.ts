// Whether an IPv4 address is reachable from the internet: not private (RFC 1918), shared (CGNAT,
// RFC 6598), loopback, link-local, benchmarking (198.18/15), documentation, multicast or reserved. Pure.
import { contains, isIpv6, parseIpv4 } from './cidr.js';

const NOT_PUBLIC = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
];

export function isPublicIpv4(address: string): boolean {
  if (isIpv6(address)) return false;
  try {
    parseIpv4(address);
  } catch {
    return false;
  }
  return !NOT_PUBLIC.some((range) => contains(range, address));
}
