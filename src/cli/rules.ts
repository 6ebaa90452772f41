// `swarm-preflight rules`: the allow-list each host needs for the swarm, in the syntax of the firewall
// it runs (read where it can connect) or the one asked for, or the cloud's JSON. Exit 0 when rendered.
import { PreflightError } from '../errors.js';
import { EXIT } from '../outcome.js';
import { DEFAULT_DATA_PATH_PORT } from '../run/options.js';
import { resolveTarget } from '../run/ssh-target.js';
import { warnOnce } from '../ssh/warnings.js';
import { SECURITY_GROUP } from '../rules/aws.js';
import { gatherFirewalls } from '../rules/gather.js';
import { type HostSyntax, renderCloud, renderHost, type RulesFile, type Syntax, syntaxFor } from '../rules/render.js';
import type { HostFirewall } from '../rules/read-host.js';
import { commentSafe } from '../rules/header.js';
import { plainCidr, swarmNeeds } from '../rules/needs.js';
import { type CheckArgs, toRunOptions } from './args.js';
import { BECOME_PASS_ENV, checkLaunches, readBecomePassword } from './become.js';
import { loadHosts, loadSshLookup } from './hosts.js';
import { deliverFiles } from './rules-output.js';

export interface RulesArgs extends Omit<CheckArgs, 'mode' | 'timeout' | 'deadline' | 'concurrency'> {
  firewall?: string;
  host?: string[];
  sourceCidr?: string;
  offline?: boolean;
  output?: string;
  securityGroup?: string;
  askBecomePass?: boolean;
  concurrency?: number;
}

export async function rulesCommand(args: RulesArgs): Promise<number> {
  const syntax = args.firewall as Syntax | undefined;
  const options = toRunOptions({ ...args, mode: 'auto', timeout: 3, deadline: 120, concurrency: args.concurrency ?? 64 });
  if (args.securityGroup !== undefined && syntax !== 'aws') throw new PreflightError('usage', '--security-group is for --firewall aws');
  if (args.securityGroup !== undefined && !SECURITY_GROUP.test(args.securityGroup)) throw new PreflightError('usage', `--security-group ${JSON.stringify(args.securityGroup)} is not a security group id (sg- and 8 or 17 hex digits)`);
  const hosts = loadHosts(args);
  const wanted = args.host ?? [];
  const unknown = wanted.filter((id) => !hosts.some((h) => h.id === id));
  if (unknown.length) throw new PreflightError('usage', `--host ${unknown.join(', ')}: not in the inventory (hosts: ${hosts.slice(0, 8).map((h) => h.id).join(', ')}${hosts.length > 8 ? ' ...' : ''})`);
  const needs = swarmNeeds({
    hosts: hosts.map((h) => ({ id: h.id, address: h.vars?.swarm_address ?? h.address, role: h.role })),
    dataPathPort: options.dataPathPort ?? DEFAULT_DATA_PATH_PORT,
    esp: options.esp ?? false,
    ...(args.sourceCidr !== undefined ? { sourceCidr: args.sourceCidr } : {}),
  });
  const selected = wanted.length ? needs.filter((n) => wanted.includes(n.id)) : needs;
  if (syntax === 'aws' || syntax === 'gcp' || syntax === 'azure') {
    await deliverFiles(renderCloud(selected, syntax, { ...(args.sourceCidr ? { sourceCidr: plainCidr(args.sourceCidr) } : {}), ...(args.securityGroup ? { securityGroup: args.securityGroup } : {}) }), args.output);
    return EXIT.ok;
  }
  // Only nftables and iptables place their rules by what the host runs; ufw and firewalld need nothing read.
  const read = !args.offline && (syntax === undefined || syntax === 'nftables' || syntax === 'iptables');
  let firewalls = new Map<string, HostFirewall>();
  if (read) {
    const specs = hosts.filter((h) => selected.some((n) => n.id === h.id));
    const warn = warnOnce((message) => process.stderr.write(`swarm-preflight: warning: ${message}\n`));
    const sshConfig = await loadSshLookup(options.ssh.configFile, warn);
    for (const spec of specs) resolveTarget(spec, options, sshConfig, { warn });
    const passwordFrom = args.askBecomePass ? '-K' : process.env[BECOME_PASS_ENV] ? BECOME_PASS_ENV : undefined;
    checkLaunches(specs, options.sudo, passwordFrom !== undefined);
    const becomePassword = await readBecomePassword(args.askBecomePass);
    if (becomePassword) options.becomePassword = becomePassword;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.deadlineMs);
    try {
      firewalls = await gatherFirewalls(specs, options, sshConfig, controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }
  const files: RulesFile[] = [];
  for (const host of selected) {
    const fw = firewalls.get(host.id) ?? (args.offline ? { kind: 'unknown' as const, unreadable: 'not connected: --offline' } : undefined);
    const hostSyntax: HostSyntax = syntax ?? syntaxFor(fw?.kind);
    // Said where what this syntax places by is missing: nftables needs the ruleset, iptables its save.
    const missing = hostSyntax === 'nftables' ? !fw?.nft : hostSyntax === 'iptables' ? !fw?.iptables : false;
    if (read && missing) process.stderr.write(`swarm-preflight: ${commentSafe(host.id)}: ${fw?.unreadable ?? 'not read'}; its rules are the standalone form\n`);
    files.push(renderHost(host, hostSyntax, fw));
  }
  await deliverFiles(files, args.output);
  return EXIT.ok;
}
