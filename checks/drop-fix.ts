// The fix for a named dropping rule, written against the host's real table and chain: insert an
// accept for the swarm peers just before that rule (or after a policy's last rule), or delete the rule
// when it has no other purpose. Where ufw or firewalld own the chain, their own command. Pure; only
// validated names (see src/firewall/validate.ts) and plain IPv4 addresses reach a command.
import type { FirewallKind } from '../src/facts/firewall.js';
import type { DropBy, FilterRuleRef, Protocol } from '../src/model.js';
import { allowRules, byProtocol, iptablesMatch, nftMatch, peerSet } from './allow-rules.js';

export interface DropFixSpec {
  direction: 'in' | 'out';
  ports: { protocol: Protocol; port: number }[];
  /** The other ends' addresses. */
  peers: string[];
  /** The firewall front end found on the host. */
  firewall: FirewallKind;
}

/** "rule `...` (inet corp_fw in_filter, handle 6, "block vxlan")" or "the drop policy of filter INPUT". */
export function describeDrop(d: DropBy): string {
  const how = d.how === 'counters' ? `, which counted ${d.packets} packet${d.packets === 1 ? '' : 's'} during the probes` : d.how === 'evaluation' ? ' (found by evaluating its rules)' : '';
  if (d.rule) {
    const comment = d.rule.comment ? ` "${d.rule.comment}"` : '';
    return `${d.host}'s rule${comment} in ${where(d.rule)}${position(d.rule)}: ${d.rule.text}${how}${dockerChain(d.rule.chain)}`;
  }
  if (d.policy) return `the drop policy of ${d.host}'s ${where(d.policy)} (no rule there accepts it)${how}${dockerChain(d.policy.chain)}`;
  return '';
}

function where(r: Pick<FilterRuleRef, 'source' | 'family' | 'table' | 'chain'>): string {
  return r.source === 'nft' ? `nft ${r.family} ${r.table} ${r.chain}` : `iptables ${r.table} ${r.chain}`;
}

function position(r: FilterRuleRef): string {
  if (r.handle !== undefined) return ` (handle ${r.handle})`;
  if (r.number !== undefined) return ` (rule ${r.number})`;
  return '';
}

function dockerChain(chain: string): string {
  if (chain === 'DOCKER-USER') return ' (DOCKER-USER: docker\'s chain for the admin\'s own rules on forwarded traffic)';
  if (chain === 'DOCKER-INGRESS') return ' (DOCKER-INGRESS: docker\'s chain for the routing mesh)';
  if (chain.startsWith('DOCKER')) return ' (a chain dockerd manages: it rewrites it on restart)';
  return '';
}

/** The command(s) that let the peers through at the named rule or policy; undefined without one. */
export function dropFix(d: DropBy, spec: DropFixSpec): string | undefined {
  const ref = d.rule ?? d.policy;
  if (!ref) return undefined;
  const frontEnd = frontEndOf(ref, spec.firewall);
  if (frontEnd) return allowRules({ firewall: frontEnd, direction: spec.direction, ports: spec.ports, peers: spec.peers });
  const peers = peerSet(spec.peers).items;
  const byProto = byProtocol(spec.ports);
  if (ref.source === 'nft') {
    const at = d.rule?.handle !== undefined ? `insert rule ${ref.family} ${ref.table} ${ref.chain} position ${d.rule.handle}` : `add rule ${ref.family} ${ref.table} ${ref.chain}`;
    const cmds = [...byProto].map(([protocol, ports]) => `nft ${at} ${nftMatch(spec.direction, protocol, ports, peers)} accept`);
    const del = d.rule?.handle !== undefined ? `; or, if the rule has no other purpose: nft delete rule ${ref.family} ${ref.table} ${ref.chain} handle ${d.rule.handle}` : '';
    return `${cmds.join('; ')}${del}`;
  }
  const table = ref.table === 'filter' ? '' : `-t ${ref.table} `;
  const at = d.rule?.number !== undefined ? `-I ${ref.chain} ${d.rule.number}` : `-A ${ref.chain}`;
  const cmds = [...byProto].map(([protocol, ports]) => `iptables ${table}${at} ${iptablesMatch(spec.direction, protocol, ports, peers)} -j ACCEPT`);
  const del = d.rule?.number !== undefined ? `; or, if the rule has no other purpose: iptables ${table}-D ${ref.chain} ${d.rule.number}` : '';
  return `${cmds.join('; ')}${del}`;
}

/** ufw and firewalld rewrite their chains: a rule put there by hand is lost; use their commands. */
function frontEndOf(ref: Pick<FilterRuleRef, 'table' | 'chain'>, firewall: FirewallKind): FirewallKind | undefined {
  const builtin = ref.chain === 'INPUT' || ref.chain === 'OUTPUT';
  if (ref.chain.startsWith('ufw') || (firewall === 'ufw' && builtin)) return 'ufw';
  if (ref.table === 'firewalld' || (firewall === 'firewalld' && (builtin || /^(IN|OUT|FWD)_|_direct$/.test(ref.chain)))) return 'firewalld';
  return undefined;
}

/** The wording for packets no host rule dropped. */
export function networkFix(what: string, a: string, b: string): string {
  return `nothing on ${a} or ${b} drops ${what} (both hosts' rules were read and none counted or matches it), so it is lost in the network between them: allow ${what} between the swarm nodes in the cloud security group / network ACL, or the firewall or switch ACL on the path; no host firewall change is needed`;
}
