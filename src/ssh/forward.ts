// direct-tcpip channels: ask the remote sshd to open a TCP connection (used by SshSession.forwardOut for
// reachability probes and by ProxyJump to carry the next hop), and name the ways that can fail.

import type { Client, ClientChannel } from 'ssh2';
import { PreflightError } from '../errors.js';
import type { Ssh2Error } from './connect-error.js';

/**
 * Open a direct-tcpip channel to host:port from the remote side. Rejects with a 'timeout' PreflightError
 * when sshd does not answer within timeoutMs (a channel that opens later is closed at once), or with
 * ssh2's error (a channel open failure carries `reason` and the server's text).
 */
export function openDirect(client: Client, host: string, port: number, timeoutMs: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new PreflightError('timeout', `no answer opening a tunnel to ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    try {
      client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => {
        clearTimeout(timer);
        if (settled) {
          if (stream) {
            stream.on('error', () => undefined);
            stream.close();
          }
          return;
        }
        settled = true;
        if (err) reject(err);
        else resolve(stream);
      });
    } catch (err) {
      clearTimeout(timer);
      settled = true;
      reject(err);
    }
  });
}

/** SSH_OPEN_ADMINISTRATIVELY_PROHIBITED (RFC 4254): sshd does not allow TCP forwarding. */
const ADMINISTRATIVELY_PROHIBITED = 1;

/** Name a refused direct-tcpip open: the server's text is the connect(2) error on its side. */
export function classifyOpenFailure(err: Ssh2Error & { reason?: number | string }): string {
  const text = err.message.replace(/^\(SSH\) Channel open failure:\s*/, '').trim();
  if (/refused/i.test(text)) return 'refused';
  if (/timed out/i.test(text)) return 'timeout';
  if (/no route|unreachable/i.test(text)) return 'unreachable';
  if (err.reason === ADMINISTRATIVELY_PROHIBITED || /prohibited/i.test(text)) return 'prohibited';
  return text || 'failed';
}
