// Teardown: removes every trace of a lab, from the state file when there is one and, either way,
// from what the machine shows (spf-* network namespaces and the processes inside them). Idempotent.
import { restoreBacklog } from './backlog.js';
import { restoreNeighTable } from './neigh-table.js';
import { existsSync, readFileSync, readdirSync, readlinkSync, rmSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { netnsDirIsMount } from './network.js';
import { BIN, CGROUP_PREFIX, NS_PREFIX, ROOT_VETH, STATE_DIR, netnsPath } from './paths.js';
import { run, sleep } from './proc.js';
import { readState } from './state.js';

/** Lab network namespaces present now (names from /run/netns). */
export function labNetns(): string[] {
  if (!existsSync('/run/netns')) return [];
  return readdirSync('/run/netns').filter((n) => n.startsWith(NS_PREFIX)).sort();
}

function nsInode(p: string): number | undefined {
  try {
    return statSync(p).ino;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** PIDs (root PID namespace) of every process whose network namespace is one of the lab's. */
export function labProcesses(): number[] {
  const inodes = new Set(labNetns().map((n) => nsInode(netnsPath(n))).filter((x): x is number => x !== undefined));
  if (inodes.size === 0) return [];
  const pids: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    if (pid === process.pid) continue;
    try {
      const m = /^net:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/ns/net`));
      if (m && inodes.has(Number(m[1])) && isAlive(pid)) pids.push(pid);
    } catch {
      // gone already, or a kernel thread
    }
  }
  return pids;
}

/** Is pid still the init (tini) of a lab host? Guards against PID reuse before killing it. */
export function isLabInit(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('host-init.sh');
  } catch {
    return false;
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Is pid the PID 1 of a PID namespace below ours (NSpid: <ours> 1)? */
function isNsInit(pid: number): boolean {
  try {
    const m = /^NSpid:\s+(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    const ids = m?.[1]?.trim().split(/\s+/) ?? [];
    return ids.length > 1 && ids[ids.length - 1] === '1';
  } catch {
    return false;
  }
}

async function killAndWait(pids: number[], timeoutMs = 10_000): Promise<void> {
  for (const p of pids) kill(p);
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(20);
}

/**
 * Kills every host: its PID 1 (tini) first, which makes the kernel kill and reap the whole PID
 * namespace (sshd, dockerd, containerd, shims, containers). The launcher (unshare, tini's parent)
 * then reaps tini and exits by itself; only what is still in a lab network namespace after that
 * is killed. This order leaves no orphan for the machine's init to reap.
 */
async function killHosts(initPids: number[]): Promise<void> {
  const inits = new Set([
    ...initPids.filter((p) => isAlive(p) && isLabInit(p)),
    ...[...labProcesses(), ...labCommandLines()].filter(isNsInit),
  ]);
  if (inits.size) await killAndWait([...inits]);
  const deadline = Date.now() + 1000;
  const remaining = () => [...new Set([...labProcesses(), ...labCommandLines()])];
  while (remaining().length && Date.now() < deadline) await sleep(20);
  for (let round = 0; round < 5; round++) {
    const rest = remaining();
    if (rest.length === 0) return;
    await killAndWait(rest);
  }
}

function mountsUnder(dir: string): string[] {
  const unescape = (s: string) => s.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
    .map((l) => l.split(' ')[4])
    .filter((m): m is string => !!m)
    .map(unescape)
    .filter((m) => m === dir || m.startsWith(dir + '/'));
}

/** Removes the cgroups that the docker hosts' containers lived under (cgroupfs driver). */
function removeCgroups(): void {
  const root = '/sys/fs/cgroup';
  if (!existsSync(root)) return;
  const rmTree = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) rmTree(path.join(dir, e.name));
    try {
      rmdirSync(dir);
    } catch {
      // still in use (should not happen once the hosts are dead)
    }
  };
  const hierarchies = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(root, e.name));
  for (const h of [root, ...hierarchies]) {
    let entries: string[] = [];
    try {
      entries = readdirSync(h).filter((n) => n.startsWith(CGROUP_PREFIX));
    } catch {
      continue;
    }
    for (const n of entries) rmTree(path.join(h, n));
  }
}

/** Live processes that belong to a lab by their command line (launchers, host inits, dockerds), also once their netns is gone. */
function labCommandLines(): number[] {
  const pids: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8');
      const mine = cmd.includes(`${STATE_DIR}/host-init.sh`) || (cmd.startsWith('dockerd\0') && cmd.includes(`/${CGROUP_PREFIX}`));
      if (mine && isAlive(Number(e))) pids.push(Number(e));
    } catch {
      // gone
    }
  }
  return pids;
}

function labCgroups(): string[] {
  const root = '/sys/fs/cgroup';
  const out: string[] = [];
  const dirs = existsSync(root) ? [root, ...readdirSync(root).map((n) => path.join(root, n))] : [];
  for (const d of dirs) {
    try {
      for (const n of readdirSync(d)) if (n.startsWith(CGROUP_PREFIX)) out.push(path.join(d, n));
    } catch {
      // not a directory
    }
  }
  return out;
}

/** Everything of a lab that is still on the machine, as human-readable lines. Empty = nothing. */
export function labRemains(): string[] {
  const out: string[] = [];
  for (const n of labNetns()) out.push(`network namespace ${n}`);
  for (const p of new Set([...labProcesses(), ...labCommandLines()])) out.push(`process ${p}: ${readCmd(p)}`);
  if (existsSync(`/sys/class/net/${ROOT_VETH}`)) out.push(`root namespace veth ${ROOT_VETH}`);
  for (const m of mountsUnder(STATE_DIR)) out.push(`mount ${m}`);
  for (const c of labCgroups()) out.push(`cgroup ${c}`);
  if (existsSync(STATE_DIR)) out.push(`state directory ${STATE_DIR}`);
  return out;
}

function readCmd(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 120);
  } catch {
    return '(gone)';
  }
}

/**
 * Tears down whatever lab is on the machine. initPids (from the lab object or the state file) are
 * killed first; the netns scan catches hosts that a lost state file no longer lists.
 */
export async function sweep(initPids: number[] = [], timings: Record<string, number> = {}): Promise<void> {
  let t = Date.now();
  const lap = (name: string) => {
    timings[name] = (Date.now() - t) / 1000;
    t = Date.now();
  };
  const state = readState();
  const pids = [...new Set([...initPids, ...(state?.hosts.map((h) => h.initPid) ?? [])])];
  await killHosts(pids);
  lap('killHosts');

  if (existsSync(`/sys/class/net/${ROOT_VETH}`)) await run(BIN.ip, ['link', 'del', ROOT_VETH]);
  const names = labNetns();
  if (names.length) await run(BIN.ip, ['-force', '-batch', '-'], { input: names.map((n) => `netns del ${n}\n`).join('') });
  lap('netns');

  // The state dir's tmpfs; host mounts are private to the hosts, but a crashed run could leave
  // something else under the state dir in the root namespace: detach it all.
  for (const m of mountsUnder(STATE_DIR).reverse()) await run('/usr/bin/umount', ['-l', m]);

  removeCgroups();

  // /run/netns: leave it as the lab found it, unless someone else has namespaces there now.
  if (state && existsSync('/run/netns') && readdirSync('/run/netns').length === 0) {
    if (state.createdNetnsMount && netnsDirIsMount()) await run('/usr/bin/umount', ['/run/netns']);
    if (state.createdNetnsDir && !netnsDirIsMount()) {
      try {
        rmdirSync('/run/netns');
      } catch {
        // not empty or in use: leave it
      }
    }
  }

  restoreNeighTable(state?.neighThresholds);
  restoreBacklog(state?.netdevBacklog);
  rmSync(STATE_DIR, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  lap('files');

  const remains = labRemains();
  if (remains.length) throw new Error(`[lab] teardown left: ${remains.join('; ')}`);
}
