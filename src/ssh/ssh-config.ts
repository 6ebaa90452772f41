// ssh_config (`-F FILE`): parse into Host blocks and resolve the settings for one alias the way OpenSSH
// does: blocks are read top to bottom and, for each keyword, the first value obtained wins
// (IdentityFile accumulates). Only the keywords the preflight needs are resolved; others are ignored.

import os from 'node:os';
import { readFile } from 'node:fs/promises';
import { PreflightError } from '../errors.js';
import { expandTilde, homeDir } from './paths.js';
import { matchPatternList, type HostKeyCheckMode } from './known-hosts.js';

export interface SshConfigOption {
  /** Keyword, lower-cased (keywords are case-insensitive). */
  keyword: string;
  args: string[];
  /** `file:line`, for error messages. */
  where: string;
}

export interface SshConfigBlock {
  /** `global` for lines before the first Host/Match; `match` blocks are skipped when resolving. */
  kind: 'global' | 'host' | 'match';
  patterns: string[];
  options: SshConfigOption[];
}

export interface SshConfig {
  file?: string;
  blocks: SshConfigBlock[];
  /** Things parsed but deliberately not honoured (Include), for the CLI to show. */
  warnings: string[];
}

export interface JumpHost { user?: string; host: string; port?: number }

export type { HostKeyCheckMode };

export interface ResolvedSshHost {
  hostName: string;
  user?: string;
  port?: number;
  /** The configured IdentityFile values, in order; [] when none is configured (the caller applies defaults). */
  identityFiles: string[];
  /** The configured UserKnownHostsFile values; [] when unset (the caller applies defaults); `none` gives ['/dev/null']. */
  knownHostsFiles: string[];
  /** [] when unset or `none`. */
  proxyJump: JumpHost[];
  /** ConnectTimeout in seconds, as written in ssh_config. */
  connectTimeout?: number;
  strictHostKeyChecking?: HostKeyCheckMode;
}

/** What the local side contributes to tokens: `%d`, `%u`, `%l`, `%i`. Defaults come from the OS. */
export interface LocalContext {
  homeDir?: string;
  localUser?: string;
  localHostName?: string;
  uid?: number;
}

