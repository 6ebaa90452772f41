// The run, start to end: connect to every host at once, read facts, plan, probe, conclude, clean up.
// One unreachable, slow or broken host never stops the run, and the run always ends by its deadline.
import pLimit from 'p-limit';
import { dockerRole } from '../../checks/swarm-role.js';
import { evaluateChecks } from '../../checks/registry.js';
import { sameMachinePairs } from '../../checks/same-machine.js';
import { publicAddresses } from '../../checks/data-path-exposed.js';
import { remediateProbe } from '../../checks/remediation.js';
import { agreedDataPathPort } from '../../checks/data-path-agreement.js';
import { groupCauses } from '../causes/group.js';
import { explainedBy } from '../causes/claimed.js';
import type { ListenItem } from '../agent/protocol.js';
import type { RemoteAgent } from '../agent/remote-agent.js';
import { onAbort, RunStop } from '../abort.js';
import { setMaxListeners } from 'node:events';
import { AgentSilent } from '../agent/remote-agent.js';
import { asPreflightError, type PreflightError } from '../errors.js';
import type { Finding, HostResult, HostSpec, ProbeResult, RunResult, Summary, UntestedHost } from '../model.js';
import { type ConnectedHost, connectHost } from './connect.js';
import { gatherFacts, type GatheredFacts, listOverlays, readFirewall } from './facts.js';
import type { OverlayNetwork } from '../facts/overlays.js';
import { DEFAULT_DATA_PATH_PORT, type RunOptions } from './options.js';
import type { Forwarder } from './round.js';
import { portMatrix } from './port-matrix.js';
import { collectGarbage } from './gc.js';
import { unsentCounts } from '../untested-hosts.js';
import { type CanaryEvidence, type CanaryNode, runCanary } from './canary.js';
import { evaluateCanary } from '../../checks/canary.js';
import { gatherNetFacts, type NetFacts, unreadableNet } from './net-facts.js';
import { clusterOverlays, type HostNet, mtuInput, subnetInput } from './overlay-inputs.js';
import { evaluateOverlayMtu } from '../../checks/overlay-mtu.js';
import { evaluateOverlaySubnets } from '../../checks/overlay-subnet.js';
import { runPmtuRound } from './pmtu-round.js';
import { readRulesets, rulesetEvidence, type RulesetRead } from './rulesets.js';
import { evaluateWhoDrops, STOPPED } from '../../checks/who-drops.js';
import { evaluatePathMtu } from '../../checks/path-mtu.js';
import { PMTU_CONTROL, pathMtuFrame } from './pmtu-plan.js';
import type { SshConfigLookup } from './ssh-target.js';
import { ReadOnce } from '../ssh/read-once.js';
import { swarmView } from './swarm-view-inputs.js';
import { evaluateSwarmMembers } from '../../checks/swarm-members.js';
import { evaluateSwarmAddress } from '../../checks/swarm-address.js';
import { evaluateOverlayPeers } from '../../checks/overlay-peers.js';
import { evaluateDataPathPort } from '../../checks/data-path-port.js';
import { VERSION } from '../version.js';
import { type GatheredHostFacts, gatherHostFacts } from './host-facts.js';
import { checkContext } from './check-context.js';

export interface RunDeps {
  sshConfig?: SshConfigLookup;
  /** Aborted on Ctrl-C: stop new work, clean up, return what is known. */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Gets the result as soon as it is known, before the hosts are cleaned up: the report need not
   * wait for every sshd to tear its session down. runCheck still resolves only after the cleanup.
   * The agents are still running then, for what reads the hosts after the result (--fix-out).
   */
  onResult?: (result: RunResult, agents: ReadonlyMap<string, RemoteAgent>) => void | Promise<void>;
}

export type ProgressEvent =
  | { type: 'connected'; host: string; ok: boolean }
  | { type: 'phase'; phase: 'connect' | 'facts' | 'probe' | 'cleanup' };

const FACT_TIMEOUT_MS = 8000;
const STOP_WAIT_MS = 3000;
/** What the cleanup may take after Ctrl-C (the CLI exits 2 s after it) and after the deadline. */
const INTERRUPTED_CLEANUP_MS = 1000;
const DEADLINE_CLEANUP_MS = 2500;

