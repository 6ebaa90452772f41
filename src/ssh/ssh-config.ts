// ssh_config: resolve the settings for one host the way `ssh` does (like `ssh -G`): the files are walked
// top to bottom, Host and Match lines switch blocks on and off, and for each keyword the first value
// obtained wins (IdentityFile and CertificateFile accumulate). Keywords that matter for connecting but
// are not honoured are warned about, once, instead of dropped.

import os from 'node:os';
import { PreflightError } from '../errors.js';
import { type ConfigLocations, loadConfigFiles, parseConfigWithIncludes, type SshConfig } from './config-files.js';
import { hostLineMatches, matchLineMatches, type MatchState } from './config-match.js';
import type { ConfigItem } from './config-parse.js';
import { expandTokens, type JumpHost, parseFlag, parsePort, parseProxyJump, parseSeconds, parseStrict } from './config-values.js';
import type { HostKeyCheckMode } from './known-hosts.js';
import { expandTilde, homeDir } from './paths.js';
import type { Warn } from './warnings.js';

export type { SshConfig, JumpHost, HostKeyCheckMode };
export { parseProxyJump };

export type SshConfigField =
  | 'hostName' | 'user' | 'port' | 'identityFiles' | 'identitiesOnly' | 'identityAgent' | 'knownHostsFiles'
  | 'globalKnownHostsFiles' | 'hashKnownHosts' | 'hostKeyAlias' | 'proxyJump' | 'proxyCommand' | 'connectTimeout' | 'strictHostKeyChecking';

export interface ResolvedSshHost {
  hostName: string;
  user?: string;
  port?: number;
  /** The configured IdentityFile values, in order; [] when none is configured (the caller applies defaults). */
  identityFiles: string[];
  identitiesOnly?: boolean;
  /** IdentityAgent: a socket path, or `none` (no agent). */
  identityAgent?: string;
  /** The configured UserKnownHostsFile values; [] when unset (the caller applies defaults); `none` gives ['/dev/null']. */
  knownHostsFiles: string[];
  /** GlobalKnownHostsFile; undefined when unset, [] for `none`. */
  globalKnownHostsFiles?: string[];
  /** HashKnownHosts: keys recorded by accept-new are written with hashed host names. */
  hashKnownHosts?: boolean;
  /** The name known_hosts is searched and written under instead of the host name. */
  hostKeyAlias?: string;
  /** [] when unset or `none`, or when a ProxyCommand was obtained first. */
  proxyJump: JumpHost[];
  /** ProxyCommand as written, `%` tokens not yet expanded (see expandProxyCommand); absent for `none`. */
  proxyCommand?: string;
  /** ConnectTimeout in seconds, as written in ssh_config. */
  connectTimeout?: number;
  strictHostKeyChecking?: HostKeyCheckMode;
  /** `file:line` of the line each value came from. */
  sources: Partial<Record<SshConfigField, string>>;
}

/** What the local side contributes to tokens and Match: `%d`, `%u`, `%l`, `%i`, localuser, SSH_AUTH_SOCK. */
export interface LocalContext {
  homeDir?: string;
  localUser?: string;
  localHostName?: string;
  uid?: number;
  env?: NodeJS.ProcessEnv;
}

/** Values obtained before ssh_config is read (command line, inventory): they win, and tokens and Match see them. */
export interface Preset {
  user?: string;
  port?: number;
}

/** Read the files for `-F` (undefined: the defaults; `none`: nothing). A missing or unreadable -F file is a usage error. */
export async function loadSshConfig(file: string | undefined, where: ConfigLocations = {}): Promise<SshConfig> {
  return loadConfigFiles(file, where);
}

/** Parse one config text (its includes followed), as if it were given with -F. */
export function parseSshConfig(text: string, file = 'ssh_config', where: ConfigLocations = {}): SshConfig {
  return parseConfigWithIncludes(text, file, where);
}

