// The kernel's ARP table is one table for all network namespaces, with one size limit (gc_thresh3,
// 1024 by default). Real hosts each have their own; lab hosts share it, and a 50-host full mesh needs
// about 2,500 entries at once. Past the limit new neighbours are refused and packets to them dropped
// (measured: half the pairs of a 50-host mesh lost, `table_fulls` in `ip -s ntable`). So a large lab
// raises the limits while it runs and puts the old values back at teardown.
import { readFileSync, writeFileSync } from 'node:fs';

const KEYS = ['gc_thresh1', 'gc_thresh2', 'gc_thresh3'] as const;
const path = (key: string) => `/proc/sys/net/ipv4/neigh/default/${key}`;

export type NeighThresholds = [number, number, number];

function read(): NeighThresholds {
  return KEYS.map((k) => Number(readFileSync(path(k), 'utf8').trim())) as NeighThresholds;
}

function write(values: NeighThresholds): void {
  // thresh3 first when raising and last when lowering keeps thresh1 <= thresh2 <= thresh3 throughout.
  const order = values[2] >= read()[2] ? [2, 1, 0] : [0, 1, 2];
  for (const i of order) writeFileSync(path(KEYS[i]), String(values[i]));
}

/** Raises the shared limits when `hosts` would need more; returns the old values to restore, if changed. */
export function raiseNeighTable(hosts: number): NeighThresholds | undefined {
  // Each host resolves every peer, the root veth and a few container/bridge neighbours.
  const needed = hosts * (hosts + 8);
  const old = read();
  if (needed <= old[1]) return undefined;
  write([old[0], needed * 2, needed * 4]);
  return old;
}

export function restoreNeighTable(old: NeighThresholds | undefined): void {
  if (old) write(old);
}
