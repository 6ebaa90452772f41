// Which firewall front end manages a host, so a remediation can give that tool's exact command.

export type FirewallKind = 'ufw' | 'firewalld' | 'nftables' | 'iptables' | 'none' | 'unknown';

interface Out { code: number | null; stdout: string; stderr: string; error: string | null }

/** The commands to read, by name; all read-only. */
export const FIREWALL_COMMANDS: Record<string, string[]> = {
  ufw: ['ufw', 'status'],
  firewalld: ['firewall-cmd', '--state'],
  nft: ['nft', 'list', 'tables'],
  iptables: ['iptables', '-S', 'INPUT'],
};

export function detectFirewall(outputs: Record<string, Out | undefined>): FirewallKind {
  const ok = (name: string) => outputs[name] && outputs[name]?.error === null && outputs[name]?.code === 0;
  if (ok('ufw') && /Status:\s*active/i.test(outputs.ufw?.stdout ?? '')) return 'ufw';
  if (ok('firewalld') && /^running/m.test(outputs.firewalld?.stdout ?? '')) return 'firewalld';
  // Docker's own tables do not make the host firewalled; a filter table of the admin's does.
  if (ok('nft')) {
    const tables = (outputs.nft?.stdout ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
    if (tables.some((t) => /^table (inet|ip|ip6) (?!nat$)/.test(t) && !/^table ip (filter|nat|mangle|raw|security)$/.test(t))) return 'nftables';
  }
  if (ok('iptables')) {
    const rules = (outputs.iptables?.stdout ?? '').split('\n').filter((l) => l.startsWith('-A INPUT') || /^-P INPUT (DROP|REJECT)/.test(l));
    if (rules.length) return 'iptables';
  }
  const seen = Object.values(outputs).some((o) => o && o.error === null && o.code === 0);
  return seen ? 'none' : 'unknown';
}
