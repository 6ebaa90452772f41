// The agent's events are checked where they enter: what the real agent sends passes as it is;
// anything else is invalid data with the reason, shown escaped.
import test from 'ava';
import { EVENT_SHAPES, parseAgentLine } from '../../src/agent/events.js';
import { InvalidDataError } from '../../src/agent/invalid-data.js';
import { RemoteAgent } from '../../src/agent/remote-agent.js';
import { GOOD } from './event-samples.js';
import { fakeStream } from './fake-stream.js';

test('every event the agent writes passes as it is, and the table has a shape for each', (t) => {
  for (const event of GOOD) {
    const parsed = parseAgentLine(JSON.stringify(event));
    t.deepEqual(parsed, { kind: 'event', event }, JSON.stringify(event));
  }
  t.deepEqual([...new Set(GOOD.map((e) => e.ev))].sort(), Object.keys(EVENT_SHAPES).sort());
});

test('lines that are not JSON objects are not events and not errors (the bootstrap writes its own marks)', (t) => {
  t.deepEqual(parseAgentLine('SPF-BOOT-1'), { kind: 'other' });
  t.deepEqual(parseAgentLine(''), { kind: 'other' });
});

const BAD: [string, unknown, RegExp][] = [
  ['script in a probe\'s ms', { ev: 'results', items: [['p1', 'connected', '<script>alert(1)</script>', null, 1]] }, /"results" event: items \[0\] \[2\] "<script>alert\(1\)<\/script>" is not a number/],
  ['an infinite ms', '{"ev":"results","items":[["p1","connected",1e999,null,1]]}', /\[2\] .* is not a number/],
  ['a negative ms', { ev: 'results', items: [['p1', 'connected', -1, null, 1]] }, /\[2\] -1/],
  ['an outcome outside the list', { ev: 'results', items: [['p1', 'pwned', 1, null, 1]] }, /\[1\] "pwned"/],
  ['an errno with a terminal escape', { ev: 'results', items: [['p1', 'error', 1, '\u001b]0;owned\u0007', 1]] }, /\[3\] "\\u001b\]0;owned\\u0007" is not a plain message/],
  ['an errno with a C1 CSI', { ev: 'icmp', id: 'p1', errno: 'E\u009b2J' }, /errno "E\\u009b2J"/],
  ['a process name with shell text', { ev: 'listening', items: [{ proto: 'tcp', port: 7946, how: 'error', owner: { pid: 1, comm: 'x; curl x | sh' } }] }, /items \[0\] owner comm/],
  ['a port out of range', { ev: 'listening', items: [{ proto: 'udp', port: 70000, how: 'bound' }] }, /port 70000/],
  ['a port as text', { ev: 'seen-batch', items: [['udp', '4789', 'a', '198.18.0.1', 'raw']] }, /\[1\] "4789"/],
  ['a source that is not an IP', { ev: 'seen-batch', items: [['udp', 4789, 'a', '10.0.0.1; rm -rf /', 'raw']] }, /\[3\] "10\.0\.0\.1; rm -rf \/" is not an IP address/],
  ['a route source that is not an IP', { ev: 'routes', id: 'r1', routes: [{ peer: '10.0.0.1', src: '<img onerror=x>' }] }, /routes \[0\] src/],
  ['a host name with markup', { ev: 'ready', pid: 1, uid: 0, hostname: '<b>x</b>', python: '3.11.2' }, /hostname/],
  ['a missing field', { ev: 'ready', pid: 1, uid: 0, python: '3.11.2' }, /hostname is missing/],
  ['an unknown event', { ev: 'shell', cmd: 'id' }, /an unknown event "shell"/],
  ['an event without a name', '{"ev":null,"id":"x"}', /an unknown event null/],
  ['a broken JSON line', '{"ev":"done"', /not JSON/],
  ['an exec output of the wrong type', { ev: 'exec', id: 'x1', code: 0, stdout: 5, stderr: '', error: null }, /stdout 5 is not a text/],
  ['an exit status out of range', { ev: 'exec', id: 'x1', code: 1e6, stdout: '', stderr: '', error: null }, /code 1000000/],
  ['an id with spaces', { ev: 'icmp', id: 'p 1', errno: 'E' }, /id "p 1" is not an id/],
];

test('an event that does not fit its shape is invalid, and says what and where, escaped', (t) => {
  for (const [what, value, message] of BAD) {
    const parsed = parseAgentLine(typeof value === 'string' ? value : JSON.stringify(value));
    t.is(parsed.kind, 'invalid', what);
    if (parsed.kind !== 'invalid') continue;
    t.regex(parsed.problem, message, what);
    t.false(/[\u0000-\u001f\u007f-\u009f]/.test(parsed.problem), `${what}: no raw control character in the reason`);
  }
});

test('an agent that sends invalid data is refused: waits end with "the agent sent invalid data", it is sent away, and nothing more is read', async (t) => {
  const { stream, out, closed } = fakeStream();
  out.write(`${JSON.stringify(GOOD[0])}\n`);
  const { agent } = await RemoteAgent.start('b2', stream, 10_000, 5_000);
  const seen: unknown[] = [];
  agent.on('event', (e) => seen.push(e));
  const waiting = agent.exec(['docker', 'info'], 5_000);
  out.write(`${JSON.stringify({ ev: 'exec', id: 'x1', code: 0, stdout: '', stderr: '', error: '\u001b[2Jall good' })}\n${JSON.stringify({ ev: 'done' })}\n`);
  const error = await t.throwsAsync(waiting, { instanceOf: InvalidDataError });
  t.regex(error?.message ?? '', /^b2: the agent sent invalid data: "exec" event: error "\\u001b\[2Jall good" is not a plain message/);
  t.true(closed(), 'the agent was told to go');
  t.deepEqual(seen, [], 'neither the invalid event nor anything after it was passed on');
  t.is(agent.invalidData, error);
  // Later waits end at once with the same error.
  await t.throwsAsync(agent.routes(['10.0.0.1'], 5_000), { is: error });
});

test('an invalid "ready" line fails the start with the reason', async (t) => {
  const { stream, out } = fakeStream();
  out.write(`${JSON.stringify({ ev: 'ready', pid: 1, uid: 0, hostname: 'x\u001b]0;t\u0007', python: '3' })}\n`);
  await t.throwsAsync(RemoteAgent.start('b3', stream, 10_000, 5_000), { instanceOf: InvalidDataError, message: /^b3: the agent sent invalid data: "ready" event: hostname/ });
});
