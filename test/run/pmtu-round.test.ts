import { EventEmitter } from 'node:events';
import test from 'ava';
import type { ProbeEvidence, ProbeSpec } from '../../checks/types.js';
import { evaluatePathMtu } from '../../checks/path-mtu.js';
import { planProbes } from '../../checks/swarm-ports.js';
import type { AgentCommand, AgentEvent, ListenItem } from '../../src/agent/protocol.js';
import type { RemoteAgent } from '../../src/agent/remote-agent.js';
import type { OverlayNetwork } from '../../src/facts/overlays.js';
import type { GatheredFacts } from '../../src/run/facts.js';
import { PMTU_CONTROL, pathMtuFrame, pmtuPairs, portSeenIn } from '../../src/run/pmtu-plan.js';
import { ladder, PMTU_RESOLUTION, type PmtuEvidence, type PmtuPair, runPmtuRound } from '../../src/run/pmtu-round.js';

// ---- ladder ---------------------------------------------------------------------------------------

test('a ladder has at most 8 sizes, strictly between its bounds, increasing', (t) => {
  for (const [lo, hi] of [[576, 1500], [1397, 1500], [1000, 1005], [1400, 1417], [1, 1000000]]) {
    const sizes = ladder(lo, hi);
    t.true(sizes.length > 0 && sizes.length <= 8, `${lo}..${hi}`);
    t.true(sizes.every((s) => Number.isInteger(s) && s > lo && s < hi), `${lo}..${hi}: ${sizes.join(',')}`);
    t.true(sizes.every((s, i) => i === 0 || s > sizes[i - 1]), `${lo}..${hi}: ${sizes.join(',')}`);
  }
});

test('a ladder spreads its sizes evenly over a wide gap and is empty when nothing fits between', (t) => {
  t.deepEqual(ladder(576, 1500), [679, 781, 884, 987, 1089, 1192, 1295, 1397]);
  t.deepEqual(ladder(1000, 1005), [1001, 1002, 1003, 1004]);
  t.deepEqual(ladder(1400, 1401), []);
  t.deepEqual(ladder(1400, 1400), []);
});

// ---- fake agents on a simulated network -------------------------------------------------------------

interface NetSim {
  /** Largest IP packet the path from -> to carries; default 1500. */
  pathMtu?: (from: string, to: string) => number;
  /** The sender's own interface MTU: larger sizes fail locally with EMSGSIZE. */
  ifaceMtu?: (from: string) => number;
  /** Drop this send of (sender, nonce-size)? `attempt` counts from 1. */
  drop?: (from: string, nonceSize: string, attempt: number) => boolean;
}

interface Fake { agent: RemoteAgent; emitter: EventEmitter; commands: AgentCommand[] }

const PORT = 4789;

function fakeCluster(ids: string[], sim: NetSim = {}): { fakes: Map<string, Fake>; agents: Map<string, RemoteAgent>; addresses: Map<string, string> } {
  const addresses = new Map(ids.map((id, i) => [id, `198.18.0.${11 + i}`]));
  const byAddress = new Map<string, string>([...addresses].map(([id, addr]) => [addr, id]));
  const fakes = new Map<string, Fake>();
  const attempts = new Map<string, number>();
  const emit = (id: string, event: AgentEvent) => setImmediate(() => fakes.get(id)?.emitter.emit('event', event));
  for (const id of ids) {
    const emitter = new EventEmitter();
    const commands: AgentCommand[] = [];
    const fake = Object.assign(emitter, {
      hasExited: false,
      send(cmd: AgentCommand) {
        commands.push(cmd);
        if (cmd.op !== 'pmtu') return;
        for (const item of cmd.items) {
          const to = byAddress.get(item.addr) as string;
          for (const size of item.sizes) {
            const key = `${id}|${item.nonce}-${size}`;
            const attempt = (attempts.get(key) ?? 0) + 1;
            attempts.set(key, attempt);
            if (size > (sim.ifaceMtu?.(id) ?? 65535)) {
              emit(id, { ev: 'pmtu-sent', id: item.id, size, error: 'EMSGSIZE' });
              continue;
            }
            emit(id, { ev: 'pmtu-sent', id: item.id, size, error: null });
            if (sim.drop?.(id, `${item.nonce}-${size}`, attempt)) continue;
            if (size > (sim.pathMtu?.(id, to) ?? 1500)) continue;
            emit(to, { ev: 'seen-batch', items: [['udp', item.port, `${item.nonce}-${size}`, addresses.get(id) as string, 'socket']] });
          }
        }
      },
    });
    fakes.set(id, { agent: fake as unknown as RemoteAgent, emitter, commands });
  }
  return { fakes, agents: new Map([...fakes].map(([id, f]) => [id, f.agent])), addresses };
}

