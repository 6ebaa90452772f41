// The kernel's per-CPU input backlog (net.core.netdev_max_backlog, 1000 packets by default) is one
// setting for the whole machine, and every packet between lab hosts passes it twice (veth to the
// switch, switch to the host). A real host has its own cores and its own backlog; 200 lab hosts
// share two. Measured on this machine: a 200-host round dropped 16,000 packets there (the second
// column of /proc/net/softnet_stat), which no host's counters show. So a large lab raises the limit
// while it runs and puts the old value back at teardown, as neigh-table.ts does for the ARP table.
import { readFileSync, writeFileSync } from 'node:fs';

const PATH = '/proc/sys/net/core/netdev_max_backlog';

/** Raises the limit when `hosts` would need more; returns the old value to restore, if changed. */
export function raiseBacklog(hosts: number): number | undefined {
  const needed = hosts * 100;
  const old = Number(readFileSync(PATH, 'utf8').trim());
  if (needed <= old) return undefined;
  writeFileSync(PATH, String(needed));
  return old;
}

export function restoreBacklog(old: number | undefined): void {
  if (old !== undefined) writeFileSync(PATH, String(old));
}
