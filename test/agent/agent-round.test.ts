// The agent's side of a large round, run locally over loopback: a paced plan, the second connect of
// an unanswered TCP probe, batched reports, and the collect step with the kernel's drop counters.
import test from 'ava';
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import type { AgentEvent } from '../../src/agent/protocol.js';
import { countersRose, parseCounters } from '../../checks/overload.js';
import { freePortGuess, resultsOf, seenOf, startLocalAgent, until } from './local-agent.js';

type Collected = Extract<AgentEvent, { ev: 'collected' }>;
const isDone = (e: AgentEvent): e is Extract<AgentEvent, { ev: 'probe-done' }> => e.ev === 'probe-done';

/** A listener that never accepts, its queue already full: the kernel drops every further SYN. */
async function deafListener(port: number): Promise<{ close: () => void }> {
  const child = spawn('python3', ['-c', `import socket,sys,time\ns=socket.socket()\ns.bind(("127.0.0.1",${port}))\ns.listen(0)\nprint("up",flush=True)\ntime.sleep(30)`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const fillers: Socket[] = [];
  // listen(0) keeps one connection waiting; two more fill it for good.
  for (let i = 0; i < 2; i++) fillers.push(connect(port, '127.0.0.1').on('error', () => undefined));
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { close: () => { for (const s of fillers) s.destroy(); child.kill(); } };
}

test('an unanswered TCP probe gets a second connect before it is reported as a timeout, and the listener host\'s counters show the drops', async (t) => {
  const port = freePortGuess();
  const deaf = await deafListener(port);
  const { agent, events } = await startLocalAgent();
  try {
    const done = agent.waitFor(isDone, 5000, 'the plan to finish');
    agent.send({ op: 'probe', timeoutMs: 1500, retryMs: 800, items: [{ id: 'd', proto: 'tcp', addr: '127.0.0.1', port, nonce: 'x' }] });
    await done;
    t.like(resultsOf(events)[0], { id: 'd', outcome: 'timeout', connects: 2 });
    const collected = agent.waitFor((e): e is Collected => e.ev === 'collected' && e.id === 'k', 3000, 'collect');
    agent.send({ op: 'collect', id: 'k' });
    const { before, after } = await collected;
    t.truthy(before?.netstat);
    t.truthy(after.snmp);
    // The same network namespace as the deaf listener: its overflows are in these counters.
    t.true((countersRose(before, after)['TcpExt.ListenOverflows'] ?? 0) >= 1, JSON.stringify(countersRose(before, after)));
    t.true((parseCounters(after.netstat ?? '').get('TcpExt.ListenOverflows') ?? 0) >= 1);
  } finally {
    deaf.close();
    await agent.stop();
  }
});

test('a plan spread over 400 ms starts its probes over that time, reports them in batches and then says it is done', async (t) => {
  const port = freePortGuess();
  const { agent, events } = await startLocalAgent();
  const listening = agent.waitFor((e): e is Extract<AgentEvent, { ev: 'listening' }> => e.ev === 'listening', 3000, 'listening');
  agent.send({ op: 'listen', mode: 'pre', tcp: [port], udp: [port], esp: false });
  await listening;
  const started = Date.now();
  const done = agent.waitFor(isDone, 5000, 'the plan to finish');
  const items = Array.from({ length: 8 }, (_, i) => ({ id: `p${i}`, proto: i % 2 ? 'udp' as const : 'tcp' as const, addr: '127.0.0.1', port, nonce: `n${i}`, send: true }));
  agent.send({ op: 'probe', timeoutMs: 1000, spreadMs: 400, items });
  await done;
  t.true(Date.now() - started >= 300, `done after ${Date.now() - started} ms`);
  t.true(await until(() => seenOf(events).length === 8));
  t.deepEqual(resultsOf(events).map((r) => r.outcome), ['connected', 'connected', 'connected', 'connected']);
  t.true(events.filter((e) => e.ev === 'sent').length >= 2, 'datagrams started in different turns');
  await agent.stop();
});

test('collect answers only after reporting every datagram that has arrived', async (t) => {
  const port = freePortGuess();
  const { agent, events } = await startLocalAgent();
  const listening = agent.waitFor((e): e is Extract<AgentEvent, { ev: 'listening' }> => e.ev === 'listening', 3000, 'listening');
  agent.send({ op: 'listen', mode: 'pre', tcp: [], udp: [port], esp: false });
  await listening;
  const { createSocket } = await import('node:dgram');
  const sock = createSocket('udp4');
  await new Promise<void>((resolve) => sock.send('SPF1 late01\n', port, '127.0.0.1', () => resolve()));
  const collected = agent.waitFor((e): e is Collected => e.ev === 'collected', 3000, 'collect');
  agent.send({ op: 'collect', id: 'c' });
  await collected;
  // The batch is written before the answer, so the runner has it when it reads the counters.
  const at = events.findIndex((e) => e.ev === 'collected');
  t.true(events.slice(0, at).some((e) => e.ev === 'seen-batch' && e.items.some((i) => i[2] === 'late01')));
  sock.close();
  await agent.stop();
});
