// Per-test setup for the session tests: a server with a fresh host key, a client key file it accepts,
// and a known_hosts file that knows the server (or not), all removed when the test ends.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import type { SshOptions, SshTarget } from '../../../src/ssh/session.js';
import { makeKey, startServer, tempDir, type KeyPair, type TestServer } from './ssh-server.js';

export interface Fixture {
  server: TestServer;
  hostKey: KeyPair;
  clientKey: KeyPair;
  dir: string;
  keyFile: string;
  knownHosts: string;
  target: SshTarget;
  options: SshOptions;
}

export async function fixture(
  t: ExecutionContext,
  opts: { hostKeys?: KeyPair[]; knownHostsText?: (f: { port: number; hostKey: KeyPair }) => string; shellPath?: string } = {},
): Promise<Fixture> {
  const hostKey = opts.hostKeys?.[0] ?? makeKey();
  const clientKey = makeKey();
  const server = await startServer({ hostKeys: opts.hostKeys ?? [hostKey], authorized: [clientKey], ...(opts.shellPath === undefined ? {} : { shellPath: opts.shellPath }) });
  const { dir, cleanup } = await tempDir();
  t.teardown(async () => {
    await server.close();
    await cleanup();
  });
  const keyFile = path.join(dir, 'id_test');
  await writeFile(keyFile, clientKey.private, { mode: 0o600 });
  const knownHosts = path.join(dir, 'known_hosts');
  const text = opts.knownHostsText
    ? opts.knownHostsText({ port: server.port, hostKey })
    : `[127.0.0.1]:${server.port} ${hostKey.type} ${hostKey.blob.toString('base64')}\n`;
  await writeFile(knownHosts, text);
  return {
    server,
    hostKey,
    clientKey,
    dir,
    keyFile,
    knownHosts,
    target: { id: 'node1', host: '127.0.0.1', port: server.port, user: 'root' },
    options: { identityFiles: [keyFile], knownHostsFiles: [knownHosts], hostKeyCheck: 'strict', connectTimeoutMs: 3000, keepaliveIntervalMs: 1000 },
  };
}
