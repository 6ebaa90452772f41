// The matrix judges the probes of hosts already out of the run as it plans them, without holding
// them for the round or as probes: a host out for good is one `untested` entry, and the probes that
// entry gives back must be the verdicts the round's evaluation gives, in plan order.
import test from 'ava';
import { EventEmitter } from 'node:events';
import { evaluateProbe, planProbes } from '../../checks/swarm-ports.js';
import { skipSameMachine } from '../../checks/same-machine.js';
import type { AgentCommand, AgentEvent } from '../../src/agent/protocol.js';
import type { RemoteAgent } from '../../src/agent/remote-agent.js';
import type { ProbeResult, RunResult } from '../../src/model.js';
import { type Matrix, portMatrix } from '../../src/run/port-matrix.js';
import { untestedView } from '../../src/untested-hosts.js';
import type { Forwarder } from '../../src/run/round.js';

const hosts = [{ id: 'm1', role: 'manager' as const }, { id: 'w1', role: 'worker' as const }, { id: 'w2', role: 'worker' as const }, { id: 'w3', role: 'worker' as const }];
const addresses = new Map(hosts.map((h, i) => [h.id, `198.18.0.${11 + i}`]));

/** What the round's own evaluation gives for a run stopped before probing (every probe judged from its errors alone). */
function reference(hostErrors: Map<string, { kind: string; message: string }>, sameMachine: [string, string][]) {
  const specs = planProbes({ hosts, dataPathPort: 4789, esp: false });
  skipSameMachine(specs, sameMachine);
  return specs.map((spec) => {
    const sourceError = hostErrors.get(spec.from);
    const targetError = hostErrors.get(spec.to);
    return evaluateProbe({ spec, timeoutMs: 1000, cutShort: 'the run ended before probing', ...(sourceError ? { sourceError } : {}), ...(targetError ? { targetError } : {}) });
  });
}

async function matrix(hostErrors: Map<string, { kind: string; message: string }>, forwarders = new Map<string, Forwarder>(), sameMachine: [string, string][] = []) {
  const stopped = new AbortController();
  stopped.abort();
  return portMatrix({
    hosts, agents: new Map<string, RemoteAgent>(), hostErrors, addresses, forwarders, sameMachine,
    dataPathPort: 4789, esp: false, mode: 'pre', timeoutMs: 1000, signal: stopped.signal,
  });
}

/** The matrix's probes with those its `untested` entries give back, in plan order (host, host, port). */
function expanded(m: Matrix): ProbeResult[] {
  const result = { hosts: hosts.map((h) => ({ ...h, address: '', reachable: true, error: null })), options: { dataPathPort: 4789, esp: false }, probes: m.probes, untested: m.untested } as unknown as RunResult;
  const rank = new Map(hosts.map((h, i) => [h.id, i]));
  const port = (p: ProbeResult) => ['tcp:2377', 'tcp:7946', 'udp:7946', 'udp:4789'].indexOf(`${p.protocol}:${p.port}`);
  const key = (p: ProbeResult) => ((rank.get(p.from) as number) * hosts.length + (rank.get(p.to) as number)) * 4 + port(p);
  return [...m.probes, ...untestedView(result).probes()].sort((a, b) => key(a) - key(b));
}

test('an unreachable host is one untested entry, and the probes it gives back are the verdicts the evaluation gives', async (t) => {
  const hostErrors = new Map([['w2', { kind: 'unreachable', message: 'connect ECONNREFUSED 198.18.0.13:22' }]]);
  const m = await matrix(hostErrors);
  t.deepEqual(expanded(m), reference(hostErrors, []));
  // Nothing of w2's is held as a probe: 1,000 such hosts would be 4 million of them.
  t.false(m.probes.some((p) => p.from === 'w2' || p.to === 'w2'));
  t.deepEqual(m.untested.map((u) => [u.host, u.reason, u.probes, u.notApplicable, u.ports]), [['w2', 'unreachable', 19, 5, ['2377/tcp', '7946/tcp', '7946/udp', '4789/udp']]]);
  const untested = expanded(m).filter((p) => p.from === 'w2' || p.to === 'w2');
  t.true(untested.every((p) => p.status === 'error' || p.status === 'skip'));
  t.is(untested.find((p) => p.from === 'w2')?.detail, 'could not test from w2: connect ECONNREFUSED 198.18.0.13:22');
  t.is(untested.find((p) => p.to === 'w2' && p.status === 'error')?.detail, 'could not test on w2: connect ECONNREFUSED 198.18.0.13:22');
});

