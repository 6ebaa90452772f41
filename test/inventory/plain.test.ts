import test from 'ava';
import { parseInventory, parseHostsFlag } from '../../src/inventory/index.js';
import { file, throwsInventory, withoutOrigins } from './helpers.js';

test('every host syntax is understood: name, user@name, name:port, user@name:port and a role word', (t) => {
  const text = file('# swarm', '', 'node1', 'root@node2', 'node3:2222', 'ops@192.0.2.4:2200 manager  # leader', 'node5 worker');
  t.deepEqual(withoutOrigins(parseInventory(text, 'hosts.txt')), [
    { id: 'node1', address: 'node1', role: 'unknown', source: 'hosts.txt:3' },
    { id: 'node2', address: 'node2', user: 'root', role: 'unknown', source: 'hosts.txt:4' },
    { id: 'node3', address: 'node3', port: 2222, role: 'unknown', source: 'hosts.txt:5' },
    { id: '192.0.2.4', address: '192.0.2.4', port: 2200, user: 'ops', role: 'manager', source: 'hosts.txt:6' },
    { id: 'node5', address: 'node5', role: 'worker', source: 'hosts.txt:7' },
  ]);
});

test('hostile host names are rejected at their line', (t) => {
  throwsInventory(t, () => parseInventory(file('ok', 'a;rm'), 'hosts.txt'), 'hosts.txt:2', /host "a;rm" has characters outside/);
  throwsInventory(t, () => parseInventory(file('ok', '$(reboot)'), 'hosts.txt'), 'hosts.txt:2', /host "\$\(reboot\)" has characters outside/);
  throwsInventory(t, () => parseInventory(file('ok', '`id`'), 'hosts.txt'), 'hosts.txt:2', /host "`id`" has characters outside/);
  throwsInventory(t, () => parseInventory(file('ok', '"a"'), 'hosts.txt'), 'hosts.txt:2', /host "\\"a\\"" has characters outside/);
  throwsInventory(t, () => parseInventory(file('ok', '-oProxyCommand=x'), 'hosts.txt'), 'hosts.txt:2', /must start with a letter or digit|characters outside/);
});

test('a space inside a host name is rejected as an unexpected word', (t) => {
  throwsInventory(t, () => parseInventory(file('ok', 'web 1'), 'hosts.txt'), 'hosts.txt:2', /expected "\[user@\]host\[:port\] \[manager\|worker\]", got "web 1"/);
});

test('ports 0, 70000, 22x and an empty port are rejected at their line', (t) => {
  for (const port of ['0', '70000', '22x', '']) {
    throwsInventory(t, () => parseInventory(file('ok', `node:${port}`), 'hosts.txt'), 'hosts.txt:2', new RegExp(`port "${port}" is not a whole number`));
  }
});

test('a bad user before @ is rejected at its line', (t) => {
  throwsInventory(t, () => parseInventory(file('r$oot@node'), 'hosts.txt'), 'hosts.txt:1', /user "r\$oot" is not a valid user name/);
  throwsInventory(t, () => parseInventory(file('@node'), 'hosts.txt'), 'hosts.txt:1', /user "" is not a valid user name/);
});

test('a duplicate host is rejected naming the first line', (t) => {
  throwsInventory(t, () => parseInventory(file('a', 'b', 'a:2222'), 'hosts.txt'), 'hosts.txt:3', /host "a" is listed twice \(first at hosts.txt:1\)/);
});

test('the same address and port under two names is rejected', (t) => {
  throwsInventory(t, () => parseInventory(file('root@a', 'a:22'), 'hosts.txt'), 'hosts.txt:2', /listed twice|same address and port/);
  throwsInventory(t, () => parseInventory(file('a:22', 'b', 'A'), 'hosts.txt'), 'hosts.txt:3', /host "A" is listed twice \(first as "a" at hosts.txt:1\)/);
});

test('a bare IPv6 address is rejected with a pointer to ansible_host', (t) => {
  throwsInventory(t, () => parseInventory(file('2001:db8::1'), 'hosts.txt'), 'hosts.txt:1', /looks like an IPv6 address.*ansible_host/);
});

test('parseHostsFlag reads a comma-separated list with the same syntax', (t) => {
  t.deepEqual(withoutOrigins(parseHostsFlag('a, root@b:2222 manager,,c worker')), [
    { id: 'a', address: 'a', role: 'unknown', source: '--hosts item 1' },
    { id: 'b', address: 'b', port: 2222, user: 'root', role: 'manager', source: '--hosts item 2' },
    { id: 'c', address: 'c', role: 'worker', source: '--hosts item 4' },
  ]);
});

test('parseHostsFlag rejects hostile items naming the item', (t) => {
  throwsInventory(t, () => parseHostsFlag('a,b;reboot'), '--hosts item 2', /host "b;reboot" has characters outside/);
  throwsInventory(t, () => parseHostsFlag('a,b\nreboot'), '--hosts item 2', /expected "\[user@\]host/);
  throwsInventory(t, () => parseHostsFlag('a,a'), '--hosts item 2', /listed twice/);
});

test('parseHostsFlag rejects an empty list', (t) => {
  throwsInventory(t, () => parseHostsFlag(' , '), '--hosts', /no hosts found/);
});
