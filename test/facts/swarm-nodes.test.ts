import test from 'ava';
import { ipOfHostPort, parseNodeInspect } from '../../src/facts/swarm-nodes.js';
import { fixture } from '../fixtures/load.js';

const DIR = 'lab/swarm-wrong-advertise';

test('docker node inspect gives each node its role, state and the address the manager sees it at', (t) => {
  const nodes = parseNodeInspect(fixture(`${DIR}/docker-node-inspect.json`));
  t.deepEqual(nodes.map((n) => [n.hostname, n.role, n.state, n.availability, n.addr]), [
    ['n1', 'manager', 'ready', 'active', '198.18.0.11'],
    ['n2', 'worker', 'ready', 'active', '198.18.0.12'],
    // n3 joined advertising 198.18.0.99; the manager still sees its real source address.
    ['n3', 'worker', 'ready', 'active', '198.18.0.13'],
  ]);
  t.like(nodes[0], { managerAddr: '198.18.0.11', reachability: 'reachable', leader: true });
  t.is(nodes[1].managerAddr, undefined);
  t.regex(nodes[0].engineVersion ?? '', /^20\.10/);
});

test('a node with a hostile host name or address keeps no such value', (t) => {
  const raw = JSON.parse(fixture(`${DIR}/docker-node-inspect.json`)) as Record<string, any>[];
  raw[0].Description.Hostname = 'n1;rm -rf /';
  raw[1].Status.Addr = '198.18.0.12 -j ACCEPT';
  raw[1].Status.State = 'READY<script>';
  raw[2].ManagerStatus = { Addr: 'evil:2377', Reachability: 'reachable' };
  const nodes = parseNodeInspect(JSON.stringify(raw));
  t.deepEqual(nodes.map((n) => n.hostname), ['n2', 'n3']);
  t.is(nodes[0].addr, undefined);
  t.is(nodes[0].state, 'unknown');
  t.is(nodes[1].managerAddr, undefined);
});

test('a manager address is read without its port, IPv6 in brackets included', (t) => {
  t.is(ipOfHostPort('198.18.0.11:2377'), '198.18.0.11');
  t.is(ipOfHostPort('[2001:db8::1]:2377'), '2001:db8::1');
  t.is(ipOfHostPort('198.18.0.11'), undefined);
  t.is(ipOfHostPort('host.example:2377'), undefined);
});

test('anything but a JSON array is an error', (t) => {
  t.throws(() => parseNodeInspect('{}'), { message: /JSON array/ });
});