export async function runCheck(hosts: HostSpec[], options: RunOptions, deps: RunDeps = {}): Promise<RunResult> {
  const startedAt = new Date();
  const controller = new AbortController();
  const abort = () => controller.abort(new RunStop('interrupted'));
  deps.signal?.addEventListener('abort', abort, { once: true });
  let deadlinePassed = false;
  const deadline = setTimeout(() => { deadlinePassed = true; controller.abort(new RunStop('deadline', options.deadlineMs)); }, options.deadlineMs);
  const { signal } = controller;
  // Every host waits on the run's signal at once (its connection, its agent's replies): hundreds of
  // listeners are expected here, not a leak.
  setMaxListeners(Math.max(10, hosts.length * 4), signal);

  const results = new Map<string, HostResult>(hosts.map((h) => [h.id, { id: h.id, address: h.address, role: h.role, reachable: false, error: null }]));
  const connected = new Map<string, ConnectedHost>();
  const hostErrors = new Map<string, { kind: string; message: string; hint?: string }>();
  const facts = new Map<string, GatheredFacts>();
  const hostFacts = new Map<string, GatheredHostFacts>();
  // A docker host's own overlays (where its facts did not list them), asked for as soon as its docker
  // answered: they need nothing of the other hosts, which may still be reading theirs.
  const ownOverlays = new Map<string, Promise<OverlayNetwork[]>>();
  // How long each phase took: in the JSON, so a slow run says where its time went.
  const phases: Record<string, number> = {};
  let phaseStart = Date.now();
  const endPhase = (name: string) => { phases[name] = Date.now() - phaseStart; phaseStart = Date.now(); };
  let canary: Promise<CanaryEvidence | undefined> = Promise.resolve(undefined);
  try {
    deps.onProgress?.({ type: 'phase', phase: 'connect' });
    await connectAll(hosts, options, deps, signal, connected, results, hostErrors);

    endPhase('connectMs');
    deps.onProgress?.({ type: 'phase', phase: 'facts' });
    await Promise.all([...connected.values()].map(async (c) => {
      if (!c.agent || signal.aborted) return;
      const files = gatherHostFacts(c.agent, FACT_TIMEOUT_MS).then((f) => hostFacts.set(c.spec.id, f), () => undefined);
      try {
        const f = await gatherFacts(c.agent, FACT_TIMEOUT_MS, c.dockerSocket !== false);
        facts.set(c.spec.id, f);
        if (f.docker.running && !f.overlays) {
          const listed = listOverlays(c.agent, FACT_TIMEOUT_MS);
          // Its failure is read where the network facts use it.
          listed.catch(() => undefined);
          ownOverlays.set(c.spec.id, listed);
        }
      } catch (error) {
        // Facts are optional for the port matrix: without them the inventory's roles stand.
        facts.set(c.spec.id, { docker: { running: false, error: asPreflightError(error, 'agent').message }, firewall: 'unknown' });
        // But an agent that stopped answering (or still had not when the run stopped) takes no further
        // part: its host is the error, and its peers are not blamed for what it never did.
        if (error instanceof AgentSilent || signal.aborted) hostFailed(results, hostErrors, c.spec.id, asPreflightError(error, 'agent'));
      }
      await files;
    }));
    applyFacts(results, facts);
    markRefused(connected, results, hostErrors);
    // The canary needs only the swarm facts; it runs beside everything after this point.
    canary = startCanary(options, connected, facts, hostErrors, signal);

    const addresses = new Map(hosts.map((h) => [h.id, probeAddress(h, facts.get(h.id))]));
    // Every host's filter with its counters before the round: where a probe fails, the rule whose
    // counter rose names itself.
    const healthy = [...connected.values()].filter((c) => c.agent && !hostErrors.has(c.spec.id));
    const isRoot = (id: string) => connected.get(id)?.uid === 0;
    const rulesBefore = signal.aborted ? Promise.resolve(new Map<string, RulesetRead>())
      : readRulesets(new Map(healthy.map((c) => [c.spec.id, c.agent as RemoteAgent])), healthy.map((c) => c.spec.id), FACT_TIMEOUT_MS, false, isRoot);
    const net = new Map<string, NetFacts>();
    await Promise.all([...connected.values()].map(async (c) => {
      if (!c.agent || signal.aborted || hostErrors.has(c.spec.id)) return;
      const peers = hosts.filter((h) => h.id !== c.spec.id).map((h) => addresses.get(h.id) as string);
      try {
        const f = facts.get(c.spec.id);
        const agent = c.agent as RemoteAgent;
        // A manager's overlays were listed with its facts; other docker hosts list their own.
        const own = ownOverlays.get(c.spec.id);
        const overlays = f?.overlays ? async () => f.overlays as OverlayNetwork[] : own ? () => own : undefined;
        net.set(c.spec.id, await gatherNetFacts(agent, peers, overlays, FACT_TIMEOUT_MS, c.netInfo));
      } catch (error) {
        // The port matrix does not need network facts; the overlay checks report the host as unread.
        net.set(c.spec.id, unreadableNet(asPreflightError(error, 'agent').message));
        if (error instanceof AgentSilent || signal.aborted) hostFailed(results, hostErrors, c.spec.id, asPreflightError(error, 'agent'));
      }
    }));
    const rulesetsBefore = await rulesBefore;
    endPhase('factsMs');
    markRefused(connected, results, hostErrors);

    const managerPorts = [...facts].filter(([id, f]) => !hostErrors.has(id) && f.docker.isManager && f.docker.dataPathPort).map(([host, f]) => ({ host, port: f.docker.dataPathPort as number }));
    const agreed = agreedDataPathPort(managerPorts, options.dataPathPort ?? DEFAULT_DATA_PATH_PORT);
    const dataPathPort = options.dataPathPort ?? agreed.port ?? DEFAULT_DATA_PATH_PORT;
    const encrypted = [...facts.values()].flatMap((f) => f.overlays ?? []).filter((n) => n.encrypted).map((n) => n.name);
    const esp = options.esp ?? encrypted.length > 0;
    // One machine listed twice: nothing to test between its entries.
    const sameMachine = sameMachinePairs(hosts.map((h) => ({ id: h.id, files: hostFacts.get(h.id)?.files })));

    deps.onProgress?.({ type: 'phase', phase: 'probe' });
    const agents = new Map<string, RemoteAgent>();
    // A host that failed (its agent stopped answering) takes no part: no wait for it in any round.
    for (const [id, c] of connected) if (c.agent && !hostErrors.has(id)) agents.set(id, c.agent);
    const forwarders = new Map<string, Forwarder>();
    for (const [id, c] of connected) {
      // A local host without python has no sshd of ours to probe through: its TCP probes stay errors.
      const session = c.session;
      if (c.agentError?.kind === 'tool-missing' && session) forwarders.set(id, (addr, port, t, payload) => session.forwardOut(addr, port, t, payload));
    }
    const round = await portMatrix({
      hosts: [...results.values()].map((h) => ({ id: h.id, role: h.role })), agents, hostErrors, addresses, forwarders, sameMachine,
      dataPathPort, esp, mode: options.mode, timeoutMs: options.timeoutMs, signal,
      afterRound: () => {
        endPhase('probeMs');
        markRefused(connected, results, hostErrors);
      },
    });
    const { probes, untested } = round;
    collectGarbage();
    // After the round, the filters of both ends of every stopped probe, with the text listing.
    const stoppedEnds = new Set(probes.filter((p) => p.status === 'fail' && STOPPED.has(p.reason ?? '')).flatMap((p) => [p.from, p.to]));
    const rulesAfter = signal.aborted ? Promise.resolve(new Map<string, RulesetRead>()) : readRulesets(agents, stoppedEnds, FACT_TIMEOUT_MS, true, isRoot);
    const pmtu = signal.aborted ? [] : await runPmtuRound({
      agents, addresses, port: dataPathPort, full: pathMtuFrame(facts), control: PMTU_CONTROL, timeoutMs: options.timeoutMs, signal,
      pairs: round.pmtuPairs, portOpen: round.portOpen,
    });
    endPhase('pathMtuMs');
    for (const [id, items] of round.listening) {
      const host = results.get(id);
      if (host?.facts) host.facts.mode = modeOf(items.map((i: ListenItem) => i.how));
    }
    // Firewalls are read where a fix goes, and where a public address may expose the data-path port.
    const exposed = [...net].filter(([, n]) => publicAddresses({ net: n }).length > 0).map(([id]) => id);
    await readFirewalls(probes, agents, facts, exposed);
    markRefused(connected, results, hostErrors);
    const findings: Finding[] = [...agreed.findings, ...evaluateChecks(checkContext({
      hosts, results, hostErrors, facts, hostFacts, net, rulesets: rulesetsBefore, listening: round.listening, addresses, dataPathPort, esp, encryptedOverlays: encrypted, sameMachine,
    }))];
    findings.push(...pmtu.map((e) => evaluatePathMtu(e, dataPathPort)));
    const canaryEvidence = await canary;
    if (canaryEvidence) findings.push(...evaluateCanary(canaryEvidence));
    findings.push(...overlayFindings(hosts, addresses, net, facts, options.reserved));
    // The swarm's view of itself: a manager's node list against each node's own view and the matrix.
    const view = swarmView(hosts, facts, net, addresses, new Map([...results].map(([id, h]) => [id, h.facts?.hostname])));
    findings.push(...evaluateSwarmMembers(view), ...evaluateSwarmAddress(view, probes), ...evaluateOverlayPeers(view), ...evaluateDataPathPort(view));
    const drops = evaluateWhoDrops({
      probes,
      address: (id) => addresses.get(id) ?? id,
      route: (id, peer) => net.get(id)?.towards.get(peer),
      rulesets: rulesetEvidence(rulesetsBefore, await rulesAfter),
    });
    // Only failing findings that name probes can explain one: looked up for failed probes only, since
    // scanning every finding for every probe grows as hosts to the fourth (minutes at 200 hosts).
    const explainers = findings.filter((f) => f.status === 'fail' && (f.explains?.length ?? 0) > 0);
    const explainerOf = (p: ProbeResult) => (p.status === 'fail' && explainers.length ? explainedBy(explainers, p) : undefined);
    // A probe a finding explains (sent to an address nobody has) was dropped by no rule of anyone's.
    for (const [i, dropBy] of drops) if (!explainerOf(probes[i])) probes[i].dropBy = dropBy;
    for (const [id, f] of facts) {
      const host = results.get(id);
      if (host?.facts && f.firewall !== 'unknown') host.facts.firewall = f.firewall;
    }
    // The address peers reached each host at: the causes name it in their fixes.
    for (const [id, address] of addresses) {
      const host = results.get(id);
      if (host) host.facts = { ...host.facts, probeAddress: address };
    }
    const remediationFacts = { firewall: (id: string) => facts.get(id)?.firewall ?? 'unknown' as const, address: (id: string) => addresses.get(id) ?? id };
    for (const probe of probes) {
      // A probe a finding explains (a wrong advertise address) gets that finding's fix, not a firewall's.
      const fix = explainerOf(probe)?.remediation ?? remediateProbe(probe, remediationFacts);
      if (fix) probe.remediation = fix;
    }
    const modes = [...results.values()].map((h) => h.facts?.mode).filter((m): m is 'pre' | 'live' | 'mixed' => m !== undefined);
    const result: RunResult = {
      schemaVersion: 1,
      tool: { name: 'swarm-preflight', version: VERSION },
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      phases,
      mode: modes.length && modes.every((m) => m === modes[0]) ? modes[0] : modes.length ? 'mixed' : 'pre',
      options: publicOptions(options, dataPathPort, esp, encrypted),
      hosts: [...results.values()],
      probes,
      ...(untested.length ? { untested } : {}),
      findings,
      summary: summarize(probes, findings, untested),
      ...(signal.aborted && !deadlinePassed ? { interrupted: true } : {}),
      ...(deadlinePassed ? { deadlinePassed: true } : {}),
    };
    result.causes = groupCauses(result);
    // The report is built next from the result alone: what the conclusions left behind goes first.
    collectGarbage();
    await deps.onResult?.(result, agents);
    return result;
  } finally {
    clearTimeout(deadline);
    deps.signal?.removeEventListener('abort', abort);
    deps.onProgress?.({ type: 'phase', phase: 'cleanup' });
    // A run that was stopped cleans up within a bound, every host at once; the agents also exit on
    // their own when their connection closes.
    const budget = !signal.aborted ? undefined : deadlinePassed ? DEADLINE_CLEANUP_MS : INTERRUPTED_CLEANUP_MS;
    const started = Date.now();
    // The canary removes its containers through the agents: let it finish before they stop.
    await within(canary.catch(() => undefined), budget);
    await cleanup(connected, budget === undefined ? STOP_WAIT_MS : Math.max(100, budget - (Date.now() - started)));
  }
}

