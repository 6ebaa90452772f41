// The canary (--canary, opt-in): the "containers on A cannot ping containers on B" scenario, automated.
// A temporary attachable overlay, one small container per swarm node on it, every ordered pair pinged
// with small packets and with packets of the full overlay MTU, then everything removed again, also on
// failure, timeout and Ctrl-C. Containers sleep only as long as the run may last, so even a lost
// connection cannot leave one running.
import { randomBytes } from 'node:crypto';
import type { RemoteAgent } from '../agent/remote-agent.js';
import { type CanaryPing, parseCanaryOutput, parseInEchos } from '../facts/canary-output.js';
import { containerAddress, labelledIds } from './docker-api.js';

export interface CanaryOptions { image: string; subnet?: string; timeoutMs: number; deadlineMs: number }

export interface CanaryNode { id: string; agent: RemoteAgent; manager: boolean }

export interface CanaryEvidence {
  network: string;
  /** Why the canary could not run at all (no manager, image missing ...). */
  error?: string;
  containers: { host: string; name: string; ip?: string; pid?: number; mtu?: number; error?: string; noNsenter?: boolean }[];
  pings: CanaryPing[];
  cleanup: { removed: string[]; failed: string[] };
  /** Milliseconds per step: where a slow canary spent its time. */
  timings: Record<string, number>;
}

const LABEL = 'swarm-preflight.canary';
/** docker run's answer when the manager did not allocate the container's overlay attachment in time. */
const ATTACH_TIMED_OUT = /attaching to network failed.*context deadline exceeded/i;
/** The label (key=value) on everything a run creates: its network is `spf-canary-RUN`. */
const runLabel = (network: string) => `${LABEL}=${network.replace('spf-canary-', '')}`;
/** How long cleanup waits for every node to stop listing the run's containers and network. */
const VERIFY_MS = 10000;

export async function runCanary(nodes: CanaryNode[], options: CanaryOptions, signal: AbortSignal): Promise<CanaryEvidence> {
  const run = randomBytes(3).toString('hex');
  const network = `spf-canary-${run}`;
  const evidence: CanaryEvidence = { network, containers: [], pings: [], cleanup: { removed: [], failed: [] }, timings: {} };
  let last = Date.now();
  const lap = (step: string) => { evidence.timings[step] = Date.now() - last; last = Date.now(); };
  const manager = nodes.find((n) => n.manager);
  if (!manager) return { ...evidence, error: 'no swarm manager among the reachable hosts: the canary needs one to create its network' };
  // Docker commands, not probes: a node's first attach to an overlay can take seconds on a busy host.
  const t = Math.max(30000, options.timeoutMs * 3);
  let created = false;
  try {
    const create = await manager.agent.exec(['docker', 'network', 'create', '--driver', 'overlay', '--attachable', '--label', runLabel(network),
      ...(options.subnet ? ['--subnet', options.subnet] : []), network], t);
    if (create.code !== 0) return { ...evidence, error: `docker network create failed on ${manager.id}: ${firstLine(create.stderr || create.error)}` };
    created = true;
    lap('createMs');
    const lifetime = String(Math.ceil(options.deadlineMs / 1000));
    evidence.containers = await Promise.all(nodes.map(async (n) => {
      const name = `${network}-${n.id}`;
      if (signal.aborted) return { host: n.id, name, error: 'interrupted' };
      const start = () => n.agent.exec(['docker', 'run', '-d', '--rm', '--pull', 'never', '--name', name, '--label', runLabel(network),
        '--network', network, options.image, 'sleep', lifetime], t);
      let started = await start();
      // A manager too busy to hand out the overlay attachment in time: asked once more, after the
      // container it left behind under that name is gone.
      if (started.code !== 0 && ATTACH_TIMED_OUT.test(started.stderr) && !signal.aborted) {
        await n.agent.exec(['docker', 'rm', '-f', name], t).catch(() => undefined);
        started = await start();
      }
      if (started.code !== 0) return { host: n.id, name, error: firstLine(started.stderr || started.error) };
      const { ip, pid } = await containerAddress(n.agent, name, network, t).catch(() => ({ ip: undefined, pid: undefined }));
      if (!ip) return { host: n.id, name, error: `no address on ${network}` };
      return { host: n.id, name, ip, ...(pid ? { pid } : {}) };
    }));
    lap('containersMs');
    if (!signal.aborted) evidence.pings = await pingInSlots(nodes, evidence, options.timeoutMs, t, signal);
    lap('pingMs');
  } catch (error) {
    // The run stopped (deadline, Ctrl-C) or an agent failed mid-way: what was found stays, cleanup follows.
    evidence.error = `the canary did not finish: ${(error as Error).message}`;
  } finally {
    await cleanup(nodes, evidence, created ? manager : undefined, t);
    await verifyGone(nodes, evidence, t);
    lap('cleanupMs');
  }
  return evidence;
}

