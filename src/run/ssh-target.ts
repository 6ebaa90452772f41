// Where and how to SSH to one host, and where each value came from: command-line flags first (except
// -u and -p, which are defaults: an inventory user wins over -u, and -p applies where neither the
// inventory nor ssh_config sets a port), then the inventory, then ssh_config, then OpenSSH's defaults.
// Pure: the ssh_config is already read; nothing is connected.

import { userInfo } from 'node:os';
import path from 'node:path';
import { PreflightError } from '../errors.js';
import type { HostSpec } from '../model.js';
import { type JumpHost, parseProxyJump } from '../ssh/config-values.js';
import { defaultIdentityFiles, displayPath, homeDir } from '../ssh/paths.js';
import { expandProxyCommand, type Preset, type ResolvedSshHost } from '../ssh/ssh-config.js';
import type { JumpTarget, SshOptions, SshTarget } from '../ssh/session.js';
import type { Warn } from '../ssh/warnings.js';
import type { RunOptions } from './options.js';

export type SshConfigLookup = (alias: string, preset?: Preset) => ResolvedSshHost;

/** Where a value came from: `where` is a flag name, an inventory `file:line`, or an ssh_config `file:line`. */
export interface Origin { from: 'flag' | 'inventory' | 'ssh_config' | 'default'; where?: string }

export type PlanField = 'host' | 'user' | 'port' | 'identityFiles' | 'agent' | 'via' | 'knownHostsFiles' | 'hostKeyCheck' | 'connectTimeout';

/** How one host will be reached, for a --list-hosts printer: values and their origins. */
export interface ConnectionPlan {
  id: string;
  /** `user@host:port` (IPv6 in brackets). */
  destination: string;
  /** The key files that will be tried, in order (OpenSSH's defaults when none is configured). */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** The ssh-agent socket, if one is used. */
  agent?: string;
  via: { kind: 'direct' } | { kind: 'jump'; hops: string[] } | { kind: 'command'; command: string };
  knownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  hostKeyAlias?: string;
  hostKeyCheck: SshOptions['hostKeyCheck'];
  connectTimeoutMs: number;
  origins: Record<PlanField, Origin>;
}

export interface ResolvedTarget { target: SshTarget; ssh: SshOptions; plan: ConnectionPlan }

/** What the local machine contributes; the process's own values by default. */
export interface LocalSide { user?: string; home?: string; warn?: Warn }

/** OpenSSH's default GlobalKnownHostsFile. */
export const DEFAULT_GLOBAL_KNOWN_HOSTS = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

export function originText(origin: Origin): string {
  if (origin.from === 'ssh_config') return `ssh_config ${origin.where ?? ''}`.trim();
  if (origin.from === 'inventory') return origin.where ? `inventory ${origin.where}` : 'inventory';
  if (origin.from === 'flag') return origin.where ?? 'flag';
  return 'default';
}

