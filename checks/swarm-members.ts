// swarm-members: the manager's list of nodes against the inventory and against each node's own view:
// nodes nobody tested, inventory hosts outside the swarm, nodes down or drained, and whether the
// managers can keep a raft quorum. Pure: a swarm view in, findings out.
import { and } from '../src/causes/words.js';
import type { Finding } from '../src/model.js';
import { matchNodes, type SwarmNode, type SwarmView } from './swarm-view.js';

export const id = 'swarm-members';
export const title = 'Swarm members against the inventory';

const describe = (n: SwarmNode) => `${n.hostname} (${[n.addr, n.role, n.state === 'ready' ? '' : n.state, n.availability === 'active' ? '' : n.availability].filter(Boolean).join(', ')})`;

export function evaluateSwarmMembers(view: SwarmView): Finding[] {
  const manager = view.manager;
  if (!manager) return [];
  const findings: Finding[] = [];
  const { byHost, unmatched } = matchNodes(view);
  if (unmatched.length) {
    findings.push({
      check: id,
      status: 'warn',
      summary: `${unmatched.length === 1 ? 'a swarm node is' : `${unmatched.length} swarm nodes are`} not in the inventory and ${unmatched.length === 1 ? 'was' : 'were'} not tested: ${and(unmatched.map(describe))}`,
      remediation: `add ${and(unmatched.map((n) => n.hostname))} to the inventory to test ${unmatched.length === 1 ? 'it' : 'them'}, or remove ${unmatched.length === 1 ? 'it' : 'them'} from the swarm (docker node rm on a manager)`,
      evidence: { nodes: unmatched.map((n) => ({ id: n.id, hostname: n.hostname, addr: n.addr, role: n.role, state: n.state, availability: n.availability })) },
    });
  }
  for (const h of view.hosts) {
    const node = byHost.get(h.id);
    if (!h.reached || !h.docker?.running) continue;
    if (h.docker.swarmState !== 'active') {
      findings.push({
        check: id, host: h.id, status: 'warn',
        summary: `${h.id} is not in the swarm (docker reports swarm ${h.docker.swarmState ?? 'inactive'}); its ports were tested for joining, not as a member`,
        remediation: `join it when it is meant to be a node: docker swarm join-token worker (on ${manager.host}) prints the command to run on ${h.id}`,
        evidence: { swarmState: h.docker.swarmState },
      });
    } else if (!node) {
      findings.push({
        check: id, host: h.id, status: 'fail',
        summary: `${h.id} is in a swarm, but not in ${manager.host}'s: its node id ${h.docker.nodeId ?? '(unknown)'} is not among the ${manager.nodes.length} nodes ${manager.host} lists`,
        remediation: `on ${h.id}: docker swarm leave --force, then join ${manager.host}'s swarm (docker swarm join-token worker on ${manager.host} prints the command)`,
        evidence: { nodeId: h.docker.nodeId, manager: manager.host },
      });
    }
  }
  for (const [host, node] of byHost) findings.push(...nodeState(host, node, view));
  findings.push(...quorum(manager.nodes));
  return findings;
}

function nodeState(host: string, node: SwarmNode, view: SwarmView): Finding[] {
  const findings: Finding[] = [];
  const evidence = { nodeId: node.id, state: node.state, availability: node.availability, addr: node.addr };
  if (node.state !== 'ready') {
    const own = view.hosts.find((h) => h.id === host);
    const thinksActive = own?.reached && own.docker?.swarmState === 'active';
    findings.push({
      check: id, host, status: thinksActive ? 'fail' : 'warn',
      summary: thinksActive
        ? `the manager lists ${host} ${node.state}, though ${host}'s own docker says it is in the swarm: its heartbeats do not reach the managers`
        : `the manager lists ${host} ${node.state}`,
      remediation: thinksActive
        ? `make 2377/tcp from ${host} to the managers work (see the probes), then restart docker on ${host}`
        : `start docker on ${host}, or remove the node: docker node rm ${node.id}`,
      evidence,
    });
  }
  if (node.availability !== 'active') {
    findings.push({
      check: id, host, status: 'warn',
      summary: `${host} is ${node.availability === 'drain' ? 'drained' : node.availability === 'pause' ? 'paused' : `availability ${node.availability}`}: no new tasks are scheduled on it`,
      remediation: `when it should run tasks again: docker node update --availability active ${node.id}`,
      evidence,
    });
  }
  if (node.reachability !== undefined && node.reachability !== 'reachable') {
    findings.push({
      check: id, host, status: 'fail',
      summary: `manager ${host} is ${node.reachability} to the other managers (raft)`,
      remediation: `make 2377/tcp work between the managers (see the probes), then restart docker on ${host}`,
      evidence: { ...evidence, reachability: node.reachability },
    });
  }
  return findings;
}

/** Raft needs a majority of the managers: 3 tolerate one loss, 5 two; an even count adds none. */
function quorum(nodes: SwarmNode[]): Finding[] {
  const managers = nodes.filter((n) => n.role === 'manager');
  const n = managers.length;
  const tolerates = Math.max(0, Math.floor((n - 1) / 2));
  const evidence = { managers: managers.map((m) => m.hostname), tolerates };
  if (n >= 3 && n % 2 === 1) {
    return [{ check: id, status: 'pass', summary: `${n} managers: the swarm keeps its raft quorum with ${tolerates} of them down`, evidence }];
  }
  const summary = n < 3
    ? `${n} manager${n === 1 ? '' : 's'} (${and(managers.map((m) => m.hostname))}): raft needs a majority of the managers, so losing ${n === 1 ? 'it' : 'either'} leaves the swarm unable to schedule, update or recover`
    : `${n} managers: an even number keeps a raft quorum through no more losses than ${n - 1} would (${tolerates}), with more managers to fail`;
  return [{
    check: id,
    status: 'warn',
    summary,
    remediation: n < 3 ? 'run 3 managers (or 5): docker node promote on workers' : `run ${n - 1} or ${n + 1} managers (docker node demote / docker node promote)`,
    evidence,
  }];
}