function allPairs(ids: string[]): PmtuPair[] {
  return ids.flatMap((from) => ids.filter((to) => to !== from).map((to) => ({ from, to })));
}

const pmtuCommands = (f: Fake | undefined) => (f?.commands ?? []).filter((c) => c.op === 'pmtu') as Extract<AgentCommand, { op: 'pmtu' }>[];
const find = (ev: PmtuEvidence[], from: string, to: string) => ev.find((e) => e.from === from && e.to === to) as PmtuEvidence;
const tryOf = (e: PmtuEvidence, size: number) => e.tries.find((x) => x.size === size);

// ---- runPmtuRound ---------------------------------------------------------------------------------

test('a pair whose data-path probe did not get through is reported blocked, sent nothing, and keeps its place', async (t) => {
  const ids = ['m1', 'w1', 'w2'];
  const { fakes, agents, addresses } = fakeCluster(ids);
  const pairs = allPairs(ids);
  const evidence = await runPmtuRound({
    agents, addresses, pairs, port: PORT, full: 1500, control: 576, timeoutMs: 5000, signal: new AbortController().signal,
    portOpen: (p) => p.to !== 'w2',
  });
  t.deepEqual(evidence.map((e) => `${e.from}>${e.to}`), pairs.map((p) => `${p.from}>${p.to}`));
  for (const e of evidence) {
    if (e.to === 'w2') {
      t.true(e.portBlocked);
      t.deepEqual(e.tries, []);
      t.is(evaluatePathMtu(e, PORT).status, 'error');
    } else {
      t.false(e.portBlocked);
      t.is(evaluatePathMtu(e, PORT).status, 'pass');
    }
  }
  const toW2 = ids.flatMap((id) => pmtuCommands(fakes.get(id)).flatMap((c) => c.items)).filter((i) => i.addr === addresses.get('w2'));
  t.deepEqual(toW2, [], 'nothing was sent towards w2');
});

test('on a clean 1500-byte path every pair sees its full frame and no ladder or resend is sent', async (t) => {
  const ids = ['m1', 'w1', 'w2'];
  const { fakes, agents, addresses } = fakeCluster(ids);
  const evidence = await runPmtuRound({ agents, addresses, pairs: allPairs(ids), port: PORT, full: 1500, control: 576, timeoutMs: 5000, signal: new AbortController().signal });
  t.is(evidence.length, 6);
  for (const e of evidence) {
    t.true(tryOf(e, 1500)?.seen, `${e.from}>${e.to}`);
    t.true(tryOf(e, 576)?.seen);
    t.is(e.tries.length, 2);
    t.is(e.largestSeen, 1500);
    t.is(e.smallestLost, undefined);
    t.is(evaluatePathMtu(e, PORT).status, 'pass');
  }
  for (const id of ids) {
    const sent = pmtuCommands(fakes.get(id));
    t.is(sent.length, 1, `${id} got one pmtu command`);
    t.deepEqual(sent[0].items.map((i) => i.sizes), [[576, 1500], [576, 1500]]);
    t.true(sent[0].items.every((i) => i.port === PORT && i.vxlan === true));
  }
});

