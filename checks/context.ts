// What a registered check reads: every host's facts as the runner gathered them, and the run's own
// settings. Built by the runner after the probe round; checks only read it (their `evaluate` is pure).
import type { ListenItem } from '../src/agent/protocol.js';
import type { DockerInfo } from '../src/facts/docker-info.js';
import type { Feature } from '../src/facts/ethtool.js';
import type { FirewallKind } from '../src/facts/firewall.js';
import type { HostFiles } from '../src/facts/host-files.js';
import type { Interface, Route } from '../src/facts/ip.js';
import type { Ruleset } from '../src/firewall/types.js';
import type { Finding, HostResult, Role } from '../src/model.js';

/** The kinds of fact a check may need; each names a field of HostContext (or the run's settings). */
export type Fact = 'access' | 'docker' | 'files' | 'clock' | 'offload' | 'net' | 'listening' | 'firewall' | 'ruleset' | 'run';

/** One reading of a host's clock between this machine's send and receive (epoch milliseconds). */
export interface ClockSample { sentMs: number; hostMs: number; receivedMs: number }

export interface HostContext {
  id: string;
  /** The role the inventory declared (docker's role is in `result.role`). */
  declaredRole: Role;
  result: HostResult;
  /** Why the host could not be reached or its agent not run, with the error's own hint. */
  access?: { kind: string; message: string; hint?: string };
  docker?: DockerInfo;
  /** Facts read from the host's files, or why they could not be read. */
  files?: HostFiles;
  filesError?: string;
  clock?: ClockSample[];
  clockError?: string;
  /** `ethtool -k` of the interfaces whose driver calls for it, or why it could not be read. */
  offload?: Record<string, { features?: Record<string, Feature>; error?: string }>;
  net?: { interfaces: Interface[]; routes: Route[]; towards: Map<string, { dev: string; src: string }>; unreadable?: string };
  listening: ListenItem[];
  /** Read where a fix or a check needs it; `unknown` elsewhere. */
  firewall: FirewallKind;
  /** The host's packet filter as read before the probe round (needs root), or why it could not be read. */
  ruleset?: Ruleset;
  rulesetError?: string;
  /** The address its peers probe it at. */
  address: string;
}

export interface CheckContext {
  /** In inventory order. */
  hosts: HostContext[];
  dataPathPort: number;
  /** ESP is tested: --esp, or an encrypted overlay exists. */
  esp: boolean;
  encryptedOverlays: string[];
  /** Virtual IPs of services, as a manager counted them; undefined where no manager was read. */
  vipServices?: number;
  /** Inventory entries that are one machine, each pair once, in inventory order. */
  sameMachine: [string, string][];
}

export interface Check {
  /** Stable kebab-case id: findings carry it as `check`. */
  id: string;
  title: string;
  scope: 'host' | 'pair' | 'cluster';
  /** The facts it reads, so a reader (and the README's list) knows what it depends on. */
  needs: readonly Fact[];
  evaluate(ctx: CheckContext): Finding[];
}
