// What a check is: how to probe (gather) kept apart from what to conclude (evaluate).
// `evaluate` is pure: evidence in, verdicts out. Only the runner touches hosts.
import type { ListenItem } from '../src/agent/protocol.js';
import type { OverloadEvidence } from './overload.js';
import type { Protocol } from '../src/model.js';

/** One directed probe the runner should carry out (pair scope). */
export interface ProbeSpec {
  id: string;
  from: string;
  to: string;
  protocol: Protocol;
  port: number;
  /** A datagram to the data-path port carries a VXLAN header the receiving kernel drops quietly. */
  vxlan?: boolean;
  /** Set when the probe is not applicable; the runner does not carry it out. */
  skip?: string;
}

/** Everything the runner observed for one probe; what `evaluate` decides from. */
export interface ProbeEvidence {
  spec: ProbeSpec;
  timeoutMs: number;
  /** Why the source or destination could not take part (unreachable, no agent ...). */
  sourceError?: { kind: string; message: string };
  targetError?: { kind: string; message: string };
  /** How the destination watched for this probe. */
  receiver?: ListenItem;
  /** `connects`: how many connects the sender made (a second one when the first had no answer in time). */
  tcp?: { outcome: 'connected' | 'refused' | 'timeout' | 'unreachable' | 'error'; ms: number; errno: string | null; via?: 'agent' | 'sshd'; connects?: number };
  sent?: { count: number; error: string | null; ms: number };
  icmp?: string;
  seen?: { src: string; via: 'socket' | 'raw'; ms: number };
  /** Drop counters that rose on the probe's hosts during the round (read only where a probe went missing). */
  overload?: OverloadEvidence;
  /** The run ended (deadline, Ctrl-C) before this probe finished. */
  cutShort?: string;
}
