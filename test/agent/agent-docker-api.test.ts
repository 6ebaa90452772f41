// The agent's GETs to a docker engine's API over a unix socket, against a local HTTP server on a
// socket of the test's own (the lab tests ask real engines): body and status as sent, every way an
// answer can fail said, and no socket left open.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAgent } from './local-agent.js';

/** A server on a fresh unix socket; `requests` collects the request lines it was sent. */
async function engine(make: (requests: string[]) => Server): Promise<{ path: string; requests: string[]; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'spf-engine-'));
  const path = join(dir, 'docker.sock');
  const requests: string[] = [];
  const server = make(requests);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { path, requests, close: () => new Promise((resolve) => server.close(() => { rmSync(dir, { recursive: true, force: true }); resolve(); })) };
}

/** Node's own HTTP server, as the engine is Go's: it answers an HTTP/1.0 request with a body and a close. */
const httpEngine = (status: number, body: string) => (requests: string[]) =>
  createHttpServer((req, res) => {
    requests.push(`${req.method} ${req.url} HTTP/${req.httpVersion}`);
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(body);
  });

/** A raw server that writes `answer` and closes, or (answer undefined) holds the connection open. */
const rawEngine = (answer: string | undefined, sockets: Socket[] = []) => () =>
  createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    if (answer !== undefined) socket.once('data', () => socket.end(answer));
    else socket.resume();
  });

test('a GET returns the engine\'s status and body, asked as HTTP/1.0 with the path and query as given', async (t) => {
  const body = JSON.stringify([{ Id: 'a'.repeat(64), Name: 'spf-net', Driver: 'overlay' }]);
  const e = await engine(httpEngine(200, body));
  const { agent } = await startLocalAgent();
  const answer = await agent.dockerGet('/networks?filters=%7B%22driver%22%3A%7B%22overlay%22%3Atrue%7D%7D', 5_000, { socket: e.path });
  t.deepEqual(answer, { ev: 'docker', id: answer.id, status: 200, body, error: null });
  t.deepEqual(e.requests, ['GET /networks?filters=%7B%22driver%22%3A%7B%22overlay%22%3Atrue%7D%7D HTTP/1.0']);
  await agent.stop();
  await e.close();
});

test('an engine\'s error answer keeps its status and message body', async (t) => {
  const e = await engine(httpEngine(503, '{"message":"This node is not a swarm manager."}\n'));
  const { agent } = await startLocalAgent();
  t.like(await agent.dockerGet('/nodes', 5_000, { socket: e.path }), { status: 503, body: '{"message":"This node is not a swarm manager."}\n', error: null });
  await agent.stop();
  await e.close();
});

test('a large body arrives whole, read over many turns of the loop', async (t) => {
  const body = JSON.stringify([{ Name: 'x'.repeat(600_000) }]);
  const e = await engine(httpEngine(200, body));
  const { agent } = await startLocalAgent();
  const answer = await agent.dockerGet('/services', 5_000, { socket: e.path });
  t.is(answer.status, 200);
  t.is(answer.body, body);
  await agent.stop();
  await e.close();
});

test('a body beyond what one agent line can carry is refused, not cut', async (t) => {
  const e = await engine(httpEngine(200, 'x'.repeat(900_000)));
  const { agent } = await startLocalAgent();
  t.like(await agent.dockerGet('/services', 5_000, { socket: e.path }), { status: null, body: '', error: 'answer larger than 786432 bytes' });
  await agent.stop();
  await e.close();
});

test('no socket, and a socket nobody listens on, are errors naming the socket', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spf-engine-'));
  const missing = join(dir, 'docker.sock');
  const stale = join(dir, 'stale.sock');
  // A socket file left by an engine that has gone: bound once, never listened on.
  execFileSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', stale]);
  const { agent } = await startLocalAgent();
  t.like(await agent.dockerGet('/info', 5_000, { socket: missing }), { status: null, body: '', error: `${missing}: ENOENT` });
  t.like(await agent.dockerGet('/info', 5_000, { socket: stale }), { status: null, body: '', error: `${stale}: ECONNREFUSED` });
  await agent.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('an answer that is not HTTP, and a chunked one, are errors, never a body', async (t) => {
  const { agent } = await startLocalAgent();
  for (const [answer, error] of [
    ['SSH-2.0-OpenSSH_9.2\r\n', 'not an HTTP answer'],
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n', 'a chunked answer to an HTTP/1.0 request'],
  ] as const) {
    const e = await engine(rawEngine(answer));
    t.like(await agent.dockerGet('/info', 5_000, { socket: e.path }), { status: null, body: '', error });
    await e.close();
  }
  await agent.stop();
});

test('an engine that never answers is a timeout after the request\'s own time, and the agent goes on answering', async (t) => {
  const sockets: Socket[] = [];
  const e = await engine(rawEngine(undefined, sockets));
  const { agent } = await startLocalAgent();
  const started = Date.now();
  const answer = await agent.dockerGet('/info', 800, { socket: e.path });
  t.like(answer, { status: null, error: 'timeout' });
  t.true(Date.now() - started >= 700, 'not before its time');
  // The agent closed its end: the engine's connection sees the end of it.
  await new Promise<void>((resolve) => (sockets[0]!.readableEnded ? resolve() : sockets[0]!.once('end', resolve)));
  t.like(await agent.exec(['true']), { code: 0 });
  await agent.stop();
  for (const s of sockets) s.destroy();
  await e.close();
});

test('a path with a space or a line break is refused before anything is sent', async (t) => {
  const e = await engine(httpEngine(200, '{}'));
  const { agent } = await startLocalAgent();
  for (const path of ['/info HTTP/1.1\r\nX: y', '/a b', 'info']) {
    t.like(await agent.dockerGet(path, 5_000, { socket: e.path }), { status: null, error: 'not a request path' });
  }
  t.deepEqual(e.requests, []);
  await agent.stop();
  await e.close();
});
