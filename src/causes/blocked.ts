// Failing port probes into causes: a port blocked across the whole mesh (a network rule), a sender
// whose own firewall refuses to send, a host that fails with most of its peers (inbound at the
// receiver, outbound at the sender), and single pairs. Pure.
import { allowRules } from '../../checks/allow-rules.js';
import { portLabel, type ProbeResult, type Protocol } from '../model.js';
import type { Cause } from './types.js';
import type { CauseContext, Pool } from './context.js';
import { type Edge, groupEdges } from './greedy.js';
import { and, peersPhrase, sortPorts, verbOf } from './words.js';
import { withDropRules } from './drop-rules.js';

type Draft = Omit<Cause, 'id' | 'status'>;

export function blockedCauses(ctx: CauseContext, pool: Pool): Draft[] {
  const failing = [...pool.probes].filter((i) => ctx.probes[i].status === 'fail');
  const drafts: Draft[] = [];
  drafts.push(...meshCauses(ctx, pool, failing));
  const refused = pool.takeProbes((i) => ctx.probes[i].status === 'fail' && ctx.probes[i].reason === 'blocked-outbound');
  drafts.push(...bySender(ctx, refused).map((idx) => outboundCause(ctx, idx, true)));
  const rest = pool.takeProbes((i) => ctx.probes[i].status === 'fail');
  const edges: Edge[] = rest.map((idx) => ({ idx, from: ctx.probes[idx].from, to: ctx.probes[idx].to, key: keyOf(ctx.probes[idx]) }));
  const { hosts, pairs } = groupEdges(edges, ctx.rank);
  for (const g of hosts) {
    const idx = g.edges.map((e) => e.idx);
    drafts.push(g.dir === 'in' ? inboundCause(ctx, g.host, idx) : outboundCause(ctx, idx, false));
  }
  for (const p of pairs) drafts.push(pairCause(ctx, p.a, p.b, p.edges.map((e) => e.idx)));
  // Where the hosts' rulesets were read, the rule that drops (or the network) replaces the generic fix.
  return drafts.map((d) => withDropRules(ctx, d));
}

function keyOf(p: ProbeResult): string {
  return portLabel(p.protocol, p.port);
}

/** Ports where every concluded probe failed, between at least two senders and two receivers. */
function meshCauses(ctx: CauseContext, pool: Pool, failing: number[]): Draft[] {
  const byPort = new Map<string, number[]>();
  for (const i of failing) {
    const k = keyOf(ctx.probes[i]);
    byPort.set(k, [...(byPort.get(k) ?? []), i]);
  }
  const concluded = new Map<string, number>();
  for (const p of ctx.probes) if (p.status === 'pass' || p.status === 'fail') concluded.set(keyOf(p), (concluded.get(keyOf(p)) ?? 0) + 1);
  const meshPorts: string[] = [];
  for (const [port, idx] of byPort) {
    const probes = idx.map((i) => ctx.probes[i]);
    const spread = new Set(probes.map((p) => p.from)).size >= 2 && new Set(probes.map((p) => p.to)).size >= 2;
    const outbound = probes.some((p) => p.reason === 'blocked-outbound');
    if (ctx.hosts.length >= 3 && idx.length === concluded.get(port) && spread && !outbound) meshPorts.push(port);
  }
  if (!meshPorts.length) return [];
  const taken = pool.takeProbes((i) => meshPorts.includes(keyOf(ctx.probes[i])) && ctx.probes[i].status === 'fail');
  const ports = sortPorts(meshPorts);
  const hosts = [...new Set(taken.flatMap((i) => [ctx.probes[i].from, ctx.probes[i].to]))].sort((a, b) => ctx.rank(a) - ctx.rank(b));
  const portList = ports.map(parsePort);
  const sample = hosts[0];
  return [{
    kind: 'mesh-blocked',
    summary: `${and(ports)} ${ports.length > 1 ? 'are' : 'is'} blocked between every pair of the ${hosts.length} hosts (${taken.length} probes): a rule in the network, or the same rule on every host`,
    remediation: `allow ${and(ports)} between all swarm nodes where the network filters them: the security group / network ACL / firewall on the path (in AWS a rule on the nodes' security group that references the group itself; in GCP a firewall rule for the nodes' network tag). If every host carries the same firewall configuration instead, allow it there (on ${sample}: ${allowRules({ firewall: ctx.firewall(sample), direction: 'in', ports: portList, peers: hosts.map(ctx.address) })})`,
    hosts,
    ports,
    probes: taken,
    findings: [],
  }];
}

function parsePort(label: string): { protocol: Protocol; port: number } {
  if (label === 'esp') return { protocol: 'esp', port: 0 };
  const [port, protocol] = label.split('/');
  return { protocol: protocol as Protocol, port: Number(port) };
}

function bySender(ctx: CauseContext, idx: number[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const i of idx) groups.set(ctx.probes[i].from, [...(groups.get(ctx.probes[i].from) ?? []), i]);
  return [...groups.values()];
}

