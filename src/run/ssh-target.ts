// Where and how to SSH to one host: inventory values first (as Ansible does), then the command line,
// then ssh_config, then OpenSSH's defaults.
import { userInfo } from 'node:os';
import type { HostSpec } from '../model.js';
import type { ResolvedSshHost } from '../ssh/ssh-config.js';
import type { SshOptions, SshTarget } from '../ssh/session.js';
import type { RunOptions } from './options.js';

export type SshConfigLookup = (alias: string) => ResolvedSshHost;

export function resolveTarget(spec: HostSpec, options: RunOptions, config: SshConfigLookup | undefined): { target: SshTarget; ssh: SshOptions } {
  const fromConfig = config?.(spec.address);
  const user = spec.user ?? options.ssh.user ?? fromConfig?.user ?? userInfo().username;
  const target: SshTarget = {
    id: spec.id,
    host: fromConfig?.hostName ?? spec.address,
    port: spec.port ?? fromConfig?.port ?? 22,
    user,
  };
  const configKnownHosts = fromConfig?.knownHostsFiles ?? [];
  const ssh: SshOptions = {
    // An empty list lets the session try OpenSSH's default key files.
    identityFiles: options.ssh.identityExplicit ? options.ssh.identityFiles : (fromConfig?.identityFiles ?? []),
    agentSocket: options.ssh.agentSocket,
    knownHostsFiles: configKnownHosts.length && !options.ssh.knownHostsExplicit ? configKnownHosts : options.ssh.knownHostsFiles,
    hostKeyCheck: options.ssh.hostKeyCheckExplicit ? options.ssh.hostKeyCheck : (fromConfig?.strictHostKeyChecking ?? options.ssh.hostKeyCheck),
    connectTimeoutMs: fromConfig?.connectTimeout !== undefined && !options.ssh.connectTimeoutExplicit ? fromConfig.connectTimeout * 1000 : options.ssh.connectTimeoutMs,
  };
  const jumps = fromConfig?.proxyJump ?? [];
  if (jumps.length) ssh.proxyJump = jumps.map((j) => ({ id: j.host, host: j.host, port: j.port ?? 22, user: j.user ?? user }));
  return { target, ssh };
}
