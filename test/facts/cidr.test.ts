import test from 'ava';
import { addressCount, contains, firstFree, formatCidr, formatIpv4, networkOf, overlaps, parseCidr, parseIpv4, size } from '../../src/facts/cidr.js';

test('a CIDR is read into its first and last address while the written address keeps its host bits', (t) => {
  const c = parseCidr('198.18.0.11/24');
  t.is(c.prefix, 24);
  t.is(formatIpv4(c.first), '198.18.0.0');
  t.is(formatIpv4(c.last), '198.18.0.255');
  t.is(formatCidr(c), '198.18.0.11/24');
  t.is(formatCidr(c, { network: true }), '198.18.0.0/24');
  t.is(networkOf('10.255.7.9/16'), '10.255.0.0/16');
});

test('a bare address is a /32 holding one address', (t) => {
  const c = parseCidr('198.18.0.12');
  t.is(c.prefix, 32);
  t.is(c.first, c.last);
  t.is(size(c), 1);
  t.true(contains('198.18.0.0/24', '198.18.0.12'));
});

test('contains is true only when the whole inner range lies in the outer one', (t) => {
  t.true(contains('10.0.0.0/8', '10.255.3.0/24'));
  t.false(contains('10.255.3.0/24', '10.0.0.0/8'));
  t.true(contains('10.0.1.0/24', '10.0.1.0/24'));
  t.false(contains('10.0.1.0/25', '10.0.1.128/25'));
});

test('overlap is symmetric, catches partial overlap and leaves adjacent ranges apart', (t) => {
  t.true(overlaps('10.0.0.0/16', '10.0.1.0/24'));
  t.true(overlaps('10.0.1.0/24', '10.0.0.0/16'));
  t.true(overlaps('198.18.0.11/24', '198.18.0.128/25'));
  t.false(overlaps('10.0.0.0/24', '10.0.1.0/24'));
  t.false(overlaps('10.0.0.255', '10.0.1.0/24'));
});

test('size counts usable hosts: network and broadcast excluded except for /31 and /32', (t) => {
  t.is(size('10.0.1.0/24'), 254);
  t.is(size('10.255.0.0/16'), 65534);
  t.is(size('10.0.0.0/31'), 2);
  t.is(size('10.0.0.1/32'), 1);
  t.is(addressCount('10.0.1.0/24'), 256);
});

test('a /0 spans the whole IPv4 space without overflowing', (t) => {
  const all = parseCidr('0.0.0.0/0');
  t.is(all.first, 0);
  t.is(all.last, 0xffffffff);
  t.true(contains(all, '255.255.255.255'));
  t.is(size(all), 2 ** 32 - 2);
});

test('malformed input is rejected with an error that quotes it', (t) => {
  for (const bad of ['10.0.0.256/24', '10.0.0/24', '10.0.0.0/33', '10.0.0.0/24/1', '', 'spf-net', '010.0.0.1', '10.0.0.0/']) {
    const err = t.throws(() => parseCidr(bad), undefined, bad);
    t.true(err?.message.includes(JSON.stringify(bad)), err?.message);
  }
  t.throws(() => parseIpv4('1.2.3'), { message: /not an IPv4 address/ });
});

test('IPv6 is refused explicitly rather than misread', (t) => {
  t.throws(() => parseCidr('fe80::1/64'), { message: /IPv6 is not supported/ });
});

test('the first free range is the first one of the wanted size that overlaps nothing taken', (t) => {
  t.is(firstFree(['10.0.0.0/8'], 24, ['10.0.0.0/24', '10.0.1.0/24']), '10.0.2.0/24');
  t.is(firstFree(['10.0.0.0/8'], 16, ['10.0.0.5/32']), '10.1.0.0/16');
  t.is(firstFree(['192.168.0.0/23'], 24, ['192.168.0.0/23']), undefined);
  // A taken /9 is stepped over at once, and the next pool is tried when the first is used up.
  t.is(firstFree(['10.0.0.0/8'], 24, ['10.0.0.0/9', '10.128.0.0/24']), '10.128.1.0/24');
  t.is(firstFree(['10.0.0.0/24', '172.16.0.0/12'], 24, ['10.0.0.0/24']), '172.16.0.0/24');
});