test('with two hosts out, a probe between them is the sender\'s; same-machine pairs stay skipped', async (t) => {
  const hostErrors = new Map([['m1', { kind: 'auth', message: 'permission denied (publickey)' }], ['w3', { kind: 'timeout', message: 'timed out' }]]);
  const same: [string, string][] = [['w1', 'w2']];
  const m = await matrix(hostErrors, new Map(), same);
  const probes = expanded(m);
  t.deepEqual(probes, reference(hostErrors, same));
  t.true(probes.filter((p) => p.from === 'm1' && p.to === 'w3' && p.status === 'error').every((p) => p.detail.startsWith('could not test from m1')));
  // Each probe counted once: 12 sent by each (w3's 4 to m1 among them), and 8 each receives from w1 and w2.
  t.deepEqual(m.untested.map((u) => [u.host, u.probes + u.notApplicable]), [['m1', 20], ['w3', 20]]);
});

test('an out host of a machine listed twice keeps that pair\'s probes whole, skipped, and its entry does not repeat them', async (t) => {
  const hostErrors = new Map([['w2', { kind: 'agent', message: 'the agent stopped answering' }]]);
  const same: [string, string][] = [['w1', 'w2']];
  const m = await matrix(hostErrors, new Map(), same);
  t.deepEqual(expanded(m), reference(hostErrors, same));
  t.is(m.probes.filter((p) => (p.from === 'w2' && p.to === 'w1') || (p.from === 'w1' && p.to === 'w2')).length, 8);
  // 19 errors as in the test above, less the 3 of each direction of the pair.
  t.is(m.untested[0]?.probes, 13);
});

test('a host without python keeps its TCP probes for the round, through its sshd; only its datagrams are judged untested at once', async (t) => {
  // m1's agent answers as the real one does for a listener that was already there (live mode).
  const m1 = Object.assign(new EventEmitter(), {
    send(cmd: AgentCommand) {
      const emit = (e: AgentEvent) => setImmediate(() => m1.emit('event', e));
      if (cmd.op === 'listen') emit({ ev: 'listening', items: [...cmd.tcp.map((port) => ({ proto: 'tcp' as const, port, how: 'live' as const })), ...cmd.udp.map((port) => ({ proto: 'udp' as const, port, how: 'live' as const }))] });
      if (cmd.op === 'plan') emit({ ev: 'planned', n: cmd.items.length });
      if (cmd.op === 'collect') emit({ ev: 'collected', id: cmd.id, before: null, after: { netstat: '', snmp: '' } });
    },
    waitFor(match: (e: AgentEvent) => boolean, timeoutMs: number) {
      return new Promise((resolve, reject) => {
        const on = (e: AgentEvent) => { if (match(e)) { m1.off('event', on); clearTimeout(timer); resolve(e); } };
        const timer = setTimeout(() => { m1.off('event', on); reject(new Error('timeout')); }, timeoutMs);
        m1.on('event', on);
      });
    },
  });
  const pair = [{ id: 'm1', role: 'manager' as const }, { id: 'w1', role: 'worker' as const }];
  const forwarded: number[] = [];
  const { probes } = await portMatrix({
    hosts: pair, agents: new Map([['m1', m1 as unknown as RemoteAgent]]),
    hostErrors: new Map([['w1', { kind: 'tool-missing', message: 'no python3' }]]),
    addresses, forwarders: new Map<string, Forwarder>([['w1', async (_addr, port) => { forwarded.push(port); return 'connected'; }]]), sameMachine: [],
    dataPathPort: 4789, esp: false, mode: 'live', timeoutMs: 300, signal: new AbortController().signal,
  });
  t.deepEqual(forwarded.sort(), [2377, 7946]);
  const fromW1 = probes.filter((p) => p.from === 'w1');
  t.deepEqual(fromW1.filter((p) => p.protocol === 'tcp').map((p) => p.status), ['pass', 'pass']);
  t.true(fromW1.filter((p) => p.protocol === 'udp').every((p) => p.status === 'error' && p.detail === 'could not test from w1: no python3'));
  t.true(probes.filter((p) => p.to === 'w1' && p.status !== 'skip').every((p) => p.detail === 'could not test on w1: no python3'));
});
