// The probe round against fake agents that answer as the real one does (batched events): one plan
// command per sender, rotated over the receivers; the round ends as soon as every probe has its
// evidence; and probes still missing are collected, with the hosts' drop counters deciding whose
// loss it was.
import test from 'ava';
import { EventEmitter } from 'node:events';
import { planProbes } from '../../checks/swarm-ports.js';
import type { AgentCommand, AgentEvent, CounterTexts, ProbeItem } from '../../src/agent/protocol.js';
import type { RemoteAgent } from '../../src/agent/remote-agent.js';
import { retryFor, runRound, spreadFor } from '../../src/run/round.js';
import { fixture } from '../fixtures/load.js';

interface Sim {
  /** Does this probe (sender, item) reach its receiver? */
  reaches?: (from: string, item: ProbeItem) => boolean;
  /** What a host's collect reports. */
  counters?: (host: string) => { before: CounterTexts | null; after: CounterTexts };
}

const quiet = (): { before: CounterTexts; after: CounterTexts } => ({
  before: { netstat: fixture('lab/procnet/quiet-before.netstat'), snmp: fixture('lab/procnet/quiet-before.snmp') },
  after: { netstat: fixture('lab/procnet/quiet-after.netstat'), snmp: fixture('lab/procnet/quiet-after.snmp') },
});
const overflowed = (): { before: CounterTexts; after: CounterTexts } => ({
  before: { netstat: fixture('lab/procnet/listen-overflow-before.netstat'), snmp: fixture('lab/procnet/listen-overflow-before.snmp') },
  after: { netstat: fixture('lab/procnet/listen-overflow-after.netstat'), snmp: fixture('lab/procnet/listen-overflow-after.snmp') },
});

function cluster(ids: string[], sim: Sim = {}) {
  const addresses = new Map(ids.map((id, i) => [id, `198.18.0.${11 + i}`]));
  const byAddress = new Map([...addresses].map(([id, a]) => [a, id]));
  const commands = new Map<string, AgentCommand[]>(ids.map((id) => [id, []]));
  /** Every command of every host in the order sent: `host op`. */
  const sequence: string[] = [];
  const plans = new Map<string, AgentCommand & { op: 'plan' }>();
  const agents = new Map<string, RemoteAgent>();
  const emit = (id: string, event: AgentEvent) => setImmediate(() => (agents.get(id) as unknown as EventEmitter).emit('event', event));
  for (const id of ids) {
    const agent = Object.assign(new EventEmitter(), {
      hasExited: false,
      send(cmd: AgentCommand) {
        commands.get(id)?.push(cmd);
        sequence.push(`${id} ${cmd.op}`);
        if (cmd.op === 'plan') {
          plans.set(id, cmd);
          emit(id, { ev: 'planned', n: cmd.items.length });
        }
        if (cmd.op === 'listen') emit(id, { ev: 'listening', items: [...cmd.tcp.map((port) => ({ proto: 'tcp' as const, port, how: 'bound' as const })), ...cmd.udp.map((port) => ({ proto: 'udp' as const, port, how: 'bound' as const }))] });
        if (cmd.op === 'collect') emit(id, { ev: 'collected', id: cmd.id, ...(sim.counters?.(id) ?? quiet()) });
        if (cmd.op !== 'go' || !plans.has(id)) return;
        const plan = plans.get(id) as AgentCommand & { op: 'plan' };
        const results: AgentEvent & { ev: 'results' } = { ev: 'results', items: [] };
        const sent: AgentEvent & { ev: 'sent' } = { ev: 'sent', items: [] };
        for (const item of plan.items) {
          const to = byAddress.get(item.addr) as string;
          const ok = sim.reaches?.(id, item) ?? true;
          if (item.proto === 'tcp') results.items.push([item.id, ok ? 'connected' : 'timeout', ok ? 1 : plan.timeoutMs, null, ok ? 1 : 2]);
          else sent.items.push({ id: item.id, count: 1, error: null, ms: 0 });
          if (ok) emit(to, { ev: 'seen-batch', items: [[item.proto, item.port, item.nonce, addresses.get(id) as string, 'socket']] });
        }
        emit(id, results);
        emit(id, sent);
        emit(id, { ev: 'probe-done' });
      },
      waitFor(match: (e: AgentEvent) => boolean, timeoutMs: number) {
        return new Promise((resolve, reject) => {
          const on = (e: AgentEvent) => { if (match(e)) { agent.off('event', on); clearTimeout(timer); resolve(e); } };
          const timer = setTimeout(() => { agent.off('event', on); reject(new Error('timeout')); }, timeoutMs);
          agent.on('event', on);
        });
      },
    });
    agents.set(id, agent as unknown as RemoteAgent);
  }
  return { agents, addresses, commands, sequence };
}