/** A host that cannot take part any further, with the error that says why. */
function hostFailed(results: Map<string, HostResult>, hostErrors: Map<string, { kind: string; message: string; hint?: string }>, id: string, error: PreflightError): void {
  if (hostErrors.has(id)) return;
  hostErrors.set(id, { kind: error.kind, message: error.message, ...(error.hint ? { hint: error.hint } : {}) });
  const result = results.get(id);
  if (result && !result.error) {
    result.error = error.message;
    result.errorKind = error.kind;
  }
}

/** Waits for `work`, but no longer than `ms` when given. */
async function within(work: Promise<unknown>, ms: number | undefined): Promise<void> {
  if (ms === undefined) {
    await work;
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); })]);
  clearTimeout(timer);
}

async function connectAll(hosts: HostSpec[], options: RunOptions, deps: RunDeps, signal: AbortSignal,
  connected: Map<string, ConnectedHost>, results: Map<string, HostResult>, hostErrors: Map<string, { kind: string; message: string; hint?: string }>): Promise<void> {
  const limit = pLimit(options.concurrency);
  const readOnce = new ReadOnce();
  const undoAbort = onAbort(signal, () => limit.clearQueue());
  await Promise.all(hosts.map((spec) => limit(async () => {
    const result = results.get(spec.id) as HostResult;
    try {
      const host = await connectHost(spec, options, deps.sshConfig, signal, readOnce);
      connected.set(spec.id, host);
      result.reachable = true;
      result.facts = { hostname: host.hostname, uid: host.uid, python: host.python };
      if (host.agentError) {
        result.error = host.agentError.message;
        result.errorKind = host.agentError.kind;
        const { kind, message, hint } = host.agentError;
        hostErrors.set(spec.id, { kind, message, ...(hint ? { hint } : {}) });
      }
      if (signal.aborted) host.session?.close();
    } catch (error) {
      const e = asPreflightError(error, 'unreachable');
      result.error = e.message;
      result.errorKind = e.kind;
      // The error's own hint (a ProxyCommand's, a host key's) is more precise than the kind's generic one.
      hostErrors.set(spec.id, { kind: e.kind, message: e.message, ...(e.hint ? { hint: e.hint } : {}) });
    }
    deps.onProgress?.({ type: 'connected', host: spec.id, ok: result.reachable && !result.error });
  }).catch(() => undefined)));
  undoAbort();
  // Hosts never started (Ctrl-C while queued) are errors too.
  for (const spec of hosts) {
    if (!connected.has(spec.id) && !hostErrors.has(spec.id)) {
      hostErrors.set(spec.id, { kind: 'interrupted', message: 'not connected: the run was stopped first' });
      const result = results.get(spec.id) as HostResult;
      result.error = 'not connected: the run was stopped first';
      result.errorKind = 'interrupted';
    }
  }
}

