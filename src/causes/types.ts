// Causes: the answer people act on. Cells and findings are evidence; a cause groups every non-passing
// probe and finding it explains, with one summary in words and one fix for the place that is wrong.
import type { Status } from '../model.js';

export type CauseKind =
  /** A host drops or rejects one or more ports from all or most of its peers (its input rules). */
  | 'inbound-blocked'
  /** A host cannot send one or more ports to all or most peers (its own output rules or egress group). */
  | 'outbound-blocked'
  /** One pair of hosts, in one or both directions. */
  | 'pair-blocked'
  /** A port blocked between every pair of hosts: a network-level rule (security group, network ACL). */
  | 'mesh-blocked'
  /** A host that could not be reached or tested (SSH, auth, host key, no agent ...). */
  | 'host-untested'
  /** Probes that could not be concluded for one reason at one host (needs root, interrupted ...). */
  | 'untested'
  /** Full-size overlay frames lost towards a host (or on one pair): a path-MTU black hole. */
  | 'path-mtu'
  /** An overlay's MTU that the underlay cannot carry, at a host. */
  | 'overlay-mtu'
  /** An overlay subnet that overlaps, or is near full. */
  | 'subnet'
  /** Containers that cannot ping each other (the canary) where no port cause explains it. */
  | 'container-path'
  /** A node advertising an address (or a data-path address) its peers cannot reach: re-join it. */
  | 'swarm-address'
  /** Two nodes missing from each other's gossip peers on an overlay network. */
  | 'overlay-gossip'
  /** Anything else a check found (a port held by another process, a role mismatch ...). */
  | 'finding';

export interface Cause {
  /** Stable within a result and across runs of the same fault: kind and the hosts/ports it names. */
  id: string;
  kind: CauseKind;
  /** The worst status among what it explains (fail before error before warn). */
  status: Exclude<Status, 'pass' | 'skip'>;
  /** One line in words: "b7 drops 7946/udp and 4789/udp from all 49 peers". */
  summary: string;
  /** One merged fix for the place that is wrong. */
  remediation: string;
  /** The hosts it names, the one to fix first. */
  hosts: string[];
  /** Port labels it covers: "4789/udp", "7946/tcp", "esp". */
  ports: string[];
  /** Indexes into the result's `probes` it explains. */
  probes: number[];
  /** Indexes into the result's `findings` it explains. */
  findings: number[];
  /** Probes it explains that are not listed in `probes`: those of a host in the result's `untested`. */
  untested?: number;
}
