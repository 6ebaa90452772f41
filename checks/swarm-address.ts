// swarm-address: each node's advertise address (docker info NodeAddr) and data-path address (the
// "Host IP" of its own tasks) against the addresses the host has, the address the managers see it at
// and what the probe matrix says of it. `docker swarm join --advertise-addr` takes any IP, even one
// the host does not have: the managers then list it Ready (they see its real source address) while
// its peers gossip and send VXLAN to the advertised one. Such a node's failed probes are explained
// by the address, not by a firewall: the finding says which probes it explains. Pure.
import { isIP } from 'node:net';
import type { Finding, ProbeResult } from '../src/model.js';
import { matchNodes, members, type SwarmView, type ViewHost } from './swarm-view.js';

export const id = 'swarm-address';
export const title = 'Advertise and data-path addresses';

export function evaluateSwarmAddress(view: SwarmView, probes: ProbeResult[]): Finding[] {
  const { byHost } = matchNodes(view);
  const findings: Finding[] = [];
  const join = joinTarget(view);
  for (const h of members(view)) {
    const adv = h.docker?.nodeAddr;
    if (!adv) continue;
    const node = byHost.get(h.id);
    const own = h.addresses;
    const seenAt = node?.addr;
    const dataPath = h.overlays?.find((o) => o.dataPathAddr)?.dataPathAddr;
    // The address to advertise instead: an IP of the host (the inventory may name it by DNS name).
    const inventoryIp = isIP(h.inventoryAddress) ? h.inventoryAddress : undefined;
    const good = [inventoryIp, seenAt].find((a): a is string => !!a && (!own || own.includes(a))) ?? seenAt ?? inventoryIp ?? 'ADDRESS';
    const manager = node?.role === 'manager' || h.docker?.isManager === true;
    const towards = h.probeAddress === adv ? probes.filter((p) => p.to === h.id && (p.status === 'pass' || p.status === 'fail')) : [];
    const failed = towards.filter((p) => p.status === 'fail').length;
    const notOwn = own !== undefined && !own.includes(adv);
    const elsewhere = seenAt !== undefined && seenAt !== adv;
    const evidence = { advertiseAddr: adv, ...(dataPath ? { dataPathAddr: dataPath } : {}), ...(seenAt ? { managersSeeItAt: seenAt } : {}), hostAddresses: own, probesTowards: towards.length, failedTowards: failed };
    const alsoDataPath = dataPath === adv ? ' (also its data-path address)' : '';
    const flags = `--advertise-addr ${good}${dataPath === adv || (dataPath && own && !own.includes(dataPath)) ? ` --data-path-addr ${good}` : ''}`;
    const fix = rejoin(h.id, flags, manager, join);
    if ((notOwn || elsewhere) && towards.length > 0 && failed === towards.length) {
      const why = notOwn ? `an address ${h.id} does not have` : `while the managers see it at ${seenAt}`;
      const works = notOwn ? `, while ${h.id} is at ${good}${seenAt === good ? ' (where the managers see it)' : ''}` : '';
      findings.push({
        check: id, host: h.id, status: 'fail',
        summary: `${h.id} advertises ${adv}${alsoDataPath} to the swarm, ${why}: its peers cannot reach it there (all ${failed} probes to ${adv} failed)${works}`,
        remediation: `${fix}; the firewalls are not the problem`,
        evidence,
        explains: [{ to: h.id }],
      });
    } else if (notOwn && towards.length > 0) {
      findings.push({
        check: id, host: h.id, status: 'pass',
        summary: `${h.id} advertises ${adv}, which it does not have, and its peers reach it there (a NAT or elastic address)`,
        evidence,
      });
    } else if (notOwn) {
      findings.push({
        check: id, host: h.id, status: 'warn',
        summary: `${h.id} advertises ${adv}${alsoDataPath}, an address it does not have; whether its peers reach it there was not tested`,
        remediation: `if ${adv} is not a NAT or elastic address of ${h.id}: ${fix}`,
        evidence,
      });
    }
    if (dataPath && dataPath !== adv && own && !own.includes(dataPath)) {
      findings.push({
        check: id, host: h.id, status: 'fail',
        summary: `${h.id}'s data-path address is ${dataPath}, an address it does not have: its peers send its containers' VXLAN traffic there`,
        remediation: rejoin(h.id, `--advertise-addr ${adv} --data-path-addr ${good}`, manager, join),
        evidence,
      });
    }
    if (node?.managerAddr && node.managerAddr !== adv && own && !own.includes(node.managerAddr)) {
      findings.push({
        check: id, host: h.id, status: 'fail',
        summary: `manager ${h.id} advertises ${node.managerAddr}:2377 to the other managers, an address it does not have`,
        remediation: rejoin(h.id, `--advertise-addr ${good}`, true, join),
        evidence: { ...evidence, managerAddr: node.managerAddr },
      });
    }
  }
  return findings;
}

/** The manager to join again: the one whose view this is, at its advertise address. */
function joinTarget(view: SwarmView): { host: string; addr?: string } | undefined {
  const host = view.manager?.host;
  if (!host) return undefined;
  const h: ViewHost | undefined = view.hosts.find((x) => x.id === host);
  return { host, addr: h?.docker?.nodeAddr };
}

function rejoin(host: string, flags: string, manager: boolean, join: { host: string; addr?: string } | undefined): string {
  const role = manager ? 'manager' : 'worker';
  const token = join ? ` (docker swarm join-token -q ${role} on ${join.host} prints it)` : '';
  const demote = manager ? `demote it first (docker node demote ${host}, on another manager), then ` : '';
  return `${demote}on ${host}: docker swarm leave${manager ? ' --force' : ''}, then docker swarm join ${flags} --token TOKEN ${join?.addr ?? 'MANAGER'}:2377${token}`;
}
