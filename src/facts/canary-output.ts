// Parses what the canary's ping script prints inside a container: "mtu N", then "small|full IP ok|fail".

export interface CanaryPing {
  from: string;
  to: string;
  toIp: string;
  /** true: answered; false: no answer; null: no result line (the script did not get that far). */
  small: boolean | null;
  full: boolean | null;
  /** ICMP payload of the full-size ping (container MTU - 28), when the MTU was read. */
  size: number | null;
  /** Echo requests the target's container received from this source (its only sender in that slot). */
  requestsIn: number | null;
}

/** The Icmp InEchos counter from a container's /proc/net/snmp (per network namespace). */
export function parseInEchos(snmp: string): number | undefined {
  const lines = snmp.split('\n').filter((l) => l.startsWith('Icmp:'));
  if (lines.length < 2) return undefined;
  const names = lines[0].split(/\s+/);
  const values = lines[1].split(/\s+/);
  const at = names.indexOf('InEchos');
  // A cut-off line must not read as 0: only a real number counts.
  const raw = at > 0 ? values[at] : undefined;
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export function parseCanaryOutput(stdout: string): { mtu?: number; results: Map<string, boolean> } {
  const results = new Map<string, boolean>();
  let mtu: number | undefined;
  for (const line of stdout.split('\n')) {
    const m = /^mtu (\d+)$/.exec(line.trim());
    if (m) {
      mtu = Number(m[1]);
      continue;
    }
    const r = /^(small|full) (\d{1,3}(?:\.\d{1,3}){3}) (ok|fail)$/.exec(line.trim());
    if (r) results.set(`${r[1]} ${r[2]}`, r[3] === 'ok');
  }
  return { ...(mtu ? { mtu } : {}), results };
}
