// data-path-exposed: VXLAN has no authentication, so the data-path port reachable from the internet
// lets anyone inject frames into the overlays (GHSA-vwm3-crmr-xfxw). The kernel's VXLAN socket binds
// every address of the host, so a public address on any interface exposes it unless the firewall
// restricts the sources. Judged from the host's own rules (read before the round, root needed): a
// datagram from an outside address to the port on each public address, as netfilter would decide it;
// without the rules, only a host with no firewall at all is judged. A cloud address NATed onto a
// private one is out of sight (its security group decides).
import { isPublicIpv4 } from '../src/facts/public-address.js';
import { decide } from '../src/firewall/evaluate.js';
import { chainLabel } from '../src/firewall/types.js';
import type { Finding } from '../src/model.js';
import type { Check, CheckContext, HostContext } from './context.js';

export const id = 'data-path-exposed';
export const title = 'The data-path port open to the internet';

/** Stands for any internet source in the evaluation (TEST-NET-3: no rule of a real host names it). */
export const OUTSIDE = '203.0.113.1';

/** Docker's own bridges carry container addresses, not the host's. */
const DOCKER_BRIDGE = /^(docker0|docker_gwbridge|br-[0-9a-f]{12}|veth.*)$/;

export interface ExposedEvidence {
  public: { interface: string; address: string }[];
  firewall: string;
  port: number;
  /** Per public address, what the host's rules do with an outside datagram to the port. */
  decisions?: { address: string; verdict: string; certain: boolean; by?: string }[];
  rulesUnread?: string;
}

/** The host's public IPv4 addresses, by interface. */
export function publicAddresses(h: Pick<HostContext, 'net'>): { interface: string; address: string }[] {
  return (h.net?.interfaces ?? []).filter((i) => !DOCKER_BRIDGE.test(i.name))
    .flatMap((i) => i.addresses.filter((a) => a.family === 'inet' && isPublicIpv4(a.address)).map((a) => ({ interface: i.name, address: a.address })));
}

function evaluateHost(h: HostContext, ctx: CheckContext): Finding[] {
  const exposed = publicAddresses(h);
  if (!exposed.length) return [];
  const port = `${ctx.dataPathPort}/udp`;
  const peers = ctx.hosts.filter((o) => o.id !== h.id).map((o) => o.address);
  const evidence: ExposedEvidence = { public: exposed, firewall: h.firewall, port: ctx.dataPathPort, ...(h.rulesetError ? { rulesUnread: h.rulesetError } : {}) };
  const ruleset = h.ruleset;
  if (ruleset) {
    evidence.decisions = exposed.map((e) => {
      const d = decide(ruleset, { protocol: 'udp', saddr: OUTSIDE, daddr: e.address, dport: ctx.dataPathPort, iif: e.interface }, 'in');
      const by = d.rule ? `${chainLabel(d.rule)}: ${d.rule.text}` : d.policy ? `${chainLabel(d.policy)} policy` : undefined;
      return { address: e.address, verdict: d.verdict, certain: d.certain, ...(by ? { by } : {}) };
    });
  }
  const base = { check: id, host: h.id, evidence: evidence as unknown as Record<string, unknown> };
  const open = evidence.decisions?.filter((d) => d.verdict === 'accept') ?? [];
  const judged = ruleset ? open.length > 0 : h.firewall === 'none';
  const where = (ruleset ? exposed.filter((e) => open.some((d) => d.address === e.address)) : exposed).map((e) => `${e.address} (${e.interface})`).join(', ');
  if (judged) {
    const unsure = open.some((d) => !d.certain) ? ' (a rule the evaluation could not judge stands before that)' : '';
    const why = ruleset ? `its firewall accepts ${port} there from any address${unsure}` : 'no host firewall';
    return [{
      ...base, status: 'warn',
      summary: `${h.id} has the public address ${where} and ${why}: ${port} (VXLAN, unauthenticated) is open to the internet once an overlay exists, so anyone can inject overlay traffic`,
      remediation: `allow ${port} on ${h.id} only from the swarm nodes${peers.length ? ` (${peers.join(', ')})` : ''} and drop it from everyone else (host firewall or the cloud security group), or encrypt the overlays (--opt encrypted)`,
    }];
  }
  if (ruleset) return [];
  return [{
    ...base, status: 'skip',
    summary: `${h.id} has the public address ${exposed.map((e) => `${e.address} (${e.interface})`).join(', ')}; its rules could not be read${h.rulesetError ? ` (${h.rulesetError})` : ''}, so whether ${port} is open to the internet is not known`,
  }];
}

export const check: Check = { id, title, scope: 'host', needs: ['net', 'firewall', 'ruleset', 'run'], evaluate: (ctx) => ctx.hosts.flatMap((h) => evaluateHost(h, ctx)) };
