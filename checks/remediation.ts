// What to do about a failed probe: the allow rule for the firewall found on the receiving host, and
// the wording for cloud security groups. Pure: facts in, text out.
import type { FirewallKind } from '../src/facts/firewall.js';
import type { ProbeResult } from '../src/model.js';
import { isIP } from 'node:net';
import { allowRules } from './allow-rules.js';
import { label } from './swarm-ports.js';
import { describeDrop, dropFix, networkFix } from './drop-fix.js';

/**
 * Only a plain IP address or port number is written into a command the operator may paste; anything
 * else a host managed to get this far becomes a placeholder to fill in, never shell text.
 */
function safeSource(address: string): string {
  return typeof address === 'string' && isIP(address) ? address : '<peer address>';
}

function safePort(port: number): string {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? String(port) : '<port>';
}

export function allowCommand(firewall: FirewallKind, protocol: 'tcp' | 'udp' | 'esp', portNumber: number, address: string): string {
  const source = safeSource(address);
  const port = safePort(portNumber);
  if (protocol === 'esp') {
    switch (firewall) {
      case 'ufw': return `ufw allow proto esp from ${source}`;
      case 'firewalld': return `firewall-cmd --permanent --add-rich-rule='rule family=ipv4 source address=${source} protocol value=esp accept' && firewall-cmd --reload`;
      case 'nftables': return `nft insert rule inet filter input ip saddr ${source} ip protocol esp accept   (use your input chain's table and name)`;
      default: return `iptables -I INPUT -p esp -s ${source} -j ACCEPT`;
    }
  }
  switch (firewall) {
    case 'ufw': return `ufw allow proto ${protocol} from ${source} to any port ${port}`;
    case 'firewalld': return `firewall-cmd --permanent --add-port=${port}/${protocol} && firewall-cmd --reload   (or --add-service=docker-swarm)`;
    case 'nftables': return `nft insert rule inet filter input ip saddr ${source} ${protocol} dport ${port} accept   (use your input chain's table and name)`;
    default: return `iptables -I INPUT -p ${protocol} -s ${source} --dport ${port} -j ACCEPT`;
  }
}

export interface RemediationFacts {
  /** Firewall found on each host. */
  firewall: (hostId: string) => FirewallKind;
  /** The address a host sends its probes from (as its peers see it). */
  address: (hostId: string) => string;
}

export function remediateProbe(probe: ProbeResult, facts: RemediationFacts): string | undefined {
  if (probe.status !== 'fail') return undefined;
  const what = probe.protocol === 'esp' ? label('esp', 0) : `${safePort(probe.port)}/${probe.protocol === 'tcp' ? 'tcp' : 'udp'}`;
  const d = probe.dropBy;
  if (d?.where === 'network') return networkFix(what, probe.from, probe.to);
  if (d && d.host && (d.rule || d.policy)) {
    const direction = d.where === 'sender' ? 'out' : 'in';
    const fix = dropFix(d, { direction, ports: [{ protocol: probe.protocol, port: probe.port }], peers: [facts.address(direction === 'in' ? probe.from : probe.to)], firewall: facts.firewall(d.host) });
    return `dropped by ${describeDrop(d)}; on ${d.host}: ${fix}`;
  }
  if (probe.reason === 'blocked-outbound') {
    const fw = facts.firewall(probe.from);
    return `on ${probe.from}${fw === 'none' || fw === 'unknown' ? '' : ` (${probe.from} uses ${fw})`}: its own rules refuse to send ${what}; ${allowRules({ firewall: fw === 'none' ? 'iptables' : fw, direction: 'out', ports: [{ protocol: probe.protocol, port: probe.port }], peers: [facts.address(probe.to)] })}`;
  }
  if (probe.reason === 'wrong-peer') {
    return `check that ${probe.to}'s address is right and not translated (NAT, load balancer); swarm nodes must reach each other directly`;
  }
  const fw = facts.firewall(probe.to);
  const cmd = allowCommand(fw, probe.protocol, probe.port, facts.address(probe.from));
  const where = fw === 'none' || fw === 'unknown' ? `no host firewall was found on ${probe.to}` : `${probe.to} uses ${fw}`;
  const cloud = probe.protocol === 'esp'
    ? 'in a cloud security group allow the custom protocol 50 (ESP) between the swarm nodes'
    : `in a cloud security group / network ACL allow ${what} from the swarm nodes' group`;
  const outbound = `if ${probe.to} already allows it, look at ${probe.from}'s outbound rules`;
  return `on ${probe.to} (${where}): ${cmd}; ${cloud}; ${outbound}`;
}