test('a 1400-byte path between one pair is narrowed to within 16 bytes below 1400 while the other pairs pass at once', async (t) => {
  const ids = ['m1', 'w1', 'w2'];
  const { fakes, agents, addresses } = fakeCluster(ids, { pathMtu: (from, to) => (from === 'm1' && to === 'w1' ? 1400 : 1500) });
  const evidence = await runPmtuRound({ agents, addresses, pairs: allPairs(ids), port: PORT, full: 1500, control: 576, timeoutMs: 300, signal: new AbortController().signal });
  const narrow = find(evidence, 'm1', 'w1');
  t.false(tryOf(narrow, 1500)?.seen);
  t.true(tryOf(narrow, 576)?.seen);
  t.truthy(narrow.largestSeen);
  t.truthy(narrow.smallestLost);
  t.true((narrow.smallestLost as number) - (narrow.largestSeen as number) <= PMTU_RESOLUTION);
  t.true((narrow.largestSeen as number) <= 1400 && (narrow.largestSeen as number) > 1400 - PMTU_RESOLUTION, `largest seen ${narrow.largestSeen}`);
  t.true((narrow.smallestLost as number) > 1400);
  t.true(narrow.tries.length <= 2 + 3 * 8, 'a few ladders, not one probe per byte');
  const f = evaluatePathMtu(narrow, PORT);
  t.is(f.status, 'fail');
  t.regex(f.remediation ?? '', new RegExp(`driver\\.mtu=${narrow.largestSeen} `));
  for (const e of evidence.filter((x) => x !== narrow)) {
    t.is(e.tries.length, 2, `${e.from}>${e.to} needed no ladder`);
    t.true(tryOf(e, 1500)?.seen);
  }
  // Only the sender of the narrowed pair got resends and ladders; the others one command each.
  t.is(pmtuCommands(fakes.get('w1')).length, 1);
  t.is(pmtuCommands(fakes.get('w2')).length, 1);
  const m1 = pmtuCommands(fakes.get('m1'));
  t.true(m1.length > 1);
  t.true(m1.slice(1).every((c) => c.items.every((i) => i.addr === addresses.get('w1'))), 'later commands only aim at w1');
});

test('pairs whose data-path probe arrived get their full frame alone, and pass on it', async (t) => {
  const ids = ['m1', 'w1', 'w2'];
  const { fakes, agents, addresses } = fakeCluster(ids);
  const evidence = await runPmtuRound({ agents, addresses, pairs: allPairs(ids), port: PORT, full: 1500, control: 576, timeoutMs: 5000, signal: new AbortController().signal, portOpen: () => true });
  for (const e of evidence) {
    t.deepEqual(e.tries, [{ size: 1500, seen: true, error: null }], `${e.from}>${e.to}`);
    t.is(evaluatePathMtu(e, PORT).status, 'pass');
  }
  for (const id of ids) t.deepEqual(pmtuCommands(fakes.get(id)).map((c) => c.items.map((i) => i.sizes)), [[[1500], [1500]]]);
});

test('with the port known open, a lost full frame brings the control with the first ladder and is narrowed as before', async (t) => {
  const ids = ['m1', 'w1'];
  const { fakes, agents, addresses } = fakeCluster(ids, { pathMtu: (from) => (from === 'm1' ? 1400 : 1500) });
  const evidence = await runPmtuRound({ agents, addresses, pairs: allPairs(ids), port: PORT, full: 1500, control: 576, timeoutMs: 300, signal: new AbortController().signal, portOpen: () => true });
  const narrow = find(evidence, 'm1', 'w1');
  const sizes = pmtuCommands(fakes.get('m1')).map((c) => c.items[0].sizes);
  t.deepEqual(sizes[0], [1500]);
  // The resends of the lost full frame come first; then the control with the first ladder.
  const second = sizes.find((x) => x.includes(576));
  t.deepEqual(second, [576, ...ladder(576, 1500)]);
  t.true(tryOf(narrow, 576)?.seen);
  t.true((narrow.largestSeen as number) <= 1400 && (narrow.largestSeen as number) > 1400 - PMTU_RESOLUTION, `largest seen ${narrow.largestSeen}`);
  t.true(narrow.tries.length <= 1 + 1 + 3 * 8, 'still at most three ladders');
  t.is(evaluatePathMtu(narrow, PORT).status, 'fail');
  t.deepEqual(find(evidence, 'w1', 'm1').tries, [{ size: 1500, seen: true, error: null }]);
});

test('with the port known open but closed since, the lost control makes the pair an error, not a tiny MTU', async (t) => {
  const ids = ['a', 'b'];
  const { agents, addresses } = fakeCluster(ids, { pathMtu: () => 0 });
  const evidence = await runPmtuRound({ agents, addresses, pairs: [{ from: 'a', to: 'b' }], port: PORT, full: 1500, control: 576, timeoutMs: 150, signal: new AbortController().signal, portOpen: () => true });
  t.false(tryOf(evidence[0], 576)?.seen);
  const f = evaluatePathMtu(evidence[0], PORT);
  t.is(f.status, 'error');
  t.regex(f.summary, /even 576-byte datagrams/);
});