type Option = Extract<ConfigItem, { kind: 'option' }>;

/** Keywords that change how a connection is made and are not honoured here: why, for the warning. */
const NOT_HONOURED: Record<string, string> = {
  certificatefile: 'OpenSSH user certificates are not supported by the SSH library (ssh2); the key is offered without its certificate',
  pkcs11provider: 'PKCS#11 keys are not supported; load them into ssh-agent (ssh-add -s) instead',
  securitykeyprovider: 'FIDO security keys are not supported',
  kexalgorithms: "ssh2's own key exchange algorithms are used",
  hostkeyalgorithms: "ssh2's host key algorithms are used (known key types first)",
  ciphers: "ssh2's own ciphers are used",
  macs: "ssh2's own MACs are used",
  pubkeyacceptedalgorithms: 'every loaded key is offered',
  pubkeyacceptedkeytypes: 'every loaded key is offered',
  casignaturealgorithms: 'certificates are not supported',
  canonicalizehostname: 'host names are used as written, never canonicalized',
  addressfamily: 'the system resolver decides',
  bindaddress: 'connections use the default source address',
  bindinterface: 'connections use the default interface',
  proxyusefdpass: "the ProxyCommand's stdin and stdout carry the connection",
  knownhostscommand: 'commands from ssh_config are never run',
  revokedhostkeys: 'the revoked keys file is not read (only @revoked lines in known_hosts are)',
  verifyhostkeydns: 'SSHFP records are not looked up',
  nohostauthenticationforlocalhost: 'host keys are checked for localhost too',
  hostbasedauthentication: 'host-based authentication is not supported',
  connectionattempts: 'one attempt is made per host',
};
/** Values of those keywords that mean "off", for which nothing needs saying. */
const HARMLESS = new Set(['no', 'none', 'false', 'internal', 'inet', 'any', '1', 'off']);