/** Hosts whose agent sent invalid data are errors that say so, and take no further part. */
function markRefused(connected: Map<string, ConnectedHost>, results: Map<string, HostResult>, hostErrors: Map<string, { kind: string; message: string; hint?: string }>): void {
  for (const [id, c] of connected) {
    const invalid = c.agent?.invalidData;
    const result = results.get(id);
    if (!invalid || !result || result.error === invalid.message) continue;
    result.error = invalid.message;
    result.errorKind = invalid.kind;
    hostErrors.set(id, { kind: invalid.kind, message: invalid.message });
  }
}

function startCanary(options: RunOptions, connected: Map<string, ConnectedHost>, facts: Map<string, GatheredFacts>,
  hostErrors: Map<string, unknown>, signal: AbortSignal): Promise<CanaryEvidence | undefined> {
  if (!options.canary) return Promise.resolve(undefined);
  const nodes: CanaryNode[] = [];
  for (const [id, c] of connected) {
    const docker = facts.get(id)?.docker;
    if (c.agent && !hostErrors.has(id) && docker?.running && docker.swarmState === 'active') nodes.push({ id, agent: c.agent, manager: docker.isManager === true });
  }
  return runCanary(nodes, { ...options.canary, timeoutMs: options.timeoutMs, deadlineMs: options.deadlineMs }, signal);
}