/** How long a ping waits for its echo within a slot: a failing pair costs its slot this much, not the full wait. */
const SLOT_WAIT_S = 1;
/** A node in this many failing pairs is taken as broken: its remaining pairs wait for the retry at the end. */
const BROKEN_AT = 2;

/**
 * Every ordered pair, in N-1 slots: in slot k container i pings container (i+k) mod N, so each
 * container hears from exactly one source per slot. Its echo-request counter, read between slots,
 * then shows whether that source's requests arrived: one-way evidence, as an echo alone needs both ways.
 * A slot waits one second for its echoes; the pairs without an echo are pinged again all together at
 * the end with the full wait (a new container's address may still be on its way by gossip). A node
 * already in two failing pairs (one broken node fails both its pairs of the first slot) sends and
 * receives nothing more in the slots: its remaining pairs go straight to that retry, so a broken node
 * costs the canary one slot's wait and the retry, not a wait in every slot.
 */
async function pingInSlots(nodes: CanaryNode[], evidence: CanaryEvidence, timeoutMs: number, execTimeoutMs: number, signal: AbortSignal): Promise<CanaryPing[]> {
  const ready = evidence.containers.filter((c) => c.ip);
  const wait = Math.max(3, Math.ceil(timeoutMs / 1000) + 2);
  const pings: CanaryPing[] = [];
  // Pairs for the retry: failed in their slot (with that slot's ping), or left out of it (without).
  const again: { ping?: CanaryPing; source: CanaryContainer; target: CanaryContainer }[] = [];
  const failures = new Map<string, number>();
  const broken = (c: CanaryContainer) => (failures.get(c.host) ?? 0) >= BROKEN_AT;
  let before = await echoCounters(nodes, evidence, execTimeoutMs);
  for (let k = 1; k < ready.length && !signal.aborted; k++) {
    const pairs = ready.map((source, i) => ({ source, target: ready[(i + k) % ready.length] as CanaryContainer }));
    const now = pairs.filter((p) => !broken(p.source) && !broken(p.target));
    again.push(...pairs.filter((p) => broken(p.source) || broken(p.target)));
    if (now.length === 0) continue;
    const slot = await Promise.all(now.map((p) => pingPair(nodes, p.source, p.target, SLOT_WAIT_S, execTimeoutMs).then((ping) => ping && { ...p, ping })));
    const after = await echoCounters(nodes, evidence, execTimeoutMs);
    for (const done of slot) {
      if (!done) continue;
      const b = before.get(done.ping.to);
      const a = after.get(done.ping.to);
      if (a !== undefined && b !== undefined) done.ping.requestsIn = a - b;
      if (done.ping.small && done.ping.full) {
        pings.push(done.ping);
        continue;
      }
      again.push(done);
      for (const host of [done.source.host, done.target.host]) failures.set(host, (failures.get(host) ?? 0) + 1);
    }
    before = after;
  }
  if (again.length === 0) return pings;
  if (signal.aborted) return [...pings, ...again.flatMap((x) => (x.ping ? [x.ping] : []))];
  const retried = await Promise.all(again.map((x) => pingPair(nodes, x.source, x.target, wait, execTimeoutMs)));
  const after = await echoCounters(nodes, evidence, execTimeoutMs);
  const sources = new Map<string, number>();
  for (const x of again) sources.set(x.target.host, (sources.get(x.target.host) ?? 0) + 1);
  for (const [i, x] of again.entries()) {
    const ping = retried[i] ?? x.ping;
    if (!ping) continue;
    const b = before.get(x.target.host);
    const a = after.get(x.target.host);
    // With several sources at one target the counter says something for each only when it did not move.
    const rise = a !== undefined && b !== undefined ? a - b : undefined;
    const attributed = rise === undefined ? undefined : rise === 0 || sources.get(x.target.host) === 1 ? rise : undefined;
    // Requests counted in the pair's own slot remain evidence that this way works.
    const inSlot = x.ping?.requestsIn ?? null;
    ping.requestsIn = attributed ?? (inSlot !== null && inSlot > 0 ? inSlot : null);
    pings.push(ping);
  }
  return pings;
}