test('a datagram lost once is sent again and still counts as seen', async (t) => {
  const ids = ['a', 'b'];
  const { fakes, agents, addresses } = fakeCluster(ids, { drop: (_from, _nonceSize, attempt) => attempt === 1 });
  const evidence = await runPmtuRound({ agents, addresses, pairs: allPairs(ids), port: PORT, full: 1500, control: 576, timeoutMs: 300, signal: new AbortController().signal });
  for (const e of evidence) {
    t.true(tryOf(e, 576)?.seen);
    t.true(tryOf(e, 1500)?.seen);
    t.is(e.tries.length, 2, 'no ladder for a size that arrived on the resend');
    t.is(evaluatePathMtu(e, PORT).status, 'pass');
  }
  // The first send and the resend at a third of the timeout; the round ended before the second resend.
  t.is(pmtuCommands(fakes.get('a')).length, 2);
  t.deepEqual(pmtuCommands(fakes.get('a'))[1].items[0].sizes, [576, 1500]);
});

test('a resend carries only the sizes still missing', async (t) => {
  const ids = ['a', 'b'];
  // Only the full frame of the first send is lost.
  const { fakes, agents, addresses } = fakeCluster(ids, { drop: (_from, nonceSize, attempt) => attempt === 1 && nonceSize.endsWith('-1500') });
  const evidence = await runPmtuRound({ agents, addresses, pairs: [{ from: 'a', to: 'b' }], port: PORT, full: 1500, control: 576, timeoutMs: 300, signal: new AbortController().signal });
  t.true(tryOf(evidence[0], 1500)?.seen);
  const sent = pmtuCommands(fakes.get('a'));
  t.is(sent.length, 2);
  t.deepEqual(sent[1].items[0].sizes, [1500]);
});

test('a size the sender\'s own interface refuses with EMSGSIZE is marked with the error and not waited for', async (t) => {
  const ids = ['a', 'b'];
  const { agents, addresses } = fakeCluster(ids, { ifaceMtu: (id) => (id === 'a' ? 1400 : 1500) });
  const started = Date.now();
  const evidence = await runPmtuRound({ agents, addresses, pairs: allPairs(ids), port: PORT, full: 1500, control: 576, timeoutMs: 20000, signal: new AbortController().signal });
  t.true(Date.now() - started < 10000, 'the round did not wait out the timeout');
  const ab = find(evidence, 'a', 'b');
  t.deepEqual(tryOf(ab, 1500), { size: 1500, seen: false, error: 'EMSGSIZE' });
  t.true((ab.largestSeen as number) <= 1400 && (ab.largestSeen as number) > 1400 - PMTU_RESOLUTION);
  t.true(ab.tries.filter((x) => x.size > 1400).every((x) => x.error === 'EMSGSIZE'));
  t.regex(evaluatePathMtu(ab, PORT).summary, /a's own interface/);
  t.true(tryOf(find(evidence, 'b', 'a'), 1500)?.seen);
});

test('an EMSGSIZE reported by the target\'s agent is not taken as the sender\'s', async (t) => {
  const ids = ['a', 'b'];
  const { fakes, agents, addresses } = fakeCluster(ids, { pathMtu: () => 1400 });
  // b's own sends (to a) are not part of this round; an error b reports under a's item id must not count.
  const b = fakes.get('b') as Fake;
  const round = runPmtuRound({ agents, addresses, pairs: [{ from: 'a', to: 'b' }], port: PORT, full: 1500, control: 576, timeoutMs: 300, signal: new AbortController().signal });
  setImmediate(() => b.emitter.emit('event', { ev: 'pmtu-sent', id: '0', size: 1500, error: 'EMSGSIZE' } satisfies AgentEvent));
  const [e] = await round;
  t.is(tryOf(e, 1500)?.error, null);
  t.false(tryOf(e, 1500)?.seen);
});

test('datagrams to another port or with an unknown nonce do not count as seen', async (t) => {
  const ids = ['a', 'b'];
  const { fakes, agents, addresses } = fakeCluster(ids, { pathMtu: () => 1000 });
  const round = runPmtuRound({ agents, addresses, pairs: [{ from: 'a', to: 'b' }], port: PORT, full: 1500, control: 576, timeoutMs: 300, signal: new AbortController().signal });
  const nonce = pmtuCommands(fakes.get('a'))[0].items[0].nonce;
  const b = fakes.get('b') as Fake;
  setImmediate(() => {
    b.emitter.emit('event', { ev: 'seen-batch', items: [['udp', 7946, `${nonce}-1500`, 'x', 'socket']] } satisfies AgentEvent);
    b.emitter.emit('event', { ev: 'seen-batch', items: [['udp', PORT, 'deadbeef-1500', 'x', 'socket']] } satisfies AgentEvent);
    // Seen by the wrong host: a's own agent reporting the nonce is not b receiving it.
    fakes.get('a')?.emitter.emit('event', { ev: 'seen-batch', items: [['udp', PORT, `${nonce}-1500`, 'x', 'socket']] } satisfies AgentEvent);
  });
  const [e] = await round;
  t.false(tryOf(e, 1500)?.seen);
  t.true((e.largestSeen as number) <= 1000);
});

test('an abort ends a round that is waiting for lost datagrams', async (t) => {
  const ids = ['a', 'b'];
  const { fakes, agents, addresses } = fakeCluster(ids, { pathMtu: () => 0 });
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 50);
  const evidence = await runPmtuRound({ agents, addresses, pairs: allPairs(ids), port: PORT, full: 1500, control: 576, timeoutMs: 30000, signal: controller.signal });
  t.true(Date.now() - started < 10000);
  t.true(evidence.every((e) => e.tries.length === 2 && e.tries.every((x) => !x.seen)));
  t.is(pmtuCommands(fakes.get('a')).length, 1);
  t.is(evaluatePathMtu(evidence[0], PORT).status, 'error');
  t.is(fakes.get('a')?.emitter.listenerCount('event'), 0, 'listeners removed');
});