function overlayFindings(hosts: HostSpec[], addresses: Map<string, string>, net: Map<string, NetFacts>, facts: Map<string, GatheredFacts>, reserved: string[]): Finding[] {
  const manager = [...facts.values()].find((f) => f.docker.isManager && f.overlays);
  const hostNets: HostNet[] = hosts.map((h) => ({ id: h.id, address: addresses.get(h.id) ?? h.address, ...(net.has(h.id) ? { net: net.get(h.id) } : {}) }));
  const overlays = clusterOverlays(manager?.overlays);
  const findings: Finding[] = [];
  for (const h of hostNets) if (h.net) findings.push(...evaluateOverlayMtu(mtuInput(h, hostNets, overlays)));
  if (net.size > 0) findings.push(...evaluateOverlaySubnets(subnetInput(hostNets, manager?.overlays, manager?.docker.defaultAddrPool, manager?.docker.subnetSize, reserved, manager?.vips)));
  return findings;
}

/** The firewall front end of every host a failed probe puts the fix on, for its remediation. */
async function readFirewalls(probes: ProbeResult[], agents: Map<string, RemoteAgent>, facts: Map<string, GatheredFacts>, also: string[]): Promise<void> {
  // The fix goes on the receiver, or on the sender where its own rules refused to send.
  const targets = new Set([...probes.filter((p) => p.status === 'fail').map((p) => (p.reason === 'blocked-outbound' ? p.from : p.to)), ...also]);
  await Promise.all([...targets].map(async (id) => {
    const agent = agents.get(id);
    const f = facts.get(id);
    if (!agent || !f || agent.hasExited) return;
    try {
      f.firewall = await readFirewall(agent, FACT_TIMEOUT_MS);
    } catch {
      // The remediation then names no tool; it still gives the commands for each.
    }
  }));
}

