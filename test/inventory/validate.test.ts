import test from 'ava';
import { addressProblem, assertUnique, idProblem, parsePort, userProblem } from '../../src/inventory/validate.js';
import { parseInventory } from '../../src/inventory/index.js';
import { file, throwsInventory, withoutOrigins } from './helpers.js';

test('plain host ids pass the id allowlist', (t) => {
  for (const id of ['a', 'node-1', 'web_2.eu', '192.0.2.1', 'A'.repeat(63)]) t.is(idProblem(id), null, id);
});

test('ids with shell metacharacters, spaces, quotes or newlines are refused', (t) => {
  for (const id of ['a;rm', '$(reboot)', '`id`', 'a b', '"a"', "a'b", 'a\nb', 'a|b', 'a&b', 'a>b', 'a/b']) {
    t.regex(idProblem(id) ?? '', /characters outside \[A-Za-z0-9._-\]/, JSON.stringify(id));
  }
});

test('ids that are empty, too long, start with punctuation or keep brackets are refused with a reason', (t) => {
  t.regex(idProblem('') ?? '', /is empty/);
  t.regex(idProblem('a'.repeat(64)) ?? '', /longer than 63/);
  t.regex(idProblem('-oProxyCommand') ?? '', /must start with a letter or digit/);
  t.regex(idProblem('.hidden') ?? '', /must start with a letter or digit/);
  t.regex(idProblem('web[01:10]') ?? '', /characters outside/);
});

test('IPv4 dotted quads, DNS names and IPv6 literals are valid addresses', (t) => {
  for (const a of ['192.0.2.1', '0.0.0.0', '255.255.255.255', 'node1', 'a.example.com', 'x-1.y', '2001:db8::10', '::1', 'fe80:0:0:0:0:0:0:1']) {
    t.is(addressProblem(a), null, a);
  }
});

test('out-of-range, short or zero-padded IPv4 addresses are refused', (t) => {
  for (const a of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '010.0.0.1', '1..2.3']) t.regex(addressProblem(a) ?? '', /not a valid IPv4 address/, a);
});

test('DNS names with bad labels or too long are refused', (t) => {
  for (const a of ['-x.com', 'a_b.com', 'a..b', 'a.', 'a b', 'a;b', '$(x)', 'a`b`', 'x\ny']) t.regex(addressProblem(a) ?? '', /not an IPv4 address or DNS name/, a);
  t.regex(addressProblem(`${'a'.repeat(60)}.`.repeat(5) + 'com') ?? '', /longer than 253/);
  t.regex(addressProblem('') ?? '', /empty/);
});

test('malformed IPv6 literals are refused', (t) => {
  for (const a of ['1:2:3', '1::2::3', '12345::1', 'fe80::1%eth0', '::ffff:192.0.2.1', ':1']) t.regex(addressProblem(a) ?? '', /not a valid IPv6 address/, a);
});

test('user names follow the allowlist, case-insensitively', (t) => {
  for (const u of ['root', 'Deploy', '_svc', 'a.b-c_d', 'u'.repeat(32)]) t.is(userProblem(u), null, u);
  for (const u of ['', '1user', '-oX', 'a b', 'a;b', '$(id)', 'u'.repeat(33)]) t.truthy(userProblem(u), u);
});

test('ports are whole numbers from 1 to 65535', (t) => {
  t.is(parsePort('22'), 22);
  t.is(parsePort('65535'), 65535);
  for (const p of ['0', '65536', '70000', '22x', '-1', '2.5', '', ' 22', '0x16', '1e3']) t.is(parsePort(p), null, p);
});

test('hosts from any format become HostSpecs with the remaining vars kept', (t) => {
  t.deepEqual(withoutOrigins(parseInventory(file('[workers]', 'w1 ansible_ssh_host=192.0.2.5 ansible_ssh_port=2022 ansible_ssh_user=ops docker_data=/srv/docker'), 'i.ini')), [
    { id: 'w1', address: '192.0.2.5', port: 2022, user: 'ops', role: 'worker', source: 'i.ini:2', vars: { docker_data: '/srv/docker' } },
  ]);
});

test('a host whose name is not a usable address is told to set ansible_host', (t) => {
  throwsInventory(t, () => parseInventory(file('[workers]', 'node_1'), 'i.ini'), 'i.ini:2', /host "node_1" is used as its address but .*; or set ansible_host/);
});

test('a variable with an invalid name is rejected at its line', (t) => {
  throwsInventory(t, () => parseInventory(file('all:', '  hosts:', '    a:', '      "bad-name": x'), 'i.yml'), 'i.yml:4', /variable name "bad-name" is not valid/);
});

test('assertUnique rejects the same address and port even when the port is implied', (t) => {
  const a = { id: 'a', address: 'Node.example', role: 'unknown' as const, source: 'f:1' };
  const b = { id: 'b', address: 'node.example', port: 22, role: 'unknown' as const, source: 'f:2' };
  throwsInventory(t, () => assertUnique([a, b]), 'f:2', /same address and port \(node.example:22\) as host "a" at f:1/);
  t.notThrows(() => assertUnique([a, { ...b, port: 2222 }]));
});

test('assertUnique shows IPv6 endpoints in brackets', (t) => {
  const a = { id: 'a', address: '2001:db8::1', role: 'unknown' as const, source: 'f:1' };
  throwsInventory(t, () => assertUnique([a, { ...a, id: 'b', source: 'f:2' }]), 'f:2', /\(\[2001:db8::1\]:22\)/);
});