/** Per port, the peers on the other side and how many were concluded, for the summary. */
function perPort(ctx: CauseContext, idx: number[], dir: 'in' | 'out', host: string): { port: string; peers: string[]; tested: number }[] {
  const map = new Map<string, string[]>();
  for (const i of idx) {
    const p = ctx.probes[i];
    map.set(keyOf(p), [...(map.get(keyOf(p)) ?? []), dir === 'in' ? p.from : p.to]);
  }
  return sortPorts([...map.keys()]).map((port) => {
    const peers = [...new Set(map.get(port))].sort((a, b) => ctx.rank(a) - ctx.rank(b));
    return { port, peers, tested: Math.max(ctx.tested(dir, host, port), peers.length) };
  });
}

/** "7946/udp and 4789/udp from all 49 peers", or per port where the peers differ. */
function portsAndPeers(parts: { port: string; peers: string[]; tested: number }[], word: 'from' | 'to', others: number): string {
  const phrases = new Map<string, string[]>();
  for (const part of parts) {
    const phrase = peersPhrase(part.peers, part.tested, others);
    phrases.set(phrase, [...(phrases.get(phrase) ?? []), part.port]);
  }
  return and([...phrases].map(([phrase, ports]) => `${and(ports)} ${word} ${phrase}`));
}

function inboundCause(ctx: CauseContext, host: string, idx: number[]): Draft {
  const parts = perPort(ctx, idx, 'in', host);
  const probes = idx.map((i) => ctx.probes[i]);
  const peers = [...new Set(probes.map((p) => p.from))];
  return {
    kind: 'inbound-blocked',
    summary: `${host} ${verbOf(probes)} ${portsAndPeers(parts, 'from', ctx.hosts.length - 1)}`,
    remediation: inboundFix(ctx, host, parts.map((p) => p.port), peers),
    hosts: [host],
    ports: parts.map((p) => p.port),
    probes: idx,
    findings: [],
  };
}

function inboundFix(ctx: CauseContext, host: string, ports: string[], peers: string[]): string {
  const fw = ctx.firewall(host);
  const rules = allowRules({ firewall: fw, direction: 'in', ports: ports.map(parsePort), peers: peers.map(ctx.address) });
  if (fw === 'none') {
    return `no host firewall was found on ${host}, so the packets are most likely dropped before they reach it: allow ${and(ports)} into ${host} from the swarm nodes in its security group / network ACL`;
  }
  const which = fw === 'unknown' ? 'its firewall could not be read' : `${host} uses ${fw}`;
  return `on ${host} (${which}): ${rules}; in a cloud, ${host}'s security group must allow the same`;
}

function outboundCause(ctx: CauseContext, idx: number[], refused: boolean): Draft {
  const host = ctx.probes[idx[0]].from;
  const parts = perPort(ctx, idx, 'out', host);
  const peers = [...new Set(idx.map((i) => ctx.probes[i].to))];
  const fw = ctx.firewall(host);
  const rules = allowRules({ firewall: fw === 'none' ? 'iptables' : fw, direction: 'out', ports: parts.map((p) => parsePort(p.port)), peers: peers.map(ctx.address) });
  const summary = refused
    ? `${host}'s own firewall refuses to send ${portsAndPeers(parts, 'to', ctx.hosts.length - 1)} (EPERM on ${host})`
    : `${portsAndPeers(parts, 'to', ctx.hosts.length - 1)} never arrive from ${host}: ${host}'s outbound rules or egress group drop them`;
  return {
    kind: 'outbound-blocked',
    summary,
    remediation: refused
      ? `on ${host}${fw === 'unknown' || fw === 'none' ? '' : ` (${host} uses ${fw})`}: allow the outgoing packets: ${rules}`
      : `on ${host}: allow outgoing ${and(parts.map((p) => p.port))} (${rules}); in a cloud, the egress rules of ${host}'s security group`,
    hosts: [host],
    ports: parts.map((p) => p.port),
    probes: idx,
    findings: [],
  };
}

function pairCause(ctx: CauseContext, a: string, b: string, idx: number[]): Draft {
  const probes = idx.map((i) => ctx.probes[i]);
  const directions = [[a, b], [b, a]].filter(([from, to]) => probes.some((p) => p.from === from && p.to === to));
  const clause = ([from, to]: string[]) => {
    const mine = probes.filter((p) => p.from === from && p.to === to);
    return `${to} ${verbOf(mine)} ${and(sortPorts(mine.map(keyOf)))} from ${from}`;
  };
  const fix = ([from, to]: string[]) => {
    const ports = sortPorts(probes.filter((p) => p.from === from && p.to === to).map(keyOf));
    return inboundFix(ctx, to, ports, [from]).replace(/; in a cloud.*$/, '');
  };
  const receivers = directions.map(([, to]) => to);
  return {
    kind: 'pair-blocked',
    summary: directions.map(clause).join('; '),
    remediation: `${directions.map(fix).join('; ')}; if ${and(receivers)} already ${receivers.length > 1 ? 'allow' : 'allows'} it, look at the sender's outbound rules and anything between the two`,
    hosts: receivers.concat(directions.map(([from]) => from)).filter((h, i, all) => all.indexOf(h) === i),
    ports: sortPorts(probes.map(keyOf)),
    probes: idx,
    findings: [],
  };
}