/** Resolve the settings for `alias` (the name given on the command line), like `ssh -G alias`. */
export function resolve(config: SshConfig, alias: string, local: LocalContext = {}, preset: Preset = {}, warn: Warn = () => undefined): ResolvedSshHost {
  const home = local.homeDir ?? homeDir();
  const localUser = local.localUser ?? safeUserName();
  const first = new Map<string, Option>();
  const accumulated: Record<'identityfile' | 'certificatefile', Option[]> = { identityfile: [], certificatefile: [] };
  const state: MatchState = { originalHost: alias, host: alias, user: preset.user ?? localUser, localUser };

  const take = (option: Option) => {
    if (option.keyword === 'identityfile' || option.keyword === 'certificatefile') accumulated[option.keyword].push(option);
    else if (!first.has(option.keyword)) first.set(option.keyword, option);
    else return;
    // Match sees what was obtained so far, as in OpenSSH.
    if (option.keyword === 'hostname' && option.args[0]) state.host = expandTokens(option.args[0], { h: alias }, option.where);
    if (option.keyword === 'user' && option.args[0] && preset.user === undefined) state.user = option.args[0];
  };
  const walk = (items: ConfigItem[], active: boolean, neverMatch: boolean) => {
    for (const item of items) {
      if (item.kind === 'host') active = !neverMatch && hostLineMatches(item.patterns, alias);
      else if (item.kind === 'match') active = !neverMatch && matchLineMatches(item.criteria, state, item.where, warn);
      else if (item.kind === 'include') for (const f of item.files) walk(f.items, active, neverMatch || !active);
      else if (active) take(item);
    }
  };
  for (const file of config.files) walk(file.items, true, false);

  const sources: ResolvedSshHost['sources'] = {};
  const one = (keyword: string, field?: SshConfigField): [string, string] | undefined => {
    const option = first.get(keyword);
    if (!option) return undefined;
    if (option.args.length === 0) throw new PreflightError('usage', `${option.where}: ${keyword} needs a value`);
    if (field) sources[field] = option.where;
    return [option.args[0]!, option.where];
  };

  const hostNameOpt = one('hostname', 'hostName');
  const hostName = hostNameOpt ? expandTokens(hostNameOpt[0], { h: alias }, hostNameOpt[1]) : alias;
  const userOpt = one('user', 'user');
  const user = userOpt?.[0];
  const portOpt = one('port', 'port');
  const port = portOpt ? parsePort(portOpt[0], portOpt[1]) : undefined;

  const tokens: Record<string, string> = {
    h: hostName,
    n: alias,
    p: String(preset.port ?? port ?? 22),
    r: preset.user ?? user ?? localUser,
    u: localUser,
    d: home,
    l: local.localHostName ?? os.hostname().split('.')[0]!,
    i: String(local.uid ?? (typeof process.getuid === 'function' ? process.getuid() : 0)),
  };
  const pathValue = (value: string, where: string) => expandTokens(expandTilde(value, home), tokens, where);

  const identityFiles = accumulated.identityfile
    .flatMap((o) => o.args.map((a) => [a, o.where] as const))
    .filter(([a]) => a.toLowerCase() !== 'none')
    .map(([a, where]) => pathValue(a, where));
  if (accumulated.identityfile.length > 0) sources.identityFiles = accumulated.identityfile.map((o) => o.where).join(', ');

  const listValue = (keyword: string, field: SshConfigField): string[] | undefined => {
    const option = first.get(keyword);
    if (!option || option.args.length === 0) return undefined;
    sources[field] = option.where;
    if (option.args.length === 1 && option.args[0]!.toLowerCase() === 'none') return [];
    return option.args.map((a) => pathValue(a, option.where));
  };
  const userKnown = listValue('userknownhostsfile', 'knownHostsFiles');
  // `none`: no key is known and none is recorded; /dev/null says exactly that to the known_hosts code.
  const knownHostsFiles = userKnown === undefined ? [] : userKnown.length === 0 ? ['/dev/null'] : userKnown;
  const globalKnownHostsFiles = listValue('globalknownhostsfile', 'globalKnownHostsFiles');

  const identitiesOnlyOpt = one('identitiesonly', 'identitiesOnly');
  const agentOpt = one('identityagent', 'identityAgent');
  const identityAgent = agentOpt ? agentSocket(agentOpt[0], agentOpt[1], local.env ?? process.env, pathValue) : undefined;
  const aliasOpt = one('hostkeyalias', 'hostKeyAlias');
  const hashOpt = one('hashknownhosts', 'hashKnownHosts');

  // ProxyJump and ProxyCommand exclude each other: the first one obtained wins, as in OpenSSH.
  const jumpOpt = first.get('proxyjump');
  const commandOpt = first.get('proxycommand');
  const jumpFirst = jumpOpt !== undefined && (commandOpt === undefined || precedes(config, jumpOpt, commandOpt));
  const jumpValue = jumpFirst ? one('proxyjump', 'proxyJump') : undefined;
  const proxyJump = jumpValue ? parseProxyJump(jumpValue[0], jumpValue[1]) : [];
  const commandValue = !jumpFirst ? one('proxycommand', 'proxyCommand') : undefined;
  const proxyCommand = commandValue && commandValue[0].toLowerCase() !== 'none' ? commandValue[0] : undefined;

  const timeoutOpt = one('connecttimeout', 'connectTimeout');
  const strictOpt = one('stricthostkeychecking', 'strictHostKeyChecking');

  for (const [keyword, why] of Object.entries(NOT_HONOURED)) {
    const option = keyword === 'certificatefile' ? accumulated.certificatefile[0] : first.get(keyword);
    if (!option || HARMLESS.has((option.args[0] ?? '').toLowerCase())) continue;
    warn(`${option.where}: ${keywordName(keyword)} ${option.args.join(' ')} is not honoured (${why})`);
  }

  return {
    hostName,
    ...(user !== undefined ? { user } : {}),
    ...(port !== undefined ? { port } : {}),
    identityFiles,
    ...(identitiesOnlyOpt ? { identitiesOnly: parseFlag(identitiesOnlyOpt[0], 'IdentitiesOnly', identitiesOnlyOpt[1]) } : {}),
    ...(identityAgent !== undefined ? { identityAgent } : {}),
    knownHostsFiles,
    ...(globalKnownHostsFiles !== undefined ? { globalKnownHostsFiles } : {}),
    ...(aliasOpt ? { hostKeyAlias: aliasOpt[0] } : {}),
    ...(hashOpt ? { hashKnownHosts: parseFlag(hashOpt[0], 'HashKnownHosts', hashOpt[1]) } : {}),
    proxyJump,
    ...(proxyCommand !== undefined ? { proxyCommand } : {}),
    ...(timeoutOpt ? { connectTimeout: parseSeconds(timeoutOpt[0], 'ConnectTimeout', timeoutOpt[1]) } : {}),
    ...(strictOpt ? { strictHostKeyChecking: parseStrict(strictOpt[0], strictOpt[1]) } : {}),
    sources,
  };
}

