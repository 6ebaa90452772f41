// One hop of an SSH connection: TCP (or a tunnel stream, or a ProxyCommand), key exchange with the host key checked before
// anything else, then authentication. Resolves with a ready ssh2 Client; every failure is a PreflightError
// ('host-key', 'auth', 'unreachable', 'timeout') with the ssh2/socket error as cause, and leaves no socket.

import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client, ConnectConfig } from 'ssh2';
import { onAbort, stoppedError } from '../abort.js';
import { PreflightError } from '../errors.js';
import { createAuthHandler } from './auth.js';
import { connectError, type Ssh2Error } from './connect-error.js';
import { prepareHostKeyCheck } from './host-key-check.js';
import type { ProxyCommand } from './proxy-command.js';
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

/** How long a failed ProxyCommand gets to report its exit status and last words before the error is written. */
const PROXY_SETTLE_MS = 500;

/**
 * Connect one hop. `sock` is the transport when the hop is reached through another (a jump host's
 * direct-tcpip channel); `proxy` a started ProxyCommand whose stream is the transport.
 */
export async function connectClient(target: SshTarget, options: SshOptions, sock?: Duplex, proxy?: ProxyCommand, signal?: AbortSignal): Promise<ConnectedClient> {
  const where = hostPort(target);
  if (signal?.aborted) {
    sock?.destroy();
    throw stoppedError(signal, `not connected to ${where}`);
  }
  if (proxy) sock = proxy.stream;
  // A connection on its own reads the files itself; the connections of one run share what they read.
  const files = options.readOnce ?? new ReadOnce();
  let check: Awaited<ReturnType<typeof prepareHostKeyCheck>>;
  let auth: ReturnType<typeof createAuthHandler>;
  try {
    check = await prepareHostKeyCheck(target.host, target.port, options.knownHostsFiles, options.hostKeyCheck, files, {
      ...(options.globalKnownHostsFiles ? { globalKnownHostsFiles: options.globalKnownHostsFiles } : {}),
      ...(options.hostKeyAlias ? { hostKeyAlias: options.hostKeyAlias } : {}),
      ...(options.hashKnownHosts ? { hashKnownHosts: true } : {}),
    });
    auth = createAuthHandler(await files.loadCredentials(target.user, options.identityFiles, options.agentSocket, options.identityFilesExplicit, options.identitiesOnly));
  } catch (err) {
    sock?.destroy();
    throw err;
  }
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
    // How far the connection got, to say where it stalled when the run stops it.
    let tcpUp = sock !== undefined;
    let handshaken = false;
    client.once('connect', () => { tcpUp = true; });
    client.once('handshake', () => { handshaken = true; });
    let undoAbort = () => {};
    const fail = (err: PreflightError) => {
      if (settled) return;
      settled = true;
      undoAbort();
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
      if (proxy) return proxyError(proxy, err, where, options.connectTimeoutMs);
      if (err?.level === 'client-timeout') {
        return new PreflightError('timeout', `${stalledAt(where, tcpUp, handshaken, auth.started, false)} within ${options.connectTimeoutMs} ms`, {
          cause: err, hint: stalledHint(tcpUp, handshaken) ?? 'the login did not finish in time: raise --connect-timeout for slow links',
        });
      }
      if (!err) return new PreflightError('unreachable', `${where} closed the connection before ssh was ready`);
      return connectError(err, where, options.connectTimeoutMs);
    };
    const failed = (err: Ssh2Error | undefined) => {
      if (settled) return;
      // A ProxyCommand that ended the stream has usually exited too: wait for its status and stderr.
      if (proxy && err?.level !== 'client-timeout' && !check.refusal) {
        settled = true;
        void proxy.settled(PROXY_SETTLE_MS).then(() => {
          settled = false;
          fail(classify(err));
        });
        return;
      }
      fail(classify(err));
    };
    client.on('error', (err: Ssh2Error) => {
      if (settled) return;
      // ssh2 reports these and goes on with the next credential.
      if (err.level === 'agent') return auth.note(`ssh-agent: ${err.message}`);
      if (err.level === 'client-authentication' && !auth.exhausted) return auth.note(err.message);
      failed(err);
    });
    client.on('close', () => failed(undefined));
    undoAbort = onAbort(signal, () => {
      // Even while a failed ProxyCommand is being waited for: the run does not wait.
      settled = false;
      proxy?.kill();
      fail(stoppedError(signal as AbortSignal, stalledAt(where, tcpUp, handshaken, auth.started, proxy !== undefined), stalledHint(tcpUp, handshaken)));
    });
    if (settled) return;
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      undoAbort();
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

/** Where a connection stopped by the run's deadline or Ctrl-C had got to. */
function stalledAt(where: string, tcpUp: boolean, handshaken: boolean, authStarted: boolean, proxied: boolean): string {
  if (!tcpUp) return `no TCP answer from ${where} (the connection was never accepted)`;
  if (!handshaken) return `${where} ${proxied ? 'was reached through the proxy' : 'accepted the TCP connection'} but sshd there sent no SSH handshake`;
  if (authStarted) return `ssh to ${where}: the host key was checked but the login did not finish`;
  return `ssh to ${where}: the key exchange finished but the login never started`;
}

function stalledHint(tcpUp: boolean, handshaken: boolean): string | undefined {
  if (!tcpUp) return 'something between here and the host drops the packets to sshd, or the host is down: try ssh -v HOST';
  if (!handshaken) return 'sshd on the host is stopped, hung or overloaded (MaxStartups): check it from the console';
  return undefined;
}

/** Why a connection through a ProxyCommand failed before ssh was ready: the command's own words first. */
function proxyError(proxy: ProxyCommand, err: Ssh2Error | undefined, where: string, timeoutMs: number): PreflightError {
  const said = proxy.stderrText.trim().split('\n').slice(-5).join(' | ');
  // A command that already ended (or never started) says why, whatever ssh2 noticed first.
  const exited = proxy.failure(where);
  if (exited) return new PreflightError(exited.kind, exited.message, { cause: err, ...(exited.hint ? { hint: exited.hint } : {}) });
  if (err?.level === 'client-timeout') {
    return new PreflightError('timeout', `no ssh handshake from ${where} through ProxyCommand within ${timeoutMs} ms${said ? `; the command said: ${said}` : ''}; the command was stopped`, {
      cause: err,
      hint: `run the ProxyCommand yourself (${proxy.command}): it should print an SSH banner at once`,
    });
  }
  return new PreflightError('unreachable', `ssh to ${where} through ProxyCommand failed: ${err?.message ?? 'the command closed its output'}${said ? `; the command said: ${said}` : ''}`, {
    cause: err,
    hint: `run the ProxyCommand yourself (${proxy.command}): it should print an SSH banner at once`,
  });
}
