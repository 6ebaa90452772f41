// A login that works and an agent upload that never arrives (a path that loses full-size packets):
// the host is reported as what it is, soon, and never holds the run. A TCP relay in front of the
// in-process sshd passes the small packets of the login and holds everything from the first large one.
import test from 'ava';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import type { HostSpec } from '../../src/model.js';
import { connectHost } from '../../src/run/connect.js';
import type { RunOptions } from '../../src/run/options.js';
import { fixture } from '../ssh/helpers/fixture.js';

const FULL_SIZE = 4096;

/**
 * Holds everything from the first full-size packet on: for good (a black hole), or for delayMs (a
 * host too busy to read its connection for a while), keeping the order.
 */
async function blackHoleRelay(t: Parameters<typeof fixture>[0], to: number, delayMs?: number): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(to, '127.0.0.1');
    sockets.add(client).add(upstream);
    let stuck = false;
    client.on('data', (chunk: Buffer) => {
      if (chunk.length >= FULL_SIZE) stuck = true;
      if (!stuck) upstream.write(chunk);
      else if (delayMs !== undefined) setTimeout(() => upstream.write(chunk), delayMs);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    for (const s of [client, upstream]) s.on('error', () => undefined).on('close', () => { client.destroy(); upstream.destroy(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => { for (const s of sockets) s.destroy(); server.close(); });
  return (server.address() as net.AddressInfo).port;
}

async function connectThroughRelay(t: Parameters<typeof fixture>[0], delayMs?: number) {
  // known_hosts names the relay's port: the relay is where the host is reached.
  const f = await fixture(t, { shellPath: '/usr/bin:/bin' });
  const port = await blackHoleRelay(t, f.server.port, delayMs);
  await writeFile(f.knownHosts, `[127.0.0.1]:${port} ${f.hostKey.type} ${f.hostKey.blob.toString('base64')}\n`);
  const spec: HostSpec = { id: 'b2', address: '127.0.0.1', port, user: 'root', role: 'worker' };
  const options: RunOptions = {
    mode: 'pre', timeoutMs: 1000, deadlineMs: 60000, concurrency: 4, sudo: 'none', reserved: [],
    ssh: {
      identityFiles: [f.keyFile], identityExplicit: true, knownHostsFiles: [f.knownHosts], knownHostsExplicit: true,
      hostKeyCheck: 'strict', hostKeyCheckExplicit: true, connectTimeoutMs: 5000, connectTimeoutExplicit: true,
    },
  };
  const started = Date.now();
  const host = await connectHost(spec, options, undefined, new AbortController().signal);
  t.teardown(() => host.session?.close());
  return { host, ms: Date.now() - started };
}

test('a stalled agent upload after a good login is a path-MTU suspicion on that host, found before the agent\'s own wait runs out', async (t) => {
  const { host, ms } = await connectThroughRelay(t);
  t.truthy(host.session, 'the login worked');
  t.is(host.agent, undefined);
  t.is(host.agentError?.kind, 'ssh-stall');
  t.is(host.agentError?.message, 'SSH to b2 logs in but stalls on full-size packets: a path-MTU black hole between this machine and b2?');
  // The agent's own wait for "ready" is 15 s here; the watch names the stall before it.
  t.true(ms < 15000, `took ${ms} ms`);
});

test('a host that reads its connection late (a loaded host) is waited for and its agent starts: no stall is claimed', async (t) => {
  // The watch asks at 4 s; the answer comes after the 6 s hold, later than a short check would wait.
  const { host } = await connectThroughRelay(t, 6000);
  t.is(host.agentError, undefined, host.agentError?.message);
  t.truthy(host.agent, 'the agent started');
  await host.agent?.stop();
});
