// Map the errors ssh2 and the socket raise while connecting to PreflightError kinds. The original error
// is always kept as `cause`.

import { PreflightError } from '../errors.js';

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTDOWN',
  'ECONNRESET',
  'EADDRNOTAVAIL',
  'EPIPE',
]);

const CODE_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'name not found',
  EAI_AGAIN: 'name lookup failed',
  EHOSTDOWN: 'host is down',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
};

export type Ssh2Error = Error & { level?: string; code?: string | number };

/** The error for a failed connection to `where` (`host:port`) that is neither a host key nor an auth refusal. */
export function connectError(err: Ssh2Error, where: string, timeoutMs: number): PreflightError {
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (err.level === 'client-timeout') {
    return new PreflightError('timeout', `ssh to ${where} timed out after ${timeoutMs} ms (no ssh handshake)`, {
      cause: err,
      hint: 'check that sshd listens on that port and no firewall drops the packets, or raise --connect-timeout',
    });
  }
  if (code === 'ETIMEDOUT') {
    return new PreflightError('timeout', `cannot reach ${where}: connection timed out (ETIMEDOUT)`, { cause: err });
  }
  if (code && UNREACHABLE_CODES.has(code)) {
    return new PreflightError('unreachable', `cannot reach ${where}: ${CODE_TEXT[code] ?? err.message} (${code})`, {
      cause: err,
      hint: code === 'ECONNREFUSED' ? 'nothing listens on that port: check sshd and the --port' : 'check the address and the network path',
    });
  }
  return new PreflightError('unreachable', `ssh to ${where} failed: ${err.message}`, { cause: err });
}