export function resolveTarget(spec: HostSpec, options: RunOptions, config: SshConfigLookup | undefined, local: LocalSide = {}): ResolvedTarget {
  const flags = options.ssh;
  const localUser = local.user ?? userInfo().username;
  const home = local.home ?? homeDir();
  const inv = (field: keyof NonNullable<HostSpec['origins']>): Origin => ({ from: 'inventory', ...(spec.origins?.[field] ? { where: spec.origins[field] } : {}) });
  const cfgAt = (where: string | undefined): Origin => ({ from: 'ssh_config', ...(where ? { where } : {}) });
  const flag = (name: string): Origin => ({ from: 'flag', where: name });
  const dflt: Origin = { from: 'default' };

  // Values obtained before ssh_config (as ssh's own command line): they win there, and %r, %p and Match user see them.
  const presetUser = spec.user ?? flags.user;
  const preset: Preset = { ...(presetUser !== undefined ? { user: presetUser } : {}), ...(spec.port !== undefined ? { port: spec.port } : {}) };
  const cfg = config?.(spec.address, preset);

  const host = cfg?.hostName ?? spec.address;
  const user = spec.user ?? flags.user ?? cfg?.user ?? localUser;
  const port = spec.port ?? cfg?.port ?? flags.defaultPort ?? 22;
  const origins: Record<PlanField, Origin> = {
    host: cfg?.sources.hostName ? cfgAt(cfg.sources.hostName) : inv('address'),
    user: spec.user !== undefined ? inv('user') : flags.user !== undefined ? flag('--user') : cfg?.user !== undefined ? cfgAt(cfg.sources.user) : dflt,
    port: spec.port !== undefined ? inv('port') : cfg?.port !== undefined ? cfgAt(cfg.sources.port) : flags.defaultPort !== undefined ? flag('--port') : dflt,
    identityFiles: dflt, agent: dflt, via: dflt, knownHostsFiles: dflt, hostKeyCheck: dflt, connectTimeout: dflt,
  };
  const target: SshTarget = { id: spec.id, host, port, user };

  let identityFiles: string[] = [];
  if (flags.identityExplicit) [identityFiles, origins.identityFiles] = [flags.identityFiles, flag('--identity')];
  else if (spec.identityFiles?.length) [identityFiles, origins.identityFiles] = [spec.identityFiles, inv('identityFiles')];
  else if (cfg?.identityFiles.length) [identityFiles, origins.identityFiles] = [cfg.identityFiles, cfgAt(cfg.sources.identityFiles)];

  let agentSocket = flags.agentSocket;
  if (cfg?.identityAgent !== undefined) {
    agentSocket = cfg.identityAgent === 'none' ? undefined : cfg.identityAgent;
    origins.agent = cfgAt(cfg.sources.identityAgent);
  }

  let knownHostsFiles = flags.knownHostsFiles;
  if (flags.knownHostsExplicit) origins.knownHostsFiles = flag('--known-hosts');
  else if (cfg?.knownHostsFiles.length) [knownHostsFiles, origins.knownHostsFiles] = [cfg.knownHostsFiles, cfgAt(cfg.sources.knownHostsFiles)];
  const globalKnownHostsFiles = cfg?.globalKnownHostsFiles ?? DEFAULT_GLOBAL_KNOWN_HOSTS;

  let hostKeyCheck = flags.hostKeyCheck;
  if (flags.hostKeyCheckExplicit) origins.hostKeyCheck = flag('--host-key-check');
  else if (cfg?.strictHostKeyChecking) [hostKeyCheck, origins.hostKeyCheck] = [cfg.strictHostKeyChecking, cfgAt(cfg.sources.strictHostKeyChecking)];

  let connectTimeoutMs = flags.connectTimeoutMs;
  if (flags.connectTimeoutExplicit) origins.connectTimeout = flag('--connect-timeout');
  else if (cfg?.connectTimeout !== undefined) [connectTimeoutMs, origins.connectTimeout] = [cfg.connectTimeout * 1000, cfgAt(cfg.sources.connectTimeout)];

  const ssh: SshOptions = {
    // An empty list lets the session try OpenSSH's default key files.
    identityFiles,
    ...(agentSocket ? { agentSocket } : {}),
    knownHostsFiles,
    globalKnownHostsFiles,
    ...(cfg?.hostKeyAlias ? { hostKeyAlias: cfg.hostKeyAlias } : {}),
    ...(cfg?.identitiesOnly ? { identitiesOnly: true } : {}),
    ...(cfg?.hashKnownHosts ? { hashKnownHosts: true } : {}),
    hostKeyCheck,
    connectTimeoutMs,
  };

  // How the host is reached: --jump, else the inventory's jump or command, else ssh_config's (whichever it obtained first).
  const via = chooseVia(spec, flags.jump, cfg);
  origins.via = via.origin.from === 'inventory' ? inv(via.origin.where as 'proxyJump' | 'proxyCommand') : via.origin;
  let planVia: ConnectionPlan['via'] = { kind: 'direct' };
  if (via.command !== undefined) {
    ssh.proxyCommand = expandProxyCommand(via.command, { host, port, user, alias: spec.address }, via.origin.from === 'ssh_config' ? via.origin.where : `${spec.id}: ProxyCommand`);
    planVia = { kind: 'command', command: ssh.proxyCommand };
  } else if (via.jumps.length > 0) {
    ssh.proxyJump = via.jumps.map((j, i) => {
      const hop = jumpTarget(j, config, localUser, local.warn);
      if (i === 0 || hop.proxyCommand === undefined) return hop;
      local.warn?.(`the jump host ${j.host} has a ProxyCommand, which is used only for the first jump host; it is reached through the one before it`);
      const { proxyCommand: _unused, ...rest } = hop;
      return rest;
    });
    planVia = { kind: 'jump', hops: ssh.proxyJump.map((j) => `${j.user}@${hostPort(j.host, j.port)}`) };
  }

  const plan: ConnectionPlan = {
    id: spec.id,
    destination: `${user}@${hostPort(host, port)}`,
    identityFiles: (identityFiles.length ? identityFiles : defaultIdentityFiles(home)).map((f) => displayPath(path.resolve(f), home)),
    identitiesOnly: ssh.identitiesOnly === true,
    ...(agentSocket ? { agent: agentSocket } : {}),
    via: planVia,
    knownHostsFiles: knownHostsFiles.map((f) => displayPath(f, home)),
    globalKnownHostsFiles,
    ...(ssh.hostKeyAlias ? { hostKeyAlias: ssh.hostKeyAlias } : {}),
    hostKeyCheck,
    connectTimeoutMs,
    origins,
  };
  return { target, ssh, plan };
}

