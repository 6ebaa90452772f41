// The shared vocabulary of the tool: hosts, probes, findings and the result contract (schemaVersion 1).
import type { Cause } from './causes/types.js';

export type { Cause, CauseKind } from './causes/types.js';

export type Role = 'manager' | 'worker' | 'unknown';
export type Status = 'pass' | 'fail' | 'warn' | 'error' | 'skip';
export type Protocol = 'tcp' | 'udp' | 'esp';
export type Mode = 'auto' | 'pre' | 'live';

/** A port as every report and cause names it: `4789/udp`, `7946/tcp`, `esp`. */
export function portLabel(protocol: Protocol, port: number): string {
  return protocol === 'esp' ? 'esp' : `${port}/${protocol}`;
}

/** One host as the inventory describes it, validated. */
export interface HostSpec {
  /** Inventory name, the id used everywhere in results. */
  id: string;
  /** What to connect to (IP or DNS name); also the address peers probe unless `probeAddress` is set. */
  address: string;
  port?: number;
  user?: string;
  role: Role;
  /** Where the inventory said it (file:line), for error messages. */
  source?: string;
  /** Extra inventory variables, kept for checks that want them. */
  vars?: Record<string, string>;
  /** Private key files for this host (ansible_ssh_private_key_file); win over ssh_config, lose to --identity. */
  identityFiles?: string[];
  /** `-J` / `-o ProxyJump=` from ansible_ssh_common_args / ansible_ssh_extra_args, as written there. */
  proxyJump?: string;
  /** `-o ProxyCommand=` from ansible_ssh_common_args / ansible_ssh_extra_args, as written there. */
  proxyCommand?: string;
  /** `-o UserKnownHostsFile=` from ansible_ssh_common_args / ansible_ssh_extra_args. */
  knownHostsFiles?: string[];
  /** `-o StrictHostKeyChecking=` from ansible_ssh_common_args / ansible_ssh_extra_args. */
  hostKeyCheck?: 'strict' | 'accept-new' | 'off';
  /** ansible_become: run the agent through sudo on this host (as --sudo does), optionally as another user. */
  become?: { user?: string };
  /** ansible_python_interpreter: the interpreter to start the agent with. */
  pythonInterpreter?: string;
  /**
   * Options of ansible_ssh_common_args / ansible_ssh_extra_args other than the jump host and proxy
   * command, as written ("-o StrictHostKeyChecking=no"): not applied, so the CLI can say so once.
   */
  ignoredSshOptions?: string[];
  /** ansible_connection=local: run the agent on this machine, without SSH. */
  connection?: 'ssh' | 'local';
  /** Where each connection value came from (`inventory.ini:12`, `group_vars/all.yml:3`, `--user` ...), for --list-hosts. */
  origins?: Partial<Record<'address' | 'port' | 'user' | 'identityFiles' | 'proxyJump' | 'proxyCommand' | 'knownHostsFiles' | 'hostKeyCheck' | 'become' | 'pythonInterpreter' | 'connection' | 'role' | 'swarmAddress', string>>;
}

export interface HostResult {
  id: string;
  address: string;
  role: Role;
  reachable: boolean;
  error: string | null;
  /** Error kind when unreachable or broken (see src/errors.ts). */
  errorKind?: string;
  facts?: HostFacts;
}

export interface HostFacts {
  hostname?: string;
  uid?: number;
  python?: string;
  dockerVersion?: string;
  swarmState?: string;
  nodeAddr?: string;
  dataPathPort?: number;
  encryptedOverlays?: string[];
  /** The address its peers probed it at (swarm_address, docker's advertise address, or the inventory address). */
  probeAddress?: string;
  /** Addresses on the host's interfaces (IPv4). */
  addresses?: string[];
  /** The mode the host's agent ran its receivers in. */
  mode?: 'pre' | 'live' | 'mixed';
  /** The firewall front end found on the host (ufw, firewalld, nftables, iptables, none). */
  firewall?: string;
  /** Overlays a manager listed: name, encryption and subnets. */
  overlays?: { name: string; encrypted: boolean; subnets: string[] }[];
}

