// data-path-exposed: VXLAN has no authentication, so the data-path port reachable from the internet
// lets anyone inject frames into the overlays (GHSA-vwm3-crmr-xfxw). The kernel's VXLAN socket binds
// every address of the host, so a public address on any interface exposes it unless a firewall
// restricts the sources. Judged here: a public address and no host firewall at all. Where a firewall
// is present its rules are not evaluated yet, and a cloud address NATed onto a private one is out of
// sight (its security group decides).
import { isPublicIpv4 } from '../src/facts/public-address.js';
import type { Finding } from '../src/model.js';
import type { Check, CheckContext, HostContext } from './context.js';

export const id = 'data-path-exposed';
export const title = 'The data-path port open to the internet';

/** Docker's own bridges carry container addresses, not the host's. */
const DOCKER_BRIDGE = /^(docker0|docker_gwbridge|br-[0-9a-f]{12}|veth.*)$/;

export interface ExposedEvidence { public: { interface: string; address: string }[]; firewall: string; port: number }

/** The host's public IPv4 addresses, by interface. */
export function publicAddresses(h: Pick<HostContext, 'net'>): { interface: string; address: string }[] {
  return (h.net?.interfaces ?? []).filter((i) => !DOCKER_BRIDGE.test(i.name))
    .flatMap((i) => i.addresses.filter((a) => a.family === 'inet' && isPublicIpv4(a.address)).map((a) => ({ interface: i.name, address: a.address })));
}

function evaluateHost(h: HostContext, ctx: CheckContext): Finding[] {
  const exposed = publicAddresses(h);
  if (!exposed.length) return [];
  const port = `${ctx.dataPathPort}/udp`;
  const where = exposed.map((e) => `${e.address} (${e.interface})`).join(', ');
  const evidence: ExposedEvidence = { public: exposed, firewall: h.firewall, port: ctx.dataPathPort };
  const base = { check: id, host: h.id, evidence: evidence as unknown as Record<string, unknown> };
  const peers = ctx.hosts.filter((o) => o.id !== h.id).map((o) => o.address);
  if (h.firewall === 'none') {
    return [{
      ...base, status: 'warn',
      summary: `${h.id} has the public address ${where} and no host firewall: ${port} (VXLAN, unauthenticated) is open to the internet once an overlay exists, so anyone can inject overlay traffic`,
      remediation: `allow ${port} on ${h.id} only from the swarm nodes${peers.length ? ` (${peers.join(', ')})` : ''} and drop it from everyone else (host firewall or the cloud security group), or encrypt the overlays (--opt encrypted)`,
    }];
  }
  return [{
    ...base, status: 'skip',
    summary: h.firewall === 'unknown'
      ? `${h.id} has the public address ${where}; its firewall could not be read, so whether ${port} is open to the internet is not known`
      : `${h.id} has the public address ${where} and a ${h.firewall} firewall; whether it restricts ${port} to the swarm nodes is not evaluated`,
  }];
}

export const check: Check = { id, title, scope: 'host', needs: ['net', 'firewall', 'run'], evaluate: (ctx) => ctx.hosts.flatMap((h) => evaluateHost(h, ctx)) };
