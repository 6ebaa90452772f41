// Default-deny input firewalls for lab hosts, as an admin sets them up before a swarm: SSH, loopback
// and replies allowed, everything else dropped; in nftables, iptables or ufw.
import type { Lab } from '../lab/lab.js';

export const NFT_DEFAULT_DENY = `table inet filter {
  chain input {
    type filter hook input priority filter; policy drop;
    ct state established,related accept
    iif "lo" accept
    tcp dport 22 accept
  }
}
`;

const IPTABLES_DEFAULT_DENY = [
  'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
  'iptables -A INPUT -i lo -j ACCEPT',
  'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
  'iptables -P INPUT DROP',
].join(' && ');

// The host's own copies (privatePaths): no sysctl of the machine's is touched, nothing is logged.
const UFW_DEFAULT_DENY = [
  "sed -i 's/^IPT_SYSCTL=.*/IPT_SYSCTL=/; s/^IPV6=.*/IPV6=no/' /etc/default/ufw",
  'ufw logging off >/dev/null',
  'ufw default deny incoming >/dev/null',
  'ufw allow 22/tcp >/dev/null',
  'ufw --force enable >/dev/null',
].join(' && ');

export type DenyKind = 'nftables' | 'iptables' | 'ufw';

async function ok(lab: Lab, id: string, cmd: string, input?: string): Promise<string> {
  const r = await lab.exec(id, cmd, { timeoutMs: 30_000, ...(input !== undefined ? { input } : {}) });
  if (r.code !== 0) throw new Error(`${id}: ${cmd.slice(0, 120)}: exit ${r.code}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export async function denyInput(lab: Lab, id: string, kind: DenyKind): Promise<void> {
  if (kind === 'nftables') await ok(lab, id, 'nft -f -', NFT_DEFAULT_DENY);
  else if (kind === 'iptables') await ok(lab, id, IPTABLES_DEFAULT_DENY);
  else await ok(lab, id, UFW_DEFAULT_DENY);
}

/** The host's whole ruleset as nft prints it in JSON, handles and counters left out so two reads compare. */
export async function rulesetOf(lab: Lab, id: string): Promise<string> {
  return ok(lab, id, 'nft -j list ruleset');
}

export { ok as hostOk };
