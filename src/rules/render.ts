// Every file `rules` and `check --fix-out` write: per host in the syntax of its firewall (or the one
// asked for), and for the clouds per group. Pure: needs and what was read in, named texts out.
import type { FirewallKind } from '../facts/firewall.js';
import { awsPermissions } from './aws.js';
import { azureRules } from './azure.js';
import { cloudRules } from './cloud-groups.js';
import { renderFirewalld } from './firewalld.js';
import { gcpFirewalls } from './gcp.js';
import { renderIptables } from './iptables.js';
import type { HostNeeds } from './needs.js';
import { nftPlacement, renderNftables } from './nftables.js';
import type { HostFirewall } from './read-host.js';
import { renderUfw } from './ufw.js';

export const HOST_SYNTAXES = ['nftables', 'iptables', 'ufw', 'firewalld'] as const;
export const CLOUD_SYNTAXES = ['aws', 'gcp', 'azure'] as const;
export const SYNTAXES = [...HOST_SYNTAXES, ...CLOUD_SYNTAXES] as const;
export type HostSyntax = typeof HOST_SYNTAXES[number];
export type Syntax = typeof SYNTAXES[number];

export interface RulesFile { name: string; text: string }

const EXTENSION: Record<HostSyntax, string> = { nftables: 'nft', iptables: 'iptables.sh', ufw: 'ufw.sh', firewalld: 'firewalld.sh' };

/** A host's name as a file name: anything but letters, digits, dot, dash and underscore becomes _. */
export function fileStem(id: string): string {
  const stem = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return stem || '_';
}

/** The syntax for a host whose firewall was detected: its own; nftables where none or unknown. */
export function syntaxFor(kind: FirewallKind | undefined): HostSyntax {
  return kind === 'ufw' || kind === 'firewalld' || kind === 'iptables' ? kind : 'nftables';
}

export function renderHost(host: HostNeeds, syntax: HostSyntax, fw: HostFirewall | undefined): RulesFile {
  const name = `${fileStem(host.id)}.${EXTENSION[syntax]}`;
  const dirs = [...new Set(host.allows.map((a) => a.direction))];
  switch (syntax) {
    case 'nftables': return { name, text: renderNftables(host, nftPlacement(fw?.nft, fw?.unreadable, dirs), name) };
    case 'iptables': return { name, text: renderIptables(host, fw?.iptables, fw?.unreadable, name) };
    case 'ufw': return { name, text: renderUfw(host, name) };
    case 'firewalld': return { name, text: renderFirewalld(host, name) };
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The cloud files for these hosts: AWS one a group, GCP and Azure one each. */
export function renderCloud(hosts: HostNeeds[], syntax: typeof CLOUD_SYNTAXES[number], options: { sourceCidr?: string; securityGroup?: string }): RulesFile[] {
  const rules = cloudRules(hosts, options.sourceCidr);
  switch (syntax) {
    case 'aws':
      if (options.securityGroup) return [{ name: 'aws-nodes.json', text: json(awsPermissions(rules.map((r) => ({ ...r, group: 'nodes' as const })), 'nodes', options.securityGroup)) }];
      return (['managers', 'nodes'] as const).filter((g) => rules.some((r) => r.group === g)).map((g) => ({ name: `aws-${g}.json`, text: json(awsPermissions(rules, g)) }));
    case 'gcp': return [{ name: 'gcp-firewalls.json', text: json(gcpFirewalls(rules)) }];
    case 'azure': return [{ name: 'azure-nsg-rules.json', text: json(azureRules(rules)) }];
  }
}