type CanaryContainer = CanaryEvidence['containers'][number];

/** One pair's small and full-size ping, each waiting up to `waitS` for its echo. */
async function pingPair(nodes: CanaryNode[], source: CanaryContainer, target: CanaryContainer, waitS: number, execTimeoutMs: number): Promise<CanaryPing | undefined> {
  const agent = nodes.find((n) => n.id === source.host)?.agent;
  if (!agent) return undefined;
  // The address was checked as a dotted quad above; nothing else enters the script.
  const script = [
    'm=$(cat /sys/class/net/eth0/mtu); s=$((m-28)); echo "mtu $m"',
    `(ping -c 1 -W ${waitS} -w ${waitS} -q ${target.ip} >/dev/null 2>&1 && echo "small ${target.ip} ok" || echo "small ${target.ip} fail") &`,
    `(ping -c 1 -W ${waitS} -w ${waitS} -q -s $s ${target.ip} >/dev/null 2>&1 && echo "full ${target.ip} ok" || echo "full ${target.ip} fail") &`,
    'wait',
  ].join('\n');
  const out = await inContainer(agent, source, ['sh', '-c', script], execTimeoutMs + waitS * 1000);
  const parsed = parseCanaryOutput(out.stdout);
  if (parsed.mtu) source.mtu = parsed.mtu;
  return {
    from: source.host, to: target.host, toIp: target.ip as string,
    small: parsed.results.get(`small ${target.ip}`) ?? null, full: parsed.results.get(`full ${target.ip}`) ?? null,
    size: parsed.mtu ? parsed.mtu - 28 : null, requestsIn: null,
  };
}

/**
 * A command in the container: in its mount and network namespaces by nsenter, the same programs and
 * interface as `docker exec` without the daemon in between (docker exec took about 3 s a slot on a
 * busy 10-node lab), or by `docker exec` where nsenter cannot (no root, no nsenter, no PID).
 */
export async function inContainer(agent: RemoteAgent, c: CanaryContainer, argv: string[], timeoutMs: number): Promise<{ stdout: string }> {
  if (c.pid && !c.noNsenter) {
    const out = await agent.exec(['nsenter', '-t', String(c.pid), '-m', '-n', ...argv], timeoutMs);
    // No nsenter, or one that could not enter (it says so and runs nothing): from then on, docker exec.
    if (out.error !== 'not-found' && !/^nsenter: /m.test(out.stderr ?? '')) return out;
    c.noNsenter = true;
  }
  return agent.exec(['docker', 'exec', c.name, ...argv], timeoutMs);
}