test('a pair whose agent is missing gets no tries and nothing is sent for it', async (t) => {
  const { fakes, agents, addresses } = fakeCluster(['a', 'b']);
  const evidence = await runPmtuRound({ agents, addresses, pairs: [{ from: 'a', to: 'gone' }, { from: 'a', to: 'b' }], port: PORT, full: 1500, control: 576, timeoutMs: 2000, signal: new AbortController().signal });
  t.deepEqual(find(evidence, 'a', 'gone').tries, []);
  t.is(evaluatePathMtu(find(evidence, 'a', 'gone'), PORT).status, 'error');
  t.true(tryOf(find(evidence, 'a', 'b'), 1500)?.seen);
  t.is(pmtuCommands(fakes.get('a'))[0].items.length, 1);
});

// Host ids of digits only are valid inventory names; they must not be mistaken for internal keys.
test('hosts with all-digit ids are measured like any other', async (t) => {
  const ids = ['1', '2'];
  const { agents, addresses } = fakeCluster(ids);
  const evidence = await runPmtuRound({ agents, addresses, pairs: allPairs(ids), port: PORT, full: 1500, control: 576, timeoutMs: 300, signal: new AbortController().signal });
  t.true(evidence.every((e) => tryOf(e, 1500)?.seen === true));
});

// ---- pmtu-plan ------------------------------------------------------------------------------------

const hosts = [
  { id: 'm1', role: 'manager' as const },
  { id: 'w1', role: 'worker' as const },
  { id: 'w2', role: 'worker' as const },
];

test('path-MTU pairs are the data-path probes whose target watches the port and whose sender can send', (t) => {
  const specs = planProbes({ hosts, dataPathPort: 4789, esp: false });
  const listening = new Map<string, ListenItem[]>([
    ['m1', [{ proto: 'udp', port: 4789, how: 'bound' }, { proto: 'tcp', port: 2377, how: 'live' }]],
    ['w1', [{ proto: 'udp', port: 4789, how: 'error', kind: 'needs-root', error: 'needs root' }, { proto: 'tcp', port: 4789, how: 'bound' }]],
    ['w2', [{ proto: 'udp', port: 4789, how: 'raw' }]],
  ]);
  const pairs = pmtuPairs(specs, listening, 4789, new Set(['m1', 'w1']));
  t.deepEqual(pairs.map((p) => `${p.from}>${p.to}`).sort(), ['m1>w2', 'w1>m1', 'w1>w2']);
});

