// Connection counters: how many new TCP connections (SYNs) reached a port of a host, counted by an
// nftables rule in the host's own namespace ahead of any fault, so a test can prove "no connection".
import { inNetns } from './network.js';
import { BIN } from './paths.js';
import { runOk } from './proc.js';
import type { LabHost } from './state.js';

const TABLE = 'inet spf_count';

/** (Re)starts counting SYNs to tcp `port` on the host from zero. */
export async function startCounting(host: LabHost, port: number): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`[lab] bad port ${port}`);
  const script = [
    `add table ${TABLE}`,
    `delete table ${TABLE}`,
    `add table ${TABLE}`,
    // Priority -20: ahead of the fault table (-10), so a dropped SYN is counted too.
    `add chain ${TABLE} input { type filter hook input priority -20; policy accept; }`,
    `add rule ${TABLE} input tcp dport ${port} tcp flags & (syn | ack) == syn counter`,
  ].join('\n') + '\n';
  await runOk(...inNetns(host.netns, BIN.nft, ['-f', '-']), { input: script });
}

/** SYN packets counted since startCounting (retransmissions included). */
export async function countedSyns(host: LabHost): Promise<number> {
  const r = await runOk(...inNetns(host.netns, BIN.nft, ['list', 'table', ...TABLE.split(' ')]));
  const m = /counter packets (\d+)/.exec(r.stdout);
  if (!m) throw new Error(`[lab] ${host.id}: no connection counter (startCounting first):\n${r.stdout}`);
  return Number(m[1]);
}
