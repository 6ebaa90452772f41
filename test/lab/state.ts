// The lab's state file: what `up` built, so that `down` (another process, later) can undo it.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { STATE_FILE } from './paths.js';

export interface LabHost {
  /** 'n1' ... 'n50' */
  id: string;
  /** '198.18.0.11' ... */
  address: string;
  /** network namespace name, 'spf-n1' (/run/netns/spf-n1) */
  netns: string;
  role: 'manager' | 'worker';
  /** PID (in the root PID namespace) of the host's PID 1 (tini). Killing it ends the host. */
  initPid: number;
  /** Name of the host's busybox container on spf-net (docker labs only). */
  container?: string;
}

export interface LabState {
  version: 1;
  createdAt: string;
  hosts: LabHost[];
  docker: boolean;
  managers: number;
  /** /run/netns did not exist / was not a mount point before the lab: remove it again when empty. */
  createdNetnsDir: boolean;
  createdNetnsMount: boolean;
  /** Each host authorizes only its own client key (id_ed25519_<id>) instead of the lab key. */
  keyPerHost?: boolean;
  /** Host keys signed by the lab CA (host_ca) and presented by sshd. */
  hostCertificates?: boolean;
  /** Name of the lab user with a sudo password, when there is one. */
  user?: string;
  /** The kernel's shared ARP table limits before the lab raised them (see neigh-table.ts). */
  neighThresholds?: [number, number, number];
  /** net.core.netdev_max_backlog before the lab raised it (see backlog.ts). */
  netdevBacklog?: number;
}

export function readState(): LabState | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  try {
    const s = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as LabState;
    return s.version === 1 ? s : undefined;
  } catch {
    return undefined;
  }
}

export function writeState(s: LabState): void {
  const tmp = `${STATE_FILE}.tmp`;
  writeFileSync(tmp, JSON.stringify(s, null, 2) + '\n');
  renameSync(tmp, STATE_FILE);
}