test('skipped specs, other ports and hosts without receivers give no path-MTU pair', (t) => {
  const spec = (over: Partial<ProbeSpec>): ProbeSpec => ({ id: 'x', from: 'a', to: 'b', protocol: 'udp', port: 4789, vxlan: true, ...over });
  const listening = new Map<string, ListenItem[]>([['b', [{ proto: 'udp', port: 4789, how: 'bound' }, { proto: 'udp', port: 7946, how: 'bound' }]]]);
  const senders = new Set(['a', 'c']);
  t.deepEqual(pmtuPairs([spec({})], listening, 4789, senders), [{ from: 'a', to: 'b' }]);
  t.deepEqual(pmtuPairs([spec({ skip: 'not applicable' })], listening, 4789, senders), []);
  t.deepEqual(pmtuPairs([spec({ port: 7946 })], listening, 4789, senders), []);
  t.deepEqual(pmtuPairs([spec({ protocol: 'tcp' })], listening, 4789, senders), []);
  t.deepEqual(pmtuPairs([spec({ to: 'c' })], listening, 4789, senders), [], 'c opened no receivers');
  t.deepEqual(pmtuPairs([spec({ from: 'd' })], listening, 4789, senders), [], 'd cannot send');
  t.deepEqual(pmtuPairs([spec({})], listening, 5789, senders), [], 'a different data-path port');
});

test('the port round says which pairs saw their data-path probe arrive, on that port only', (t) => {
  const spec = (from: string, to: string, port = 4789): ProbeSpec => ({ id: `${from}${to}${port}`, from, to, protocol: 'udp', port, vxlan: true });
  const evidence: ProbeEvidence[] = [
    { spec: spec('a', 'b'), timeoutMs: 1000, seen: { src: '198.18.0.11', via: 'socket', ms: 3 } },
    { spec: spec('b', 'a'), timeoutMs: 1000 },
    { spec: spec('a', 'c'), timeoutMs: 1000, sent: { count: 3, error: null, ms: 1 } },
    { spec: spec('c', 'a', 7946), timeoutMs: 1000, seen: { src: '198.18.0.13', via: 'socket', ms: 3 } },
  ];
  const open = portSeenIn(evidence, 4789);
  t.true(open({ from: 'a', to: 'b' }));
  t.false(open({ from: 'b', to: 'a' }));
  t.false(open({ from: 'a', to: 'c' }));
  t.false(open({ from: 'c', to: 'a' }), 'a 7946 probe seen says nothing of 4789');
});

const overlay = (name: string, over: Partial<OverlayNetwork> = {}): OverlayNetwork =>
  ({ id: `${name}0123456789abcdef`, name, ingress: false, encrypted: false, subnets: [], options: {}, peers: [], containers: 0, endpoints: [], tasks: [], ...over });
const facts = (overlays?: OverlayNetwork[]): GatheredFacts => ({ docker: { running: true }, firewall: 'unknown', ...(overlays ? { overlays } : {}) });

test('before any overlay exists the full frame is 1500 bytes and the control is 576', (t) => {
  t.is(pathMtuFrame(new Map()), 1500);
  t.is(pathMtuFrame(new Map([['w1', facts()], ['m1', facts([])]])), 1500);
  t.is(PMTU_CONTROL, 576);
});

test('the full frame is the largest outer frame any overlay needs', (t) => {
  t.is(pathMtuFrame(new Map([['m1', facts([overlay('ingress', { ingress: true }), overlay('app', { options: { 'com.docker.network.driver.mtu': '1400' } })])]])), 1500, 'ingress at the default still needs 1500');
  t.is(pathMtuFrame(new Map([['m1', facts([overlay('ingress', { ingress: true, options: { 'com.docker.network.driver.mtu': '1400' } }), overlay('app', { options: { 'com.docker.network.driver.mtu': '1350' } })])]])), 1400);
  t.is(pathMtuFrame(new Map([['m1', facts([overlay('jumbo', { options: { 'com.docker.network.driver.mtu': '9000' } })])]])), 9000);
  t.is(pathMtuFrame(new Map([['m1', facts([overlay('secret', { encrypted: true, options: { encrypted: '', 'com.docker.network.driver.mtu': '1400' } })])]])), 1400, 'ESP fits inside the option');
  t.is(pathMtuFrame(new Map([['m1', facts([overlay('app', { options: { 'com.docker.network.driver.mtu': '1400' } })])], ['m2', facts([overlay('big', { options: { 'com.docker.network.driver.mtu': '1450' } })])]])), 1450, 'over all managers');
});

test('an unreadable or zero MTU option counts as the default', (t) => {
  t.is(pathMtuFrame(new Map([['m1', facts([overlay('app', { options: { 'com.docker.network.driver.mtu': 'big' } })])]])), 1500);
  t.is(pathMtuFrame(new Map([['m1', facts([overlay('app', { options: { 'com.docker.network.driver.mtu': '0' } })])]])), 1500);
});
