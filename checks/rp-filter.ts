// rp-filter: strict reverse-path filtering (rp_filter=1; the kernel applies the larger of
// conf/all and conf/IF) drops a packet whose source the host would route back out through another
// interface. On a multi-homed host that receives swarm traffic on one interface while its route
// back to a peer (or its default route) leaves by another, the peer's gossip and VXLAN vanish.
import type { Finding } from '../src/model.js';
import type { Check, HostContext } from './context.js';

export const id = 'rp-filter';
export const title = 'Strict reverse-path filtering on multi-homed hosts';

export interface RpFilterEvidence {
  interface: string;
  /** The value the kernel applies: max(conf/all, conf/IF). */
  effective: number;
  all?: number;
  own?: number;
  defaultRouteVia?: string;
  /** Peers whose route back leaves by another interface. */
  peersElsewhere: { peer: string; dev: string }[];
}

function evaluateHost(h: HostContext): Finding[] {
  const files = h.files;
  const net = h.net;
  if (!files || !net || net.unreadable) return [];
  const swarmIf = net.interfaces.find((i) => i.addresses.some((a) => a.address === h.address));
  if (!swarmIf) return [];
  const all = files.rpFilter.all;
  const own = files.rpFilter[swarmIf.name];
  const effective = Math.max(all ?? 0, own ?? 0);
  if (effective !== 1) return [];
  const defaultRouteVia = net.routes.find((r) => r.dst === 'default' && r.dev)?.dev;
  const peersElsewhere = [...net.towards].filter(([, t]) => t.dev !== swarmIf.name).map(([peer, t]) => ({ peer, dev: t.dev }));
  const offDefault = defaultRouteVia !== undefined && defaultRouteVia !== swarmIf.name;
  if (!peersElsewhere.length && !offDefault) return [];
  const evidence: RpFilterEvidence = {
    interface: swarmIf.name, effective, ...(all !== undefined ? { all } : {}), ...(own !== undefined ? { own } : {}),
    ...(defaultRouteVia ? { defaultRouteVia } : {}), peersElsewhere,
  };
  const which = all === 1 ? 'all' : swarmIf.name;
  const summary = peersElsewhere.length
    ? `strict rp_filter on ${h.id}'s ${swarmIf.name} (${h.address}) drops packets from ${peersElsewhere.map((p) => p.peer).join(', ')}: the route back to them leaves by ${[...new Set(peersElsewhere.map((p) => p.dev))].join(', ')}`
    : `strict rp_filter on ${h.id}'s ${swarmIf.name} (${h.address}), while its default route leaves by ${defaultRouteVia}: packets from peers outside ${swarmIf.name}'s subnets are dropped`;
  return [{
    check: id, host: h.id, status: 'warn', summary,
    remediation: `on ${h.id}: sysctl -w net.ipv4.conf.${which}.rp_filter=2 (loose: the larger of all and the interface's value applies), and persist it in /etc/sysctl.d/`,
    evidence: evidence as unknown as Record<string, unknown>,
  }];
}

export const check: Check = {
  id, title, scope: 'host', needs: ['files', 'net'],
  evaluate: (ctx) => ctx.hosts.flatMap(evaluateHost),
};
