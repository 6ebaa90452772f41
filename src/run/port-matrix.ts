// The port matrix: every probe planned, sent and judged. The plan and the round's raw evidence
// (hundreds of thousands of objects at 200 hosts) live only inside this call; what leaves it is the
// judged probes and the little the path-MTU round needs. Kept in the runner, they held about 100 MB
// to the end of the run.
import { evaluateProbe, planProbes } from '../../checks/swarm-ports.js';
import type { ProbeEvidence, ProbeSpec } from '../../checks/types.js';
import { skipSameMachine } from '../../checks/same-machine.js';
import type { ListenItem } from '../agent/protocol.js';
import type { RemoteAgent } from '../agent/remote-agent.js';
import type { Mode, ProbeResult, Role } from '../model.js';
import { pmtuPairs, portSeenIn } from './pmtu-plan.js';
import type { PmtuPair } from './pmtu-round.js';
import { type Forwarder, runRound } from './round.js';

export interface MatrixInput {
  hosts: { id: string; role: Role }[];
  agents: Map<string, RemoteAgent>;
  hostErrors: Map<string, { kind: string; message: string }>;
  addresses: Map<string, string>;
  forwarders: Map<string, Forwarder>;
  /** Pairs of inventory entries that are one machine: not probed. */
  sameMachine: Parameters<typeof skipSameMachine>[1];
  dataPathPort: number;
  esp: boolean;
  mode: Mode;
  timeoutMs: number;
  signal: AbortSignal;
  /** Called when the round is over, before anything is judged (hosts found misbehaving are marked). */
  afterRound?: () => void;
}

export interface Matrix {
  probes: ProbeResult[];
  listening: Map<string, ListenItem[]>;
  /** The path-MTU round's pairs, and whether the data-path port was seen open between a pair. */
  pmtuPairs: PmtuPair[];
  portOpen: (pair: PmtuPair) => boolean;
}

export async function portMatrix(input: MatrixInput): Promise<Matrix> {
  const specs = planProbes({ hosts: input.hosts, dataPathPort: input.dataPathPort, esp: input.esp });
  skipSameMachine(specs, input.sameMachine);
  const round = input.signal.aborted
    ? { evidence: specs.map((spec) => unprobed(spec, input.timeoutMs, input.hostErrors)), listening: new Map<string, ListenItem[]>() }
    : await runRound({ agents: input.agents, hostErrors: input.hostErrors, addresses: input.addresses, specs, mode: input.mode, timeoutMs: input.timeoutMs, signal: input.signal, forwarders: input.forwarders });
  input.afterRound?.();
  const senders = new Set([...input.agents.keys()].filter((id) => !input.hostErrors.has(id)));
  return {
    probes: round.evidence.map(evaluateProbe),
    listening: round.listening,
    pmtuPairs: pmtuPairs(specs, round.listening, input.dataPathPort, senders),
    portOpen: portSeenIn(round.evidence, input.dataPathPort),
  };
}

function unprobed(spec: ProbeSpec, timeoutMs: number, hostErrors: Map<string, { kind: string; message: string }>): ProbeEvidence {
  const sourceError = hostErrors.get(spec.from);
  const targetError = hostErrors.get(spec.to);
  return { spec, timeoutMs, cutShort: 'the run ended before probing', ...(sourceError ? { sourceError } : {}), ...(targetError ? { targetError } : {}) };
}