async function echoCounters(nodes: CanaryNode[], evidence: CanaryEvidence, timeoutMs: number): Promise<Map<string, number>> {
  const counters = new Map<string, number>();
  await Promise.all(evidence.containers.filter((c) => c.ip).map(async (c) => {
    const agent = nodes.find((n) => n.id === c.host)?.agent;
    // The container's counters through its PID's /proc (its network namespace): no process to start.
    // Without that (no root), through docker exec.
    let text = c.pid && agent ? await agent.readProcNet(c.pid, 'snmp', timeoutMs).catch(() => undefined) : undefined;
    if (text === undefined) {
      const out = await agent?.exec(['docker', 'exec', c.name, 'cat', '/proc/net/snmp'], timeoutMs).catch(() => undefined);
      text = out?.code === 0 ? out.stdout : undefined;
    }
    const value = text !== undefined ? parseInEchos(text) : undefined;
    if (value !== undefined) counters.set(c.host, value);
  }));
  return counters;
}

/** Runs also after the run was stopped (its execs outlive the abort); the runner bounds how long it waits. */
async function cleanup(nodes: CanaryNode[], evidence: CanaryEvidence, manager: CanaryNode | undefined, timeoutMs: number): Promise<void> {
  const label = runLabel(evidence.network);
  await Promise.all(evidence.containers.map(async (c) => {
    const agent = nodes.find((n) => n.id === c.host)?.agent;
    if (!agent || agent.hasExited) return evidence.cleanup.failed.push(c.name);
    // By label, not only by name: a `docker run` that timed out here may still finish in the daemon.
    const listed = () => labelledIds(agent, 'containers', label, timeoutMs, true).catch(() => undefined);
    for (let attempt = 0; attempt < 3; attempt++) {
      const ids = await listed();
      if (ids?.length === 0 && !c.error) break;
      if (ids?.length) await agent.exec(['docker', 'rm', '-f', ...ids], timeoutMs, true).catch(() => undefined);
      if (!c.error) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    if ((await listed())?.length === 0) evidence.cleanup.removed.push(c.name);
    else evidence.cleanup.failed.push(c.name);
  }));
  if (!manager) return;
  // Workers release their attachment a moment after their container goes: retry a few times.
  for (let attempt = 0; attempt < 10 && !manager.agent.hasExited; attempt++) {
    const rm = await manager.agent.exec(['docker', 'network', 'rm', evidence.network], timeoutMs, true).catch(() => undefined);
    if (rm?.code === 0 || /not found/i.test(rm?.stderr ?? '')) {
      evidence.cleanup.removed.push(evidence.network);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  evidence.cleanup.failed.push(evidence.network);
}

/**
 * Cleanup ends only when no node lists a container or network of this run any more: a worker drops
 * its copy of the overlay a moment after its container goes, and a `docker run` that timed out may
 * still finish in the daemon. What is still there after the wait is reported, node by node.
 */
async function verifyGone(nodes: CanaryNode[], evidence: CanaryEvidence, timeoutMs: number): Promise<void> {
  const label = runLabel(evidence.network);
  const until = Date.now() + VERIFY_MS;
  const left = new Map<string, string[]>();
  await Promise.all(nodes.map(async (n) => {
    for (;;) {
      if (n.agent.hasExited) return left.set(n.id, ['(agent gone: not verified)']);
      const [containers, networks] = await Promise.all([
        labelledIds(n.agent, 'containers', label, timeoutMs).catch(() => undefined),
        labelledIds(n.agent, 'networks', label, timeoutMs).catch(() => undefined),
      ]);
      if (containers?.length === 0 && networks?.length === 0) return left.delete(n.id);
      left.set(n.id, [...(containers?.map((c) => `container ${c}`) ?? ['containers not listed']), ...(networks?.map((x) => `network ${x}`) ?? ['networks not listed'])]);
      if (Date.now() >= until) return undefined;
      if (containers?.length) await n.agent.exec(['docker', 'rm', '-f', ...containers], timeoutMs).catch(() => undefined);
      // On a worker this may be refused (the manager owns the overlay); the worker then drops it by itself.
      if (networks?.length) await n.agent.exec(['docker', 'network', 'rm', ...networks], timeoutMs).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }));
  for (const [id, what] of left) evidence.cleanup.failed.push(...what.map((w) => `${id}: ${w}`));
}

function firstLine(text: string | null): string {
  return (text ?? '').trim().split('\n')[0]?.slice(0, 200) || 'no output';
}
