// Values of ssh_config keywords: ports, jump host lists, host key policies and `%` tokens, each bad value
// a usage error naming the file and line.

import { PreflightError } from '../errors.js';
import type { HostKeyCheckMode } from './known-hosts.js';

export interface JumpHost { user?: string; host: string; port?: number }

/** Replace `%x` tokens; an unknown token is an error naming the line, as in OpenSSH. */
export function expandTokens(value: string, tokens: Record<string, string>, where: string): string {
  return value.replace(/%(.)/g, (_whole, ch: string) => {
    if (ch === '%') return '%';
    const v = tokens[ch];
    if (v === undefined) throw new PreflightError('usage', `${where}: unknown token %${ch} in "${value}"`);
    return v;
  });
}

export function parsePort(value: string, where: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new PreflightError('usage', `${where}: bad port "${value}"`);
  return port;
}

/** yes/no as OpenSSH spells them (true/false too). */
export function parseFlag(value: string, keyword: string, where: string): boolean {
  const v = value.toLowerCase();
  if (v === 'yes' || v === 'true') return true;
  if (v === 'no' || v === 'false') return false;
  throw new PreflightError('usage', `${where}: ${keyword} must be yes or no, got "${value}"`);
}

/** Parse a ProxyJump value: comma-separated `[user@]host[:port]` or `ssh://[user@]host[:port]`; `none` is []. */
export function parseProxyJump(value: string, where = 'ProxyJump'): JumpHost[] {
  if (value.toLowerCase() === 'none') return [];
  return value.split(',').map((raw) => {
    let spec = raw.trim();
    if (spec.startsWith('ssh://')) spec = spec.slice('ssh://'.length).replace(/\/$/, '');
    const at = spec.lastIndexOf('@');
    const user = at >= 0 ? spec.slice(0, at) : undefined;
    let hostPort = at >= 0 ? spec.slice(at + 1) : spec;
    let port: number | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
    if (bracketed) {
      hostPort = bracketed[1]!;
      if (bracketed[2] !== undefined) port = parsePort(bracketed[2], where);
    } else {
      const colon = hostPort.lastIndexOf(':');
      if (colon >= 0 && hostPort.indexOf(':') === colon) {
        port = parsePort(hostPort.slice(colon + 1), where);
        hostPort = hostPort.slice(0, colon);
      }
    }
    if (!hostPort || user === '' || /\s/.test(hostPort)) throw new PreflightError('usage', `${where}: bad jump host "${raw}"`);
    return { ...(user !== undefined ? { user } : {}), host: hostPort, ...(port !== undefined ? { port } : {}) };
  });
}

export function parseStrict(value: string, where: string): HostKeyCheckMode {
  switch (value.toLowerCase()) {
    case 'yes':
    case 'true':
    case 'ask': // nobody to ask in a preflight: as strict as yes
      return 'strict';
    case 'accept-new':
      return 'accept-new';
    case 'no':
    case 'false':
    case 'off':
      return 'off';
    default:
      throw new PreflightError('usage', `${where}: StrictHostKeyChecking must be yes, accept-new or no, got "${value}"`);
  }
}

/** ConnectTimeout in seconds. */
export function parseSeconds(value: string, keyword: string, where: string): number {
  const seconds = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(seconds > 0)) throw new PreflightError('usage', `${where}: bad ${keyword} "${value}"`);
  return seconds;
}
