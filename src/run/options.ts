// Everything a run needs to know, already validated by the CLI.
import type { Mode } from '../model.js';
import type { Secret } from '../secret.js';

export interface SshRunOptions {
  user?: string;
  identityFiles: string[];
  /** True when the identity files came from --identity, so a missing one is an error. */
  identityExplicit: boolean;
  agentSocket?: string;
  knownHostsFiles: string[];
  knownHostsExplicit: boolean;
  hostKeyCheck: 'strict' | 'accept-new' | 'off';
  hostKeyCheckExplicit: boolean;
  /** -F: an ssh_config file, or `none`; the default files when unset. */
  configFile?: string;
  /** -p/--port: the port for hosts whose inventory and ssh_config set none. */
  defaultPort?: number;
  /** -J/--jump: jump hosts for every host (`none`: connect directly), as written. */
  jump?: string;
  connectTimeoutMs: number;
  connectTimeoutExplicit: boolean;
}

export interface RunOptions {
  mode: Mode;
  /** --data-path-port; otherwise read from `docker info` on a manager, else 4789. */
  dataPathPort?: number;
  /** --esp; otherwise ESP is probed when an encrypted overlay exists. */
  esp?: boolean;
  /** Per probe. */
  timeoutMs: number;
  /** Whole run. */
  deadlineMs: number;
  /** Hosts connected at once. */
  concurrency: number;
  /** --sudo for every host; an inventory's become asks for it on its hosts alone. */
  sudo: 'none' | 'sudo-n';
  /** -K or SWARM_PREFLIGHT_BECOME_PASS: hosts that use sudo answer its prompt with it (never argv, never a report). */
  becomePassword?: Secret;
  /** Ranges containers must keep reaching (--reserved): an overlay subnet over one is a fail. */
  reserved: string[];
  /** --canary: containers on a temporary overlay ping each other (changes the swarm for the run only). */
  canary?: { image: string; subnet?: string };
  ssh: SshRunOptions;
}

export const DEFAULT_DATA_PATH_PORT = 4789;
