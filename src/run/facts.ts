// Facts about one host, read through its agent: docker engine, swarm role, overlays (asked of the
// engine's API by the agent, see docker-api.ts).
import { type DockerInfo, parseDockerInfo } from '../facts/docker-info.js';
import { type OverlayNetwork, parseNetworkInspect, parseNetworkList } from '../facts/overlays.js';
import { parseServiceVips } from '../facts/services.js';
import { parseNodeInspect, type SwarmNode } from '../facts/swarm-nodes.js';
import { engineGet, engineProblem, networkPath, OVERLAYS_PATH } from './docker-api.js';
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
  const docker = parseDockerInfo(dockerSocket ? await engineInfo(agent, timeoutMs) : NO_ENGINE);
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

/** GET /info in the form parseDockerInfo reads (the same object as `docker info --format '{{json .}}'`). */
async function engineInfo(agent: RemoteAgent, timeoutMs: number): Promise<Parameters<typeof parseDockerInfo>[0]> {
  const answer = await agent.dockerGet('/info', timeoutMs);
  if (answer.status === 200) return { code: 0, stdout: answer.body, stderr: '', error: null };
  return { code: 1, stdout: '', stderr: engineProblem(answer), error: null };
}

/** The overlay networks docker on this host lists (a manager: every swarm-scoped one). */
export async function listOverlays(agent: RemoteAgent, timeoutMs: number): Promise<OverlayNetwork[]> {
  const ids = parseNetworkList(await engineGet(agent, OVERLAYS_PATH, timeoutMs));
  // One network a request, all at once: the engine answers each from its own state.
  const bodies = await Promise.all(ids.map((id) => engineGet(agent, networkPath(id), timeoutMs)));
  return parseNetworkInspect(`[${bodies.join(',')}]`);
}

/** The swarm's nodes as a manager lists them (GET /nodes: what `docker node inspect` prints for each). */
export async function listNodes(agent: RemoteAgent, timeoutMs: number): Promise<SwarmNode[]> {
  return parseNodeInspect(await engineGet(agent, '/nodes', timeoutMs));
}

async function serviceVips(agent: RemoteAgent, timeoutMs: number): Promise<Map<string, number>> {
  return parseServiceVips(await engineGet(agent, '/services', timeoutMs));
}

/** Read only where a remediation needs it: after the round, on hosts that received a failure. */
export async function readFirewall(agent: RemoteAgent, timeoutMs: number): Promise<FirewallKind> {
  const names = Object.keys(FIREWALL_COMMANDS);
  const outputs = await Promise.all(names.map((name) => agent.exec(FIREWALL_COMMANDS[name], timeoutMs)));
  return detectFirewall(Object.fromEntries(names.map((name, i) => [name, outputs[i]])));
}
