// The port matrix: every probe planned, sent and judged. The plan and the round's raw evidence
// (hundreds of thousands of objects at 200 hosts) live only inside this call; what leaves it is the
// judged probes and the little the path-MTU round needs. Kept in the runner, they held about 100 MB
// to the end of the run.
import { evaluateProbe, planSpecs, untestedDetail } from '../../checks/swarm-ports.js';
import type { ProbeEvidence, ProbeSpec } from '../../checks/types.js';
import { sameMachineMarker } from '../../checks/same-machine.js';
import type { ListenItem } from '../agent/protocol.js';
import type { RemoteAgent } from '../agent/remote-agent.js';
import type { Mode, ProbeResult, Role, UntestedHost } from '../model.js';
import { UntestedTally } from '../untested-hosts.js';
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
  sameMachine: [string, string][];
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
  /** Hosts out of the run before the round, each with the probes it left unsent (not in `probes`). */
  untested: UntestedHost[];
  listening: Map<string, ListenItem[]>;
  /** The path-MTU round's pairs, and whether the data-path port was seen open between a pair. */
  pmtuPairs: PmtuPair[];
  portOpen: (pair: PmtuPair) => boolean;
}

export async function portMatrix(input: MatrixInput): Promise<Matrix> {
  // Probes from or to a host already out of the run (unreachable, no agent) are never sent. A host
  // out for good is counted once (`untested`), not as probes: 1,000 unreachable hosts plan 4 million
  // probes. A host without python whose sshd forwards TCP still takes part, so its probes are judged one by one.
  const markSameMachine = sameMachineMarker(input.sameMachine);
  const probes: (ProbeResult | undefined)[] = [];
  const specs: ProbeSpec[] = [];
  const places: number[] = [];
  // One copy of each out host's words, for its thousands of probes.
  const words = new Map<string, OutWords>();
  const wordsOf = (host: string): OutWords => {
    let w = words.get(host);
    if (!w) words.set(host, w = outWords(host, input.hostErrors));
    return w;
  };
  const tally = new UntestedTally(wordsOf);
  const outForGood = (id: string) => input.hostErrors.has(id) && !input.forwarders.has(id);
  for (const spec of planSpecs({ hosts: input.hosts, dataPathPort: input.dataPathPort, esp: input.esp })) {
    const planned = spec.skip;
    markSameMachine(spec);
    const out = outForGood(spec.from) ? spec.from : outForGood(spec.to) ? spec.to : undefined;
    if (out !== undefined && spec.skip === planned) {
      tally.add(out, spec.protocol, spec.port, spec.skip !== undefined);
      continue;
    }
    if (!spec.skip && (input.hostErrors.has(spec.to) || (input.hostErrors.has(spec.from) && !viaSshd(spec, input)))) {
      probes.push(judgedUntested(spec, input.hostErrors, wordsOf));
      continue;
    }
    places.push(probes.length);
    probes.push(undefined);
    specs.push(spec);
  }
  const round = input.signal.aborted
    ? { evidence: specs.map((spec) => unprobed(spec, input.timeoutMs, input.hostErrors)), listening: new Map<string, ListenItem[]>() }
    : await runRound({ agents: input.agents, hostErrors: input.hostErrors, addresses: input.addresses, specs, mode: input.mode, timeoutMs: input.timeoutMs, signal: input.signal, forwarders: input.forwarders });
  input.afterRound?.();
  const senders = new Set([...input.agents.keys()].filter((id) => !input.hostErrors.has(id)));
  round.evidence.forEach((e, k) => { probes[places[k] as number] = evaluateProbe(e); });
  return {
    probes: probes as ProbeResult[],
    untested: tally.list(input.hosts.map((h) => h.id)),
    listening: round.listening,
    pmtuPairs: pmtuPairs(specs, round.listening, input.dataPathPort, senders),
    portOpen: portSeenIn(round.evidence, input.dataPathPort),
  };
}

type OutWords = Pick<UntestedHost, 'reason' | 'fromDetail' | 'toDetail'>;

/** What the probes of a host out of the run say, with it as the sender and as the receiver (evaluateProbe's words). */
function outWords(host: string, out: MatrixInput['hostErrors']): OutWords {
  const { kind, message } = out.get(host) as { kind: string; message: string };
  return { reason: kind, fromDetail: untestedDetail('from', host, message), toDetail: untestedDetail('on', host, message) };
}

/** A TCP probe from a host without python goes through that host's sshd (see round.ts). */
function viaSshd(spec: ProbeSpec, input: MatrixInput): boolean {
  return spec.protocol === 'tcp' && input.hostErrors.get(spec.from)?.kind === 'tool-missing' && input.forwarders.has(spec.from);
}

/** The verdict of a probe whose sender or receiver is out of the run, as evaluateProbe gives it. */
function judgedUntested(spec: ProbeSpec, out: MatrixInput['hostErrors'], wordsOf: (host: string) => OutWords): ProbeResult {
  const sender = out.has(spec.from);
  const words = wordsOf(sender ? spec.from : spec.to);
  const { from, to, protocol, port } = spec;
  return { from, to, protocol, port, status: 'error', reason: words.reason, detail: sender ? words.fromDetail : words.toDetail, ms: null };
}

/** A probe the run stopped before: a host that had failed is named, else neither. */
function unprobed(spec: ProbeSpec, timeoutMs: number, hostErrors: Map<string, { kind: string; message: string }>): ProbeEvidence {
  const sourceError = hostErrors.get(spec.from);
  const targetError = hostErrors.get(spec.to);
  return { spec, timeoutMs, cutShort: 'the run ended before probing', ...(sourceError ? { sourceError } : {}), ...(targetError ? { targetError } : {}) };
}
