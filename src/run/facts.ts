// Facts about one host, read through its agent: docker engine, swarm role, overlays.
import { type DockerInfo, parseDockerInfo } from '../facts/docker-info.js';
import { type OverlayNetwork, parseNetworkIds, parseNetworkInspect } from '../facts/overlays.js';
import { parseServiceIds, parseServiceVips } from '../facts/services.js';
import { parseNodeInspect, parseNodeLs, type SwarmNode } from '../facts/swarm-nodes.js';
import { isInvalidData } from '../agent/invalid-data.js';
import type { RemoteAgent } from '../agent/remote-agent.js';
import { detectFirewall, FIREWALL_COMMANDS, type FirewallKind } from '../facts/firewall.js';

export interface GatheredFacts {
  docker: DockerInfo;
  overlays?: OverlayNetwork[];
  overlayError?: string;
  /** Managers: service VIPs per overlay network id. */
  vips?: Map<string, number>;
  /** Managers: the swarm's nodes as this manager sees them. */
  nodes?: SwarmNode[];
  nodesError?: string;
  firewall: FirewallKind;
}

const NO_ENGINE = { code: null, stdout: '', stderr: '', error: 'not-found' };

export function gatherFacts(agent: RemoteAgent, timeoutMs: number, dockerSocket: boolean): Promise<GatheredFacts> {
  return refusing(agent, () => readFacts(agent, timeoutMs, dockerSocket));
}

/**
 * Runs `work`; when it finds invalid data in what the host sent, the host's agent refuses it (the
 * host becomes an error and goes no further) and the work fails with that error.
 */
export async function refusing<T>(agent: RemoteAgent, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isInvalidData(error)) throw agent.refuse(error.problem);
    throw error;
  }
}

async function readFacts(agent: RemoteAgent, timeoutMs: number, dockerSocket: boolean): Promise<GatheredFacts> {
  const info = dockerSocket ? await agent.exec(['docker', 'info', '--format', '{{json .}}'], timeoutMs) : NO_ENGINE;
  const docker = parseDockerInfo(info);
  const facts: GatheredFacts = { docker, firewall: 'unknown' };
  // Only a manager lists every swarm-scoped network. Its three listings are independent and asked
  // at once: every host's network facts wait for the manager's, so they are the run's critical path.
  if (docker.isManager) {
    const [overlays, vips, nodes] = await Promise.allSettled([listOverlays(agent, timeoutMs), serviceVips(agent, timeoutMs), listNodes(agent, timeoutMs)]);
    const invalid = [overlays, vips].find((r) => r.status === 'rejected' && isInvalidData(r.reason));
    if (invalid?.status === 'rejected') throw invalid.reason;
    if (overlays.status === 'fulfilled') facts.overlays = overlays.value;
    if (overlays.status === 'rejected') facts.overlayError = (overlays.reason as Error).message;
    else if (vips.status === 'rejected') facts.overlayError = (vips.reason as Error).message;
    else facts.vips = vips.value;
    if (nodes.status === 'rejected') facts.nodesError = (nodes.reason as Error).message;
    else facts.nodes = nodes.value;
  }
  return facts;
}

/** The overlay networks docker on this host lists (a manager: every swarm-scoped one). */
export async function listOverlays(agent: RemoteAgent, timeoutMs: number): Promise<OverlayNetwork[]> {
  const ls = await agent.exec(['docker', 'network', 'ls', '--filter', 'driver=overlay', '-q', '--no-trunc'], timeoutMs);
  if (ls.code !== 0) throw new Error(`docker network ls: ${ls.error ?? ls.stderr.trim()}`);
  const ids = parseNetworkIds(ls.stdout);
  if (ids.length === 0) return [];
  // --verbose adds the tasks each node announced, with its data-path address ("Host IP").
  const inspect = await agent.exec(['docker', 'network', 'inspect', '--verbose', ...ids], timeoutMs);
  if (inspect.code !== 0) throw new Error(`docker network inspect: ${inspect.error ?? inspect.stderr.trim()}`);
  return parseNetworkInspect(inspect.stdout);
}

/** The swarm's nodes as a manager lists them (`docker node ls`, then `docker node inspect`). */
export async function listNodes(agent: RemoteAgent, timeoutMs: number): Promise<SwarmNode[]> {
  const ls = await agent.exec(['docker', 'node', 'ls', '--format', '{{json .}}'], timeoutMs);
  if (ls.code !== 0) throw new Error(`docker node ls: ${ls.error ?? ls.stderr.trim()}`);
  const ids = parseNodeLs(ls.stdout);
  if (ids.length === 0) return [];
  const inspect = await agent.exec(['docker', 'node', 'inspect', ...ids], timeoutMs);
  if (inspect.code !== 0) throw new Error(`docker node inspect: ${inspect.error ?? inspect.stderr.trim()}`);
  return parseNodeInspect(inspect.stdout);
}

async function serviceVips(agent: RemoteAgent, timeoutMs: number): Promise<Map<string, number>> {
  const ls = await agent.exec(['docker', 'service', 'ls', '-q'], timeoutMs);
  if (ls.code !== 0) throw new Error(`docker service ls: ${ls.error ?? ls.stderr.trim()}`);
  const ids = parseServiceIds(ls.stdout);
  if (ids.length === 0) return new Map();
  const inspect = await agent.exec(['docker', 'service', 'inspect', ...ids], timeoutMs);
  if (inspect.code !== 0) throw new Error(`docker service inspect: ${inspect.error ?? inspect.stderr.trim()}`);
  return parseServiceVips(inspect.stdout);
}

/** Read only where a remediation needs it: after the round, on hosts that received a failure. */
export async function readFirewall(agent: RemoteAgent, timeoutMs: number): Promise<FirewallKind> {
  const names = Object.keys(FIREWALL_COMMANDS);
  const outputs = await Promise.all(names.map((name) => agent.exec(FIREWALL_COMMANDS[name], timeoutMs)));
  return detectFirewall(Object.fromEntries(names.map((name, i) => [name, outputs[i]])));
}
