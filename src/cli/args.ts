// Command-line flags -> validated run options. Bad values are usage errors (exit 2) that say what to fix.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PreflightError } from '../errors.js';
import type { Mode } from '../model.js';
import type { RunOptions } from '../run/options.js';
import { parseCidr } from '../facts/cidr.js';
import { parseProxyJump } from '../ssh/config-values.js';

export interface CheckArgs {
  inventory?: string[];
  hosts?: string;
  limit?: string;
  managersGroup?: string[];
  workersGroup?: string[];
  sshConfig?: string;
  jump?: string;
  port?: number;
  user?: string;
  identity?: string[];
  knownHosts?: string[];
  hostKeyCheck?: string;
  sudo?: boolean;
  connectTimeout?: number;
  mode: string;
  dataPathPort?: number;
  esp?: boolean;
  timeout: number;
  deadline: number;
  concurrency: number;
  reserved?: string[];
  canary?: boolean;
  canaryImage?: string;
  canarySubnet?: string;
}

function usage(message: string): PreflightError {
  return new PreflightError('usage', message);
}

function seconds(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) throw usage(`--${name} must be a number of seconds from ${min} to ${max} (got ${value})`);
  return Math.round(value * 1000);
}

export function toRunOptions(args: CheckArgs, env: NodeJS.ProcessEnv = process.env): RunOptions {
  const mode = args.mode as Mode;
  if (!['auto', 'pre', 'live'].includes(mode)) throw usage(`--mode must be auto, pre or live (got ${args.mode})`);
  const hostKeyCheck = (args.hostKeyCheck ?? 'strict') as RunOptions['ssh']['hostKeyCheck'];
  if (!['strict', 'accept-new', 'off'].includes(hostKeyCheck)) throw usage(`--host-key-check must be strict, accept-new or off (got ${args.hostKeyCheck})`);
  if (args.dataPathPort !== undefined && (!Number.isInteger(args.dataPathPort) || args.dataPathPort < 1 || args.dataPathPort > 65535)) {
    throw usage(`--data-path-port must be a port number from 1 to 65535 (got ${args.dataPathPort})`);
  }
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1 || args.concurrency > 1000) {
    throw usage(`--concurrency must be a whole number from 1 to 1000 (got ${args.concurrency})`);
  }
  if (args.user !== undefined && !/^[a-z_][a-z0-9_.-]{0,31}$/i.test(args.user)) throw usage(`--user ${JSON.stringify(args.user)} is not a valid login name`);
  const timeoutMs = seconds('timeout', args.timeout, 0.2, 60);
  const deadlineMs = seconds('deadline', args.deadline, 1, 3600);
  if (deadlineMs <= timeoutMs) throw usage('--deadline must be longer than --timeout');
  const reserved = (args.reserved ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  for (const range of reserved) {
    try {
      parseCidr(range);
    } catch {
      throw usage(`--reserved ${JSON.stringify(range)} is not an IPv4 range; give it as a.b.c.d/n`);
    }
  }
  if (args.canary && !args.canaryImage) throw usage('--canary needs --canary-image IMAGE, an image with sh and ping that is already on every node (the tool pulls nothing)');
  if (args.canaryImage !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}$/.test(args.canaryImage)) throw usage(`--canary-image ${JSON.stringify(args.canaryImage)} is not an image reference`);
  if (args.canarySubnet !== undefined) {
    try {
      parseCidr(args.canarySubnet);
    } catch {
      throw usage(`--canary-subnet ${JSON.stringify(args.canarySubnet)} is not an IPv4 range; give it as a.b.c.d/n`);
    }
  }
  if (args.port !== undefined && (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535)) throw usage(`--port must be a port number from 1 to 65535 (got ${args.port})`);
  if (args.jump !== undefined) parseProxyJump(args.jump, '--jump'); // a bad hop is a usage error now, not per host later
  const identities = args.identity ?? [];
  const knownHosts = args.knownHosts ?? [];
  return {
    mode,
    ...(args.dataPathPort !== undefined ? { dataPathPort: args.dataPathPort } : {}),
    ...(args.esp !== undefined ? { esp: args.esp } : {}),
    timeoutMs,
    deadlineMs,
    concurrency: args.concurrency,
    sudo: args.sudo ? 'sudo-n' : 'none',
    reserved,
    ...(args.canary && args.canaryImage ? { canary: { image: args.canaryImage, ...(args.canarySubnet ? { subnet: args.canarySubnet } : {}) } } : {}),
    ssh: {
      ...(args.user ? { user: args.user } : {}),
      identityFiles: identities,
      identityExplicit: identities.length > 0,
      ...(env.SSH_AUTH_SOCK ? { agentSocket: env.SSH_AUTH_SOCK } : {}),
      knownHostsFiles: knownHosts.length ? knownHosts : [join(homedir(), '.ssh', 'known_hosts')],
      knownHostsExplicit: knownHosts.length > 0,
      hostKeyCheck,
      hostKeyCheckExplicit: args.hostKeyCheck !== undefined,
      ...(args.sshConfig ? { configFile: args.sshConfig } : {}),
      ...(args.port !== undefined ? { defaultPort: args.port } : {}),
      ...(args.jump !== undefined ? { jump: args.jump } : {}),
      connectTimeoutMs: seconds('connect-timeout', args.connectTimeout ?? 10, 0.5, 300),
      connectTimeoutExplicit: args.connectTimeout !== undefined,
    },
  };
}