export async function loadSshConfig(file: string): Promise<SshConfig> {
  let text: string;
  try {
    text = await readFile(expandTilde(file), 'utf8');
  } catch (err) {
    throw new PreflightError('usage', `cannot read ssh config ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseSshConfig(text, file);
}

export function parseSshConfig(text: string, file = 'ssh_config'): SshConfig {
  const config: SshConfig = { file, blocks: [], warnings: [] };
  let block: SshConfigBlock = { kind: 'global', patterns: [], options: [] };
  config.blocks.push(block);
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const where = `${file}:${i + 1}`;
    const parsed = splitLine(lines[i]!, where);
    if (!parsed) continue;
    const { keyword, args } = parsed;
    if (keyword === 'host') {
      if (args.length === 0) throw new PreflightError('usage', `${where}: Host needs at least one pattern`);
      block = { kind: 'host', patterns: args, options: [] };
      config.blocks.push(block);
    } else if (keyword === 'match') {
      // Match blocks (exec, canonical, user ...) are not evaluated: their options never apply.
      block = { kind: 'match', patterns: args, options: [] };
      config.blocks.push(block);
    } else if (keyword === 'include') {
      // Include is not followed: the preflight reads only the file given with -F. Said, not silently lost.
      config.warnings.push(`${where}: Include ${args.join(' ')} is not followed; put the hosts in ${file} itself`);
    } else {
      block.options.push({ keyword, args, where });
    }
  }
  return config;
}

/** Split `Keyword value ...` / `Keyword=value` into a lower-cased keyword and its arguments (quotes honoured). */
function splitLine(line: string, where: string): { keyword: string; args: string[] } | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const m = /^([A-Za-z][A-Za-z0-9]*)(?:\s*=\s*|\s+|$)(.*)$/.exec(trimmed);
  if (!m) throw new PreflightError('usage', `${where}: cannot parse "${trimmed}"`);
  return { keyword: m[1]!.toLowerCase(), args: splitArgs(m[2]!, where) };
}

function splitArgs(rest: string, where: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < rest.length) {
    while (i < rest.length && /\s/.test(rest[i]!)) i++;
    if (i >= rest.length) break;
    if (rest[i] === '#') break; // a comment after the arguments
    let arg = '';
    while (i < rest.length && !/\s/.test(rest[i]!)) {
      const ch = rest[i]!;
      if (ch === '"' || ch === "'") {
        const end = rest.indexOf(ch, i + 1);
        if (end < 0) throw new PreflightError('usage', `${where}: unterminated quote`);
        arg += rest.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '\\' && i + 1 < rest.length) {
        arg += rest[i + 1];
        i += 2;
      } else {
        arg += ch;
        i++;
      }
    }
    args.push(arg);
  }
  return args;
}

function blockApplies(block: SshConfigBlock, alias: string): boolean {
  if (block.kind === 'global') return true;
  if (block.kind === 'match') return false;
  return matchPatternList(alias.toLowerCase(), block.patterns);
}

/** Replace `%x` tokens; an unknown token is an error naming the line, as in OpenSSH. */
function expandTokens(value: string, tokens: Record<string, string>, where: string): string {
  return value.replace(/%(.)/g, (whole, ch: string) => {
    if (ch === '%') return '%';
    const v = tokens[ch];
    if (v === undefined) throw new PreflightError('usage', `${where}: unknown token %${ch} in "${value}"`);
    return v;
  });
}

function parsePort(value: string, where: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new PreflightError('usage', `${where}: bad port "${value}"`);
  return port;
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
    if (!hostPort || user === '') throw new PreflightError('usage', `${where}: bad jump host "${raw}"`);
    return { ...(user !== undefined ? { user } : {}), host: hostPort, ...(port !== undefined ? { port } : {}) };
  });
}

function parseStrict(value: string, where: string): HostKeyCheckMode {
  switch (value.toLowerCase()) {
    case 'yes':
    case 'ask': // nobody to ask in a preflight: as strict as yes
      return 'strict';
    case 'accept-new':
      return 'accept-new';
    case 'no':
    case 'off':
      return 'off';
    default:
      throw new PreflightError('usage', `${where}: StrictHostKeyChecking must be yes, accept-new or no, got "${value}"`);
  }
}

/** Resolve the settings for `alias` (the name given on the command line), like `ssh -G alias`, for the keywords we use. */
export function resolve(config: SshConfig, alias: string, local: LocalContext = {}): ResolvedSshHost {
  const home = local.homeDir ?? homeDir();
  const localUser = local.localUser ?? safeUserName();
  const first = new Map<string, SshConfigOption>();
  const identity: SshConfigOption[] = [];
  for (const block of config.blocks) {
    if (!blockApplies(block, alias)) continue;
    for (const option of block.options) {
      if (option.keyword === 'identityfile') identity.push(option);
      else if (!first.has(option.keyword)) first.set(option.keyword, option);
    }
  }
  const one = (keyword: string): [string, string] | undefined => {
    const option = first.get(keyword);
    if (!option) return undefined;
    if (option.args.length === 0) throw new PreflightError('usage', `${option.where}: ${keyword} needs a value`);
    return [option.args[0]!, option.where];
  };

  const hostNameOpt = one('hostname');
  const hostName = hostNameOpt ? expandTokens(hostNameOpt[0], { h: alias }, hostNameOpt[1]) : alias;
  const user = one('user')?.[0];
  const portOpt = one('port');
  const port = portOpt ? parsePort(portOpt[0], portOpt[1]) : undefined;

  const tokens: Record<string, string> = {
    h: hostName,
    n: alias,
    p: String(port ?? 22),
    r: user ?? localUser,
    u: localUser,
    d: home,
    l: local.localHostName ?? os.hostname().split('.')[0]!,
    i: String(local.uid ?? (typeof process.getuid === 'function' ? process.getuid() : 0)),
  };
  const pathValue = (value: string, where: string) => expandTokens(expandTilde(value, home), tokens, where);

  const identityFiles = identity
    .flatMap((o) => o.args.map((a) => [a, o.where] as const))
    .filter(([a]) => a.toLowerCase() !== 'none')
    .map(([a, where]) => pathValue(a, where));

  const khOpt = first.get('userknownhostsfile');
  let knownHostsFiles: string[];
  if (!khOpt || khOpt.args.length === 0) knownHostsFiles = [];
  else if (khOpt.args.length === 1 && khOpt.args[0]!.toLowerCase() === 'none') knownHostsFiles = ['/dev/null']; // what `none` means: no key is known, none is recorded
  else knownHostsFiles = khOpt.args.map((a) => pathValue(a, khOpt.where));

  const jumpOpt = one('proxyjump');
  const proxyJump = jumpOpt ? parseProxyJump(jumpOpt[0], jumpOpt[1]) : [];

  const timeoutOpt = one('connecttimeout');
  let connectTimeout: number | undefined;
  if (timeoutOpt) {
    connectTimeout = /^\d+$/.test(timeoutOpt[0]) ? Number(timeoutOpt[0]) : NaN;
    if (!(connectTimeout > 0)) throw new PreflightError('usage', `${timeoutOpt[1]}: bad ConnectTimeout "${timeoutOpt[0]}"`);
  }
  const strictOpt = one('stricthostkeychecking');

  return {
    hostName,
    ...(user !== undefined ? { user } : {}),
    ...(port !== undefined ? { port } : {}),
    identityFiles,
    knownHostsFiles,
    proxyJump,
    ...(connectTimeout !== undefined ? { connectTimeout } : {}),
    ...(strictOpt ? { strictHostKeyChecking: parseStrict(strictOpt[0], strictOpt[1]) } : {}),
  };
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}