export interface ProbeResult {
  from: string;
  to: string;
  protocol: Protocol;
  /** Port for tcp/udp; 0 for esp. */
  port: number;
  status: Exclude<Status, 'warn'>;
  detail: string;
  ms: number | null;
  /** Short machine-readable reason: connected, refused, filtered, not-seen, unreachable, needs-root ... */
  reason?: string;
  remediation?: string;
  /** For a failed probe: what dropped it, found in the hosts' rulesets (or the network when no rule did). */
  dropBy?: DropBy;
}

/** A host out of the run before the probe round, and the probes it left unsent (see RunResult.untested). */
export interface UntestedHost {
  host: string;
  /** The error kind that kept it out (unreachable, auth, tool-missing ...): the reason of its probes. */
  reason: string;
  /** What each of its probes says when it is the sender. */
  fromDetail: string;
  /** What each of its probes says when it is the receiver and the sender took part. */
  toDetail: string;
  /** Its planned probes not sent (a probe between two such hosts counts for its sender). */
  probes: number;
  /** Its planned probes that were not applicable anyway (2377/tcp towards a worker). */
  notApplicable: number;
  /** The ports of the probes it left unsent. */
  ports: string[];
}

/** A rule in a host's packet filter, as the operator would name it. */
export interface FilterRuleRef {
  /** Which listing it came from: nftables or xtables (iptables-save). */
  source: 'nft' | 'iptables';
  family: string;
  table: string;
  chain: string;
  /** nft rule handle. */
  handle?: number;
  /** xtables rule number in its chain (1-based). */
  number?: number;
  text: string;
  comment?: string;
}

export interface DropBy {
  /** sender: its output rules; receiver: its input rules; network: no rule on either host did it; unknown: a ruleset could not be read. */
  where: 'sender' | 'receiver' | 'network' | 'unknown';
  /** The host whose rule (or policy) it is. */
  host?: string;
  rule?: FilterRuleRef;
  /** A base chain whose policy drops it (no rule matched). */
  policy?: Omit<FilterRuleRef, 'handle' | 'number' | 'text' | 'comment'>;
  /** counters: the rule's counter rose during the probe round and its match fits; evaluation: the ruleset, evaluated against the probe's packet, ends there. */
  how?: 'counters' | 'evaluation';
  /** How many packets the rule counted during the round. */
  packets?: number;
  /** What limits the answer (an unread ruleset and why, a rule the model could not judge). */
  note?: string;
}

export interface Finding {
  check: string;
  status: Status;
  summary: string;
  remediation?: string;
  host?: string;
  /** The hosts a cluster finding names (both entries of a cloned or duplicated machine ...). */
  hosts?: string[];
  from?: string;
  to?: string;
  evidence?: Record<string, unknown>;
  /**
   * The failing probes this finding is the cause of, by the hosts they go from or to (a node that
   * advertises an address its peers cannot reach explains every failed probe towards it): the
   * causes step gives them to this finding's cause before any firewall is blamed.
   */
  explains?: ProbeSelector[];
}

/** Probes by sender and receiver; a field left out matches any host. */
export interface ProbeSelector { from?: string; to?: string }

export interface Summary { pass: number; fail: number; warn: number; error: number; skip: number }

export interface RunResult {
  schemaVersion: 1;
  tool: { name: 'swarm-preflight'; version: string };
  startedAt: string;
  durationMs: number;
  /** Milliseconds spent connecting, reading facts, probing ports and path MTU. */
  phases?: Record<string, number>;
  mode: 'pre' | 'live' | 'mixed';
  options: Record<string, unknown>;
  hosts: HostResult[];
  probes: ProbeResult[];
  /**
   * Hosts that were out of the run before the probe round (unreachable, no agent ...), once each:
   * the probes from and to them were planned and never sent, and are counted here instead of being
   * listed in `probes` (1,000 unreachable hosts would be 4 million probes). `untestedView()` in
   * src/untested-hosts.ts gives them back one pair at a time where a renderer shows probes.
   */
  untested?: UntestedHost[];
  findings: Finding[];
  /** Every non-passing probe and finding grouped into causes, the one that explains most first. */
  causes?: Cause[];
  summary: Summary;
  interrupted?: boolean;
  deadlinePassed?: boolean;
}
