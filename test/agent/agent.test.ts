// The real Python agent, run locally over loopback: receivers, senders, exec and its clean exit.
import test from 'ava';
import { createSocket } from 'node:dgram';
import { connect, createServer, type Socket } from 'node:net';
import type { AgentEvent, ListenItem } from '../../src/agent/protocol.js';
import { alive, freePortGuess, resultsOf, seenOf, startLocalAgent, until } from './local-agent.js';

type Listening = Extract<AgentEvent, { ev: 'listening' }>;
const isListening = (e: AgentEvent): e is Listening => e.ev === 'listening';
// Raw sockets need root; without it these tests are reported as skipped, not passed.
const rootTest = process.getuid?.() === 0 ? test : test.skip;

test('a pre-mode TCP probe connects and the receiver reports the nonce', async (t) => {
  const { agent, events } = await startLocalAgent();
  const port = freePortGuess();
  const listening = agent.waitFor(isListening, 3000, 'listening');
  agent.send({ op: 'listen', mode: 'pre', tcp: [port], udp: [], esp: false });
  t.deepEqual((await listening).items, [{ proto: 'tcp', port, how: 'bound' }]);
  agent.send({ op: 'probe', timeoutMs: 1000, items: [{ id: 'a', proto: 'tcp', addr: '127.0.0.1', port, nonce: 'feedface01', send: true }] });
  t.true(await until(() => seenOf(events).some((e) => e.nonce === 'feedface01' && e.proto === 'tcp')));
  const result = resultsOf(events)[0];
  t.like(result, { id: 'a', outcome: 'connected' });
  await agent.stop();
});

test('a pre-mode listener takes a burst of connections, waits for a nonce sent in pieces and ignores one that never comes', async (t) => {
  const { agent, events } = await startLocalAgent();
  const port = freePortGuess();
  const listening = agent.waitFor(isListening, 3000, 'listening');
  agent.send({ op: 'listen', mode: 'pre', tcp: [port], udp: [], esp: false });
  await listening;
  const open = () => new Promise<Socket>((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  // Twenty at once, each with its whole nonce line.
  const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => open().then((s) => { s.end(`SPF1 burst${i}\n`); return s; })));
  // One in two pieces, the line's end only after a pause; one that closes without a word.
  const slow = await open();
  slow.write('SPF1 sl');
  const silent = await open();
  silent.end();
  await new Promise((resolve) => setTimeout(resolve, 300));
  slow.end('ow\n');
  const seen = () => seenOf(events).map((e) => e.nonce);
  t.true(await until(() => seen().length >= 21), seen().join(' '));
  t.deepEqual(seen().sort(), [...Array.from({ length: 20 }, (_, i) => `burst${i}`), 'slow'].sort());
  for (const s of [...burst, slow, silent]) s.destroy();
  await agent.stop();
});

test('a TCP probe to a closed port is reported as refused, not as a timeout', async (t) => {
  const { agent, events } = await startLocalAgent();
  agent.send({ op: 'probe', timeoutMs: 1000, items: [{ id: 'b', proto: 'tcp', addr: '127.0.0.1', port: 1, nonce: 'x' }] });
  t.true(await until(() => resultsOf(events).length > 0));
  t.like(resultsOf(events)[0], { outcome: 'refused', errno: 'ECONNREFUSED' });
  await agent.stop();
});

test('a UDP datagram counts as received only when the receiver saw its nonce', async (t) => {
  const { agent, events } = await startLocalAgent();
  const port = freePortGuess();
  const listening = agent.waitFor(isListening, 3000, 'listening');
  agent.send({ op: 'listen', mode: 'pre', tcp: [], udp: [port], esp: false });
  t.is((await listening).items[0].how, 'bound');
  agent.send({ op: 'probe', timeoutMs: 1000, items: [
    { id: 'u1', proto: 'udp', addr: '127.0.0.1', port, nonce: 'aaaa0001' },
    { id: 'u2', proto: 'udp', addr: '127.0.0.1', port: port + 1, nonce: 'aaaa0002' },
  ] });
  t.true(await until(() => seenOf(events).some((e) => e.nonce === 'aaaa0001')));
  // The datagram to the port nobody watches is sent but never seen, and ICMP says so.
  t.true(await until(() => events.some((e) => e.ev === 'icmp' && e.id === 'u2')));
  t.false(seenOf(events).some((e) => e.nonce === 'aaaa0002'));
  const sent = events.flatMap((e) => (e.ev === 'sent' ? e.items : []));
  t.like(sent.find((i) => i.id === 'u2'), { count: 1, error: null });
  t.is(events.filter((e) => e.ev === 'sent').length, 1, 'one event for both datagrams of the command');
  await agent.stop();
});

test('in pre mode a port held by another process is an error naming the holder, not a listener', async (t) => {
  const server = createServer().listen(0, '0.0.0.0');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const { agent } = await startLocalAgent();
  const listening = agent.waitFor(isListening, 3000, 'listening');
  agent.send({ op: 'listen', mode: 'pre', tcp: [port], udp: [], esp: false });
  const item = (await listening).items[0] as ListenItem;
  t.is(item.how, 'error');
  t.is(item.kind, 'port-in-use');
  t.is(item.owner?.comm, 'node');
  t.is(item.owner?.pid, process.pid);
  await agent.stop();
  server.close();
});