function applyFacts(results: Map<string, HostResult>, facts: Map<string, GatheredFacts>): void {
  for (const [id, f] of facts) {
    const host = results.get(id);
    if (!host) continue;
    const role = dockerRole(f.docker);
    if (role) host.role = role;
    host.facts = {
      ...host.facts,
      dockerVersion: f.docker.version,
      swarmState: f.docker.running ? f.docker.swarmState : 'no-docker',
      nodeAddr: f.docker.nodeAddr,
      dataPathPort: f.docker.dataPathPort,
      ...(f.overlays ? { overlays: f.overlays.map((n) => ({ name: n.name, encrypted: n.encrypted, subnets: n.subnets.map((s) => s.subnet) })) } : {}),
    };
  }
}

/** Peers reach a swarm node at its advertise address; before deployment, at the inventory address. */
function probeAddress(spec: HostSpec, facts: GatheredFacts | undefined): string {
  return spec.vars?.swarm_address ?? facts?.docker.nodeAddr ?? spec.address;
}

function modeOf(hows: string[]): 'pre' | 'live' | 'mixed' {
  const pre = hows.filter((h) => h === 'bound').length;
  const live = hows.filter((h) => h === 'live' || h === 'raw').length;
  if (live === 0) return 'pre';
  return pre === 0 ? 'live' : 'mixed';
}

function summarize(probes: { status: string }[], findings: { status: string }[], untested: UntestedHost[]): Summary {
  const summary: Summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const items of [probes, findings]) for (const item of items) summary[item.status as keyof Summary] += 1;
  const unsent = unsentCounts(untested);
  summary.error += unsent.error;
  summary.skip += unsent.skip;
  return summary;
}

function publicOptions(options: RunOptions, dataPathPort: number, esp: boolean, encrypted: string[]): Record<string, unknown> {
  // Only what describes the run; paths to keys and sockets stay out of reports.
  return {
    mode: options.mode, dataPathPort, esp, reserved: options.reserved, canary: options.canary ?? false, encryptedOverlays: encrypted, timeoutMs: options.timeoutMs,
    deadlineMs: options.deadlineMs, concurrency: options.concurrency, sudo: options.sudo !== 'none',
    hostKeyCheck: options.ssh.hostKeyCheck,
  };
}

/** Every agent asked to stop at once, each connection closed after at most `waitMs`. */
async function cleanup(connected: Map<string, ConnectedHost>, waitMs: number): Promise<void> {
  await Promise.all([...connected.values()].map(async (c) => {
    try {
      await c.agent?.stop(waitMs);
    } finally {
      c.session?.close();
    }
  }));
}