interface Via { jumps: JumpHost[]; command?: string; origin: Origin }

function chooseVia(spec: HostSpec, jumpFlag: string | undefined, cfg: ResolvedSshHost | undefined): Via {
  if (jumpFlag !== undefined) return { jumps: parseProxyJump(jumpFlag, '--jump'), origin: { from: 'flag', where: '--jump' } };
  if (spec.proxyJump !== undefined && spec.proxyCommand !== undefined) {
    throw new PreflightError('inventory', `host ${spec.id}${spec.source ? ` (${spec.source})` : ''} sets both a ProxyJump and a ProxyCommand; ssh takes only one of them`);
  }
  if (spec.proxyJump !== undefined) return { jumps: parseProxyJump(spec.proxyJump, `${spec.id}: ProxyJump`), origin: { from: 'inventory', where: 'proxyJump' } };
  if (spec.proxyCommand !== undefined) {
    const none = spec.proxyCommand.trim().toLowerCase() === 'none';
    return { jumps: [], ...(none ? {} : { command: spec.proxyCommand }), origin: { from: 'inventory', where: 'proxyCommand' } };
  }
  if (cfg?.proxyCommand !== undefined) return { jumps: [], command: cfg.proxyCommand, origin: { from: 'ssh_config', ...(cfg.sources.proxyCommand ? { where: cfg.sources.proxyCommand } : {}) } };
  if (cfg?.proxyJump.length) return { jumps: cfg.proxyJump, origin: { from: 'ssh_config', ...(cfg.sources.proxyJump ? { where: cfg.sources.proxyJump } : {}) } };
  return { jumps: [], origin: { from: 'default' } };
}

/** A jump host as ssh reaches it: its own ssh_config entry for HostName, User, Port, key files and alias. */
function jumpTarget(jump: JumpHost, config: SshConfigLookup | undefined, localUser: string, warn: Warn | undefined): JumpTarget {
  const preset: Preset = { ...(jump.user !== undefined ? { user: jump.user } : {}), ...(jump.port !== undefined ? { port: jump.port } : {}) };
  const cfg = config?.(jump.host, preset);
  const host = cfg?.hostName ?? jump.host;
  const port = jump.port ?? cfg?.port ?? 22;
  const user = jump.user ?? cfg?.user ?? localUser;
  if (cfg?.proxyJump.length) warn?.(`${cfg.sources.proxyJump}: the jump host ${jump.host} has its own ProxyJump, which is not followed; it is connected to directly`);
  return {
    id: jump.host,
    host,
    port,
    user,
    ...(cfg?.identityFiles.length ? { identityFiles: cfg.identityFiles } : {}),
    ...(cfg?.hostKeyAlias ? { hostKeyAlias: cfg.hostKeyAlias } : {}),
    ...(cfg?.proxyCommand !== undefined ? { proxyCommand: expandProxyCommand(cfg.proxyCommand, { host, port, user, alias: jump.host }, cfg.sources.proxyCommand) } : {}),
  };
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