test('in auto mode a TCP port held by another process is probed live, and the holder keeps it', async (t) => {
  const server = createServer((s) => s.destroy()).listen(0, '0.0.0.0');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const { agent, events } = await startLocalAgent();
  const listening = agent.waitFor(isListening, 3000, 'listening');
  agent.send({ op: 'listen', mode: 'auto', tcp: [port], udp: [], esp: false });
  t.is((await listening).items[0].how, 'live');
  agent.send({ op: 'probe', timeoutMs: 1000, items: [{ id: 'l', proto: 'tcp', addr: '127.0.0.1', port, nonce: 'x' }] });
  t.true(await until(() => resultsOf(events).length > 0));
  t.like(resultsOf(events)[0], { outcome: 'connected' });
  t.true(server.listening);
  await agent.stop();
  server.close();
});

rootTest('in auto mode a UDP port held by another process is watched by a raw socket behind the firewall', async (t) => {
  const holder = createSocket('udp4');
  const got: string[] = [];
  holder.on('message', (m) => got.push(m.toString()));
  await new Promise<void>((r) => holder.bind(0, '0.0.0.0', () => r()));
  const port = holder.address().port;
  const { agent, events } = await startLocalAgent();
  const listening = agent.waitFor(isListening, 3000, 'listening');
  agent.send({ op: 'listen', mode: 'auto', tcp: [], udp: [port], esp: false });
  const item = (await listening).items[0];
  t.is(item.how, 'raw');
  t.is(item.owner?.comm, 'node');
  agent.send({ op: 'probe', timeoutMs: 1000, items: [{ id: 'r', proto: 'udp', addr: '127.0.0.1', port, nonce: 'bbbb0001' }] });
  t.true(await until(() => seenOf(events).some((e) => e.nonce === 'bbbb0001' && e.via === 'raw')));
  // The real owner still gets its datagram: the agent only watched.
  t.true(await until(() => got.some((m) => m.includes('bbbb0001'))));
  await agent.stop();
  holder.close();
});

rootTest('an ESP probe is seen by the receiver as IP protocol 50', async (t) => {
  const { agent, events } = await startLocalAgent();
  const listening = agent.waitFor(isListening, 3000, 'listening');
  agent.send({ op: 'listen', mode: 'auto', tcp: [], udp: [], esp: true });
  t.is((await listening).items[0].how, 'raw');
  agent.send({ op: 'probe', timeoutMs: 1000, items: [{ id: 'e', proto: 'esp', addr: '127.0.0.1', port: 0, nonce: 'cccc0001' }] });
  t.true(await until(() => seenOf(events).some((e) => e.proto === 'esp' && e.nonce === 'cccc0001')));
  await agent.stop();
});

test('exec runs an argv without a shell and reports a missing program as not-found', async (t) => {
  const { agent } = await startLocalAgent();
  const echo = await agent.exec(['echo', '$HOME;', 'x']);
  t.is(echo.stdout, '$HOME; x\n');
  t.is(echo.code, 0);
  const missing = await agent.exec(['no-such-program-spf']);
  t.is(missing.error, 'not-found');
  await agent.stop();
});

test('the agent exits and frees its ports when its stdin closes', async (t) => {
  const { agent, pid } = await startLocalAgent();
  const port = freePortGuess();
  const listening = agent.waitFor(isListening, 3000, 'listening');
  agent.send({ op: 'listen', mode: 'pre', tcp: [port], udp: [port], esp: false });
  await listening;
  t.true(alive(pid));
  await agent.stop();
  t.true(await until(() => !alive(pid)));
  const probe = createServer().listen(port, '0.0.0.0');
  await new Promise((resolve, reject) => { probe.once('listening', resolve); probe.once('error', reject); });
  t.true(probe.listening);
  probe.close();
});

test('the agent ends by itself when its deadline passes', async (t) => {
  const { agent, pid, events } = await startLocalAgent(500);
  t.true(await until(() => events.some((e) => e.ev === 'deadline'), 3000));
  t.true(await until(() => !alive(pid)));
  t.true(agent.hasExited || !alive(pid));
});

test('the agent reads a process\'s /proc/PID/net counters and refuses any other path', async (t) => {
  const { agent } = await startLocalAgent();
  const snmp = await agent.readProcNet(process.pid, 'snmp');
  t.regex(snmp ?? '', /^Ip: /m);
  t.regex(snmp ?? '', /InEchos/);
  t.is(await agent.readProcNet(-1, 'snmp'), undefined);
  t.is(await agent.readProcNet(process.pid, '../../etc/passwd' as 'snmp'), undefined);
  await agent.stop();
});

test('the agent names the source address its routing picks towards each peer, without sending', async (t) => {
  const { agent } = await startLocalAgent();
  const routes = await agent.routes(['127.0.0.1', '127.0.0.2']);
  t.deepEqual(routes.map((r) => r.peer), ['127.0.0.1', '127.0.0.2']);
  t.is(routes[0].src, '127.0.0.1');
  await agent.stop();
});
