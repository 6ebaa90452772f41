// The swarm view of the captured lab (n1 manager; n3 joined with --advertise-addr 198.18.0.99, an
// address it does not have), built from the real command output by the real parsers.
import { parseDockerInfo } from '../../src/facts/docker-info.js';
import { parseAddrs } from '../../src/facts/ip.js';
import { parseNetworkInspect } from '../../src/facts/overlays.js';
import { parseNodeInspect } from '../../src/facts/swarm-nodes.js';
import type { HostSpec, ProbeResult, RunResult } from '../../src/model.js';
import type { GatheredFacts } from '../../src/run/facts.js';
import type { NetFacts } from '../../src/run/net-facts.js';
import { swarmView } from '../../src/run/swarm-view-inputs.js';
import type { SwarmView } from '../../checks/swarm-view.js';
import { fixture } from '../fixtures/load.js';

export const DIR = 'lab/swarm-wrong-advertise';
export const IDS = ['n1', 'n2', 'n3'];

export function labFacts(): { hosts: HostSpec[]; facts: Map<string, GatheredFacts>; net: Map<string, NetFacts> } {
  const hosts: HostSpec[] = IDS.map((id, i) => ({ id, address: `198.18.0.${11 + i}`, role: i === 0 ? 'manager' : 'worker' }));
  const facts = new Map<string, GatheredFacts>();
  const net = new Map<string, NetFacts>();
  for (const id of IDS) {
    const docker = parseDockerInfo({ code: 0, stdout: fixture(`${DIR}/docker-info.${id}.json`), stderr: '', error: null });
    const f: GatheredFacts = { docker, firewall: 'none' };
    const overlays = parseNetworkInspect(fixture(id === 'n1' ? `${DIR}/docker-network-inspect-verbose-all.n1.json` : `${DIR}/docker-network-inspect-verbose.${id}.json`));
    if (id === 'n1') {
      f.overlays = overlays;
      f.nodes = parseNodeInspect(fixture(`${DIR}/docker-node-inspect.json`));
    }
    facts.set(id, f);
    net.set(id, { interfaces: parseAddrs(fixture(`${DIR}/ip-j-addr.${id}.json`)), routes: [], nameservers: [], towards: new Map(), errors: [], localOverlays: overlays });
  }
  return { hosts, facts, net };
}

/** The view as the runner builds it: peers probed each host at its advertise address. */
export function labView(edit: (parts: ReturnType<typeof labFacts>) => void = () => {}): SwarmView {
  const parts = labFacts();
  edit(parts);
  const addresses = new Map(parts.hosts.map((h) => [h.id, parts.facts.get(h.id)?.docker.nodeAddr ?? h.address]));
  return swarmView(parts.hosts, parts.facts, parts.net, addresses, new Map(IDS.map((id) => [id, id])));
}

/** The probe results of the CLI's run against that lab, before this check existed. */
export function labProbes(): ProbeResult[] {
  return (JSON.parse(fixture(`${DIR}/result.before.json`)) as RunResult).probes;
}