const round = (ids: string[], sim: Sim = {}, timeoutMs = 400) => {
  const c = cluster(ids, sim);
  const specs = planProbes({ hosts: ids.map((id, i) => ({ id, role: i === 0 ? 'manager' : 'worker' })), dataPathPort: 4789, esp: false });
  const done = runRound({ agents: c.agents, hostErrors: new Map(), addresses: c.addresses, specs, mode: 'pre', timeoutMs, signal: new AbortController().signal });
  return { ...c, done };
};

test('each sender gets its whole plan in one command, spread and with a retry time, aimed at its next peer first', async (t) => {
  const ids = ['a', 'b', 'c', 'd'];
  const { commands, addresses, done } = round(ids);
  await done;
  for (const [i, id] of ids.entries()) {
    const probes = (commands.get(id) ?? []).filter((c): c is AgentCommand & { op: 'plan' } => c.op === 'plan');
    t.is(probes.length, 1, `${id}: one plan command`);
    const cmd = probes[0]!;
    t.is(cmd.retryMs, retryFor(400));
    t.is(cmd.spreadMs, spreadFor(cmd.items.length, 400));
    // Rotated: the first probes go to the next host round the inventory, the last to the one before.
    t.is(cmd.items[0]!.addr, addresses.get(ids[(i + 1) % ids.length] as string) as string);
    t.is(cmd.items.at(-1)!.addr, addresses.get(ids[(i + ids.length - 1) % ids.length] as string) as string);
  }
});

test('no sender is told to go before every sender has confirmed its plan', async (t) => {
  const { sequence, done } = round(['a', 'b', 'c', 'd']);
  await done;
  const lastPlan = Math.max(...sequence.map((s, i) => (s.endsWith(' plan') ? i : -1)));
  const firstGo = sequence.findIndex((s) => s.endsWith(' go'));
  t.true(firstGo > lastPlan, sequence.join(', '));
  t.is(sequence.filter((s) => s.endsWith(' go')).length, 4);
});

test('a round whose every probe has its evidence ends at once, without collecting counters', async (t) => {
  const started = Date.now();
  const { commands, done } = round(['a', 'b', 'c'], {}, 5000);
  const { evidence } = await done;
  t.true(Date.now() - started < 1000, `${Date.now() - started} ms`);
  t.true(evidence.filter((e) => !e.spec.skip).every((e) => e.seen !== undefined));
  t.false([...commands.values()].flat().some((c) => c.op === 'collect'));
});

test('missing probes are collected; the receiver whose listen counters rose carries the overload evidence, the quiet one does not', async (t) => {
  const { commands, done } = round(['a', 'b', 'c'], {
    reaches: (_from, item) => !(item.proto === 'tcp' && item.port === 7946 && (item.addr.endsWith('.12') || item.addr.endsWith('.13'))),
    counters: (host) => (host === 'b' ? overflowed() : quiet()),
  });
  const { evidence } = await done;
  t.true([...commands.values()].flat().some((c) => c.op === 'collect'));
  const into = (to: string) => evidence.filter((e) => e.spec.to === to && e.spec.protocol === 'tcp' && e.spec.port === 7946);
  t.true(into('b').every((e) => e.tcp?.outcome === 'timeout' && e.overload?.receiver?.['TcpExt.ListenOverflows'] === 15));
  t.true(into('c').every((e) => e.tcp?.outcome === 'timeout' && Object.keys(e.overload?.receiver ?? {}).length === 0));
  t.true(into('a').every((e) => e.seen !== undefined));
});
