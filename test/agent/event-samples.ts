// Events as the real agent writes them (src/agent/py/*), for the event tests and the fuzzing.
import { fixture } from '../fixtures/load.js';

/** One of each event, as the agent writes them (src/agent/py/*). */
export const GOOD: Record<string, unknown>[] = [
  { ev: 'ready', pid: 4242, uid: 0, hostname: 'b1', python: '3.11.2', dockerSocket: true },
  { ev: 'listening', items: [
    { proto: 'tcp', port: 7946, how: 'bound' },
    { proto: 'udp', port: 4789, how: 'error', kind: 'port-in-use', error: '4789/udp is in use by dockerd (pid 812); use --mode live or auto', owner: { pid: 812, comm: 'dockerd' } },
    { proto: 'udp', port: 7946, how: 'raw', owner: { pid: null, comm: 'unknown (not visible without root)' } },
    { proto: 'esp', port: 0, how: 'error', kind: 'needs-root', error: 'needs root to observe ESP (IP protocol 50)' },
  ] },
  { ev: 'results', items: [['p12', 'refused', 3, 'ECONNREFUSED', 1], ['p13', 'connected', 0, null, 2]] },
  { ev: 'probe-done' },
  { ev: 'planned', n: 796 },
  // A lab host's own facts, as its agent sent them.
  JSON.parse(fixture('lab/hostfacts.n1.json')) as Record<string, unknown>,
  { ev: 'collected', id: 'c1', before: null, after: { netstat: 'TcpExt: ListenOverflows ListenDrops\nTcpExt: 0 0\n', snmp: null } },
  { ev: 'clock', id: 'k1', time: 1764550000.25 },
  { ev: 'sent', items: [{ id: 'p1', count: 3, error: null, ms: 1 }, { id: 'p2', count: 0, error: 'EHOSTUNREACH', ms: 0 }] },
  { ev: 'icmp', id: 'p4', errno: 'ECONNREFUSED' },
  { ev: 'pmtu-sent', id: '17', size: 1472, error: 'EMSGSIZE' },
  { ev: 'seen-batch', items: [['udp', 4789, '0123456789abcdef', '198.18.0.12', 'raw'], ['tcp', 7946, '0123456789abcdee', '198.18.0.13', 'socket']] },
  { ev: 'procnet', id: 'p1', text: 'Icmp: InEchos\nIcmp: 3\n', error: null },
  { ev: 'routes', id: 'r1', routes: [{ peer: '198.18.0.12', src: '198.18.0.11' }, { peer: '10.0.0.1', error: 'ENETUNREACH' }] },
  { ev: 'netinfo', id: 'n1', links: [{ ifname: 'eth0', mtu: 1500 }], routes: [], resolv: 'nameserver 10.0.0.2\n', error: null },
  { ev: 'exec', id: 'x1', code: 0, stdout: '{"ServerVersion":"27.3.1"}', stderr: '', error: null },
  { ev: 'exec', id: 'x2', code: null, stdout: '', stderr: '', error: 'not-found' },
  { ev: 'docker', id: 'd3', status: 200, body: '{"ServerVersion":"20.10.24+dfsg1"}', error: null },
  { ev: 'docker', id: 'd4', status: null, body: '', error: '/var/run/docker.sock: EACCES' },
  { ev: 'error', error: "unknown op 'nope'" },
  { ev: 'deadline' },
  { ev: 'done' },
];
