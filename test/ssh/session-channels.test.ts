// Using a connection: exec, stdin, timeouts, the channel limit, spawn, forwardOut, close, ProxyJump.

import net from 'node:net';
import test from 'ava';
import { isPreflightError } from '../../src/errors.js';
import { SshSession } from '../../src/ssh/session.js';
import { fixture } from './helpers/fixture.js';
import { closedPort, eventually } from './helpers/ssh-server.js';

test('exec returns stdout, stderr and the exit code', async (t) => {
  const f = await fixture(t);
  const session = await SshSession.connect(f.target, f.options);
  t.teardown(() => session.close());
  t.deepEqual(await session.exec('report'), { code: 3, signal: null, stdout: 'hello out\n', stderr: 'hello err\n' });
});

test('exec reports a command killed by a signal', async (t) => {
  const f = await fixture(t);
  const session = await SshSession.connect(f.target, f.options);
  t.teardown(() => session.close());
  const result = await session.exec('signal');
  t.is(result.code, null);
  t.is(result.signal, 'SIGTERM');
});

test('stdin is delivered to the command and closed after', async (t) => {
  const f = await fixture(t);
  const session = await SshSession.connect(f.target, f.options);
  t.teardown(() => session.close());
  const text = 'line one\nline two ✓\n'.repeat(1000);
  const result = await session.exec('cat', { stdin: text });
  t.is(result.code, 0);
  t.is(result.stdout, text);
  t.is((await session.exec('cat', { stdin: Buffer.from('bytes') })).stdout, 'bytes');
});

test('exec without stdin closes stdin so a reading command finishes', async (t) => {
  const f = await fixture(t);
  const session = await SshSession.connect(f.target, f.options);
  t.teardown(() => session.close());
  t.deepEqual(await session.exec('cat', { timeoutMs: 2000 }), { code: 0, signal: null, stdout: '', stderr: '' });
});

test('a command that outlives timeoutMs is a timeout error and its channel is closed', async (t) => {
  const f = await fixture(t);
  const session = await SshSession.connect(f.target, f.options);
  t.teardown(() => session.close());
  const error = await t.throwsAsync(session.exec('forever', { timeoutMs: 150 }));
  t.true(isPreflightError(error) && error.kind === 'timeout');
  t.regex(error!.message, /node1 .* did not finish within 150 ms: forever/);
  t.true(await eventually(() => f.server.stats.abandoned === 1 && f.server.stats.sessionsOpen === 0));
  t.true(await eventually(() => session.channelsInUse === 0), 'the slot is given back');
  t.is((await session.exec('report')).code, 3, 'the connection is still usable');
});

test('at most maxChannels channels are open at once; the rest wait for a slot', async (t) => {
  const f = await fixture(t);
  const session = await SshSession.connect(f.target, { ...f.options, maxChannels: 3 });
  t.teardown(() => session.close());
  const results = await Promise.all(Array.from({ length: 10 }, () => session.exec('sleep 40')));
  t.true(results.every((r) => r.code === 0));
  t.is(f.server.stats.execs.length, 10);
  t.is(f.server.stats.maxSessionsOpen, 3);
});

test('the default channel limit is 8', async (t) => {
  const f = await fixture(t);
  const session = await SshSession.connect(f.target, f.options);
  t.teardown(() => session.close());
  await Promise.all(Array.from({ length: 12 }, () => session.exec('sleep 40')));
  t.is(f.server.stats.maxSessionsOpen, 8);
});

test('a spawned channel holds a slot until it closes', async (t) => {
  const f = await fixture(t);
  const session = await SshSession.connect(f.target, { ...f.options, maxChannels: 1 });
  t.teardown(() => session.close());
  const channel = await session.spawn('cat');
  const echoed = new Promise<string>((resolve) => channel.once('data', (d: Buffer) => resolve(d.toString())));
  channel.write('ping');
  t.is(await echoed, 'ping');
  let execDone = false;
  const exec = session.exec('report').then((r) => {
    execDone = true;
    return r;
  });
  await new Promise((r) => setTimeout(r, 100));
  t.false(execDone, 'exec waits while the spawned channel is open');
  channel.end();
  t.is((await exec).code, 3);
});

test('forwardOut says connected for a listening port and not connected for a closed one', async (t) => {
  const f = await fixture(t);
  const listener = net.createServer((s) => s.destroy());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  t.teardown(() => listener.close());
  const session = await SshSession.connect(f.target, f.options);
  t.teardown(() => session.close());
  t.is(await session.forwardOut('127.0.0.1', (listener.address() as net.AddressInfo).port, 1000), 'connected');
  const outcome = await session.forwardOut('127.0.0.1', await closedPort(), 1000);
  t.not(outcome, 'connected');
  t.not(outcome, 'timeout');
  t.is(session.channelsInUse, 0);
});

test('close is idempotent and a closed session refuses work with an unreachable error', async (t) => {
  const f = await fixture(t);
  const session = await SshSession.connect(f.target, f.options);
  session.close();
  session.close();
  const error = await t.throwsAsync(session.exec('report'));
  t.true(isPreflightError(error) && error.kind === 'unreachable');
  t.true(await eventually(() => f.server.stats.openConnections === 0));
});

test('a session notices when the server drops the connection', async (t) => {
  const f = await fixture(t);
  const session = await SshSession.connect(f.target, f.options);
  t.teardown(() => session.close());
  const channel = await session.spawn('forever');
  channel.resume();
  const channelClosed = new Promise<void>((resolve) => channel.once('close', () => resolve()));
  await f.server.close();
  await channelClosed;
  t.is(session.channelsInUse, 0, 'the channel slot is given back');
  const error = await t.throwsAsync(session.exec('report'));
  t.true(isPreflightError(error) && error.kind === 'unreachable');
  t.regex(error!.message, /ssh connection to node1 .* is closed/);
});

test('ProxyJump connects to the target through a jump host with direct-tcpip', async (t) => {
  const f = await fixture(t);
  const jump = { ...f.target, id: 'bastion' };
  const session = await SshSession.connect(f.target, { ...f.options, proxyJump: [jump] });
  t.teardown(() => session.close());
  t.is((await session.exec('report')).stdout, 'hello out\n');
  t.is(f.server.stats.connections, 2);
  t.deepEqual(f.server.stats.tcpip, [{ host: '127.0.0.1', port: f.server.port }]);
  session.close();
  t.true(await eventually(() => f.server.stats.openConnections === 0), 'closing the session closes the jump connection');
});

test('a jump host that cannot reach the target is an unreachable error naming both', async (t) => {
  const f = await fixture(t);
  const port = await closedPort();
  const error = await t.throwsAsync(SshSession.connect({ ...f.target, port }, { ...f.options, proxyJump: [{ ...f.target, id: 'bastion' }] }));
  t.true(isPreflightError(error) && error.kind === 'unreachable');
  t.regex(error!.message, new RegExp(`jump host 127.0.0.1:${f.server.port} cannot reach 127.0.0.1:${port}`));
  t.true(await eventually(() => f.server.stats.openConnections === 0), 'the jump connection is closed');
});
