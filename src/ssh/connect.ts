// One hop of an SSH connection: TCP (or a tunnel stream), key exchange with the host key checked before
// anything else, then authentication. Resolves with a ready ssh2 Client; every failure is a PreflightError
// ('host-key', 'auth', 'unreachable', 'timeout') with the ssh2/socket error as cause, and leaves no socket.

import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client, ConnectConfig } from 'ssh2';
import { PreflightError } from '../errors.js';
import { createAuthHandler } from './auth.js';
import { connectError, type Ssh2Error } from './connect-error.js';
import { prepareHostKeyCheck } from './host-key-check.js';
import { ReadOnce } from './read-once.js';
import type { SshOptions, SshTarget } from './session.js';

const DEFAULT_KEEPALIVE_MS = 15_000;

export interface ConnectedClient {
  client: Client;
  hostKeyFingerprint: string;
  warnings: string[];
}

/** `host:port`, IPv6 in brackets, for messages. */
export function hostPort(t: { host: string; port: number }): string {
  return `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}

export async function connectClient(target: SshTarget, options: SshOptions, sock?: Duplex): Promise<ConnectedClient> {
  const where = hostPort(target);
  // A connection on its own reads the files itself; the connections of one run share what they read.
  const files = options.readOnce ?? new ReadOnce();
  const check = await prepareHostKeyCheck(target.host, target.port, options.knownHostsFiles, options.hostKeyCheck, files);
  const auth = createAuthHandler(await files.loadCredentials(target.user, options.identityFiles, options.agentSocket, options.identityFilesExplicit));
  const client = new ssh2.Client();
  const config: ConnectConfig = {
    host: target.host,
    port: target.port,
    username: target.user,
    readyTimeout: options.connectTimeoutMs,
    keepaliveInterval: options.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_MS,
    keepaliveCountMax: 3,
    hostVerifier: check.verifier,
    authHandler: auth.handler,
    ...(sock ? { sock } : {}),
    ...(check.serverHostKeyAlgorithms ? { algorithms: { serverHostKey: check.serverHostKeyAlgorithms as never } } : {}),
  };
  return new Promise<ConnectedClient>((resolve, reject) => {
    let settled = false;
    const fail = (err: PreflightError) => {
      if (settled) return;
      settled = true;
      client.destroy();
      sock?.destroy();
      reject(err);
    };
    const classify = (err: Ssh2Error | undefined): PreflightError => {
      if (check.refusal) return new PreflightError('host-key', check.refusal.message, { cause: err, hint: check.refusal.hint });
      // Once authentication began, the handshake is done: a disconnect now is the server giving up on us.
      if (auth.exhausted || (auth.started && err?.level !== 'client-socket' && err?.level !== 'client-timeout')) {
        if (err && !auth.exhausted) auth.note(`server said: ${err.message}`);
        return auth.failure(target.user, target.host, err);
      }
      if (!err) return new PreflightError('unreachable', `${where} closed the connection before ssh was ready`);
      return connectError(err, where, options.connectTimeoutMs);
    };
    client.on('error', (err: Ssh2Error) => {
      if (settled) return;
      // ssh2 reports these and goes on with the next credential.
      if (err.level === 'agent') return auth.note(`ssh-agent: ${err.message}`);
      if (err.level === 'client-authentication' && !auth.exhausted) return auth.note(err.message);
      fail(classify(err));
    });
    client.on('close', () => fail(classify(undefined)));
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      client.removeAllListeners('error').removeAllListeners('close');
      resolve({ client, hostKeyFingerprint: check.fingerprint ?? 'unknown', warnings: check.warnings });
    });
    try {
      client.connect(config);
    } catch (err) {
      fail(new PreflightError('usage', `cannot connect to ${where}: ${(err as Error).message}`, { cause: err }));
    }
  });
}