/** Expand a ProxyCommand's tokens with the final values: %h host, %p port, %r user, %n original name, %%. */
export function expandProxyCommand(command: string, values: { host: string; port: number; user: string; alias: string }, where = 'ProxyCommand'): string {
  return expandTokens(command, { h: values.host, p: String(values.port), r: values.user, n: values.alias }, where);
}

/** IdentityAgent: `none`, `SSH_AUTH_SOCK` (the environment's), `$VAR`, or a path with `~` and tokens. */
function agentSocket(value: string, where: string, env: NodeJS.ProcessEnv, pathValue: (v: string, w: string) => string): string {
  if (value.toLowerCase() === 'none') return 'none';
  const name = value === 'SSH_AUTH_SOCK' ? 'SSH_AUTH_SOCK' : /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(value)?.[1];
  if (name !== undefined) return env[name] || 'none';
  return pathValue(value, where);
}

/** Whether option `a` comes before option `b` in the order the files are read. */
function precedes(config: SshConfig, a: Option, b: Option): boolean {
  let seenA = false;
  let seenB = false;
  const visit = (items: ConfigItem[]) => {
    for (const item of items) {
      if (seenA || seenB) return;
      if (item === a) seenA = true;
      else if (item === b) seenB = true;
      else if (item.kind === 'include') for (const f of item.files) visit(f.items);
    }
  };
  for (const file of config.files) visit(file.items);
  return seenA;
}

const KEYWORD_NAMES: Record<string, string> = {
  certificatefile: 'CertificateFile', pkcs11provider: 'PKCS11Provider', securitykeyprovider: 'SecurityKeyProvider',
  kexalgorithms: 'KexAlgorithms', hostkeyalgorithms: 'HostKeyAlgorithms', ciphers: 'Ciphers', macs: 'MACs',
  pubkeyacceptedalgorithms: 'PubkeyAcceptedAlgorithms', pubkeyacceptedkeytypes: 'PubkeyAcceptedKeyTypes',
  casignaturealgorithms: 'CASignatureAlgorithms', canonicalizehostname: 'CanonicalizeHostname', addressfamily: 'AddressFamily',
  bindaddress: 'BindAddress', bindinterface: 'BindInterface', proxyusefdpass: 'ProxyUseFdpass', knownhostscommand: 'KnownHostsCommand',
  revokedhostkeys: 'RevokedHostKeys', verifyhostkeydns: 'VerifyHostKeyDNS', nohostauthenticationforlocalhost: 'NoHostAuthenticationForLocalhost',
  hostbasedauthentication: 'HostbasedAuthentication', connectionattempts: 'ConnectionAttempts',
};

function keywordName(keyword: string): string {
  return KEYWORD_NAMES[keyword] ?? keyword;
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}
