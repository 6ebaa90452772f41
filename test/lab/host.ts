// One lab host: a network namespace plus its own mount, UTS, IPC and PID namespaces, with tini as
// PID 1, private /etc/ssh, /run, /root, /tmp, /var/tmp, /var/log (and docker's directories), and sshd.
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BIN, CGROUP_PREFIX, CLEAN_ENV, LAB_NAMESERVER, STATE_DIR, hostDir, netnsPath,
} from './paths.js';
import { run, type RunOptions, type RunResult, sleep } from './proc.js';
import { generateSshKey, writeSshKey } from './sshkeys.js';
import { prepareAccounts, type LabUser } from './accounts.js';
import { HOST_CERT_NAME } from './host-certs.js';

export const INIT_SCRIPT = path.join(STATE_DIR, 'host-init.sh');
const READY = 'SPF-LAB-READY';

/**
 * The host's init, run by tini (PID 1 of the host's PID namespace) with: id address dir docker(0|1).
 * Everything it mounts lives in the host's private mount namespace and vanishes with it.
 */
const INIT_SCRIPT_TEXT = `#!/bin/sh
# swarm-preflight lab host init (the child of tini, PID 1 of this host).
set -eu
id="$1"; addr="$2"; dir="$3"; docker="$4"
echo "$id" > /proc/sys/kernel/hostname

# Network: eth0 on the lab subnet; no default route, no forwarding (dockerd may enable it later
# inside this host only, for its own bridges). gso_max_segs 1: the host hands the wire real,
# MTU-sized packets (no 64 KiB GSO super-packets crossing the veth), so the switch's size limits
# (path-MTU faults) see what a real wire would.
ip -batch - <<EOF
link set lo up
link set eth0 gso_max_segs 1
addr add $addr/24 dev eth0
link set eth0 up
EOF
echo 0 > /proc/sys/net/ipv4/ip_forward

# Forget the other lab namespaces' handles that came along with the copy of the root mount table.
umount -l /run/netns 2>/dev/null || true

mount -t tmpfs -o mode=1777,nosuid,nodev shm /dev/shm
mount --bind "$dir/etc-ssh" /etc/ssh
mount --bind "$dir/root" /root
mount --bind "$dir/tmp" /tmp
mount --bind "$dir/var-tmp" /var/tmp
mount --bind "$dir/var-log" /var/log
mount --bind "$dir/hostname" /etc/hostname
mount --bind "$dir/hosts" /etc/hosts
mount --bind "$dir/resolv.conf" /etc/resolv.conf
# Accounts: the machine's users plus any lab user, private to this host (see accounts.ts).
for f in passwd shadow group gshadow; do
  if [ -f "$dir/etc-$f" ]; then mount --bind "$dir/etc-$f" "/etc/$f"; fi
done
if [ -d "$dir/etc-sudoers.d" ] && [ -d /etc/sudoers.d ]; then mount --bind "$dir/etc-sudoers.d" /etc/sudoers.d; fi
if [ -d /home ]; then mount --bind "$dir/home" /home; fi
# Labs that ask for it: private copies of more of the machine's paths (a firewall front end's state).
if [ -f "$dir/private-paths" ]; then
  while IFS= read -r p; do mount --bind "$dir/private$p" "$p"; done < "$dir/private-paths"
fi

if [ "$docker" = 1 ]; then
  # /var/lib/docker and /var/lib/containerd need not exist on the machine: a per-host overlay on
  # /var/lib provides the mount points without touching the real filesystem.
  mount -t overlay overlay -o "lowerdir=/var/lib,upperdir=$dir/var-lib/upper,workdir=$dir/var-lib/work" /var/lib
  mkdir -p /var/lib/docker /var/lib/containerd
  mount --bind "$dir/var-lib-docker" /var/lib/docker
  mount --bind "$dir/var-lib-containerd" /var/lib/containerd
  mount --bind "$dir/etc-docker" /etc/docker
fi

# /sys must show this host's network devices (/sys/class/net/eth0/mtu is eth0's, not the
# machine's), yet dockerd needs the cgroup mounts under it: keep them across the remount.
mount --rbind /sys/fs/cgroup "$dir/cgroup-hold"
mount -t sysfs sysfs /sys
mount --move "$dir/cgroup-hold" /sys/fs/cgroup

mount --bind "$dir/run" /run

# Stock config; log to a file of this host instead of a syslog socket it does not have. A signed
# host key (labs with host certificates) is presented as well.
cert=/etc/ssh/${HOST_CERT_NAME}
if [ -f "$cert" ]; then
  /usr/sbin/sshd -E /var/log/auth.log -o HostCertificate="$cert"
else
  /usr/sbin/sshd -E /var/log/auth.log
fi
until [ -s /run/sshd.pid ]; do sleep 0.02; done

if [ "$docker" = 1 ]; then
  setsid -f dockerd --cgroup-parent "/${CGROUP_PREFIX}$id" >/var/log/docker.log 2>&1 </dev/null
fi

echo "${READY} $id"
exec sleep infinity
`;

export function writeInitScript(): void {
  writeFileSync(INIT_SCRIPT, INIT_SCRIPT_TEXT, { mode: 0o755 });
}

export interface HostSpec { id: string; address: string; netns: string; docker: boolean }

/** What a host gets beyond the defaults: a lab user with a sudo password (hash made once per lab). */
export interface HostExtras {
  user?: LabUser & { hash: string };
  /** Absolute paths (files or directories) the host gets a private copy of, bound over the machine's. */
  privatePaths?: string[];
}

function mkdir(p: string, mode: number): void {
  mkdirSync(p, { recursive: true });
  chmodSync(p, mode);
}

/**
 * Builds the host's private directories: its own /etc/ssh (the machine's config, fresh host keys),
 * /root with the lab key authorized, empty /tmp, /var/tmp, /var/log, /run, the small /etc files,
 * its own accounts (/etc/passwd & co., /etc/sudoers.d, /home; with extras.user one more user),
 * and for docker hosts /etc/docker, /var/lib/docker, /var/lib/containerd.
 * Returns the host's public host keys as known_hosts lines.
 */
export function prepareHost(h: HostSpec, labPublicKey: string, allHosts: { id: string; address: string }[], extras: HostExtras = {}): string[] {
  const dir = hostDir(h.id);
  mkdir(dir, 0o755);
  const etcSsh = path.join(dir, 'etc-ssh');
  cpSync('/etc/ssh', etcSsh, {
    recursive: true,
    filter: (src) => !path.basename(src).startsWith('ssh_host_'),
  });
  chmodSync(etcSsh, 0o755);
  mkdir(path.join(dir, 'root'), 0o700);
  mkdir(path.join(dir, 'root', '.ssh'), 0o700);
  writeFileSync(path.join(dir, 'root', '.ssh', 'authorized_keys'), labPublicKey.trim() + '\n', { mode: 0o600 });
  mkdir(path.join(dir, 'tmp'), 0o1777);
  mkdir(path.join(dir, 'var-tmp'), 0o1777);
  mkdir(path.join(dir, 'var-log'), 0o755);
  mkdir(path.join(dir, 'run'), 0o755);
  mkdir(path.join(dir, 'run', 'sshd'), 0o755);
  mkdir(path.join(dir, 'run', 'lock'), 0o1777);
  prepareAccounts(dir, extras.user && { ...extras.user, authorizedKey: labPublicKey });
  writeFileSync(path.join(dir, 'hostname'), `${h.id}\n`);
  writeFileSync(path.join(dir, 'resolv.conf'), `nameserver ${LAB_NAMESERVER}\n`);
  writeFileSync(path.join(dir, 'hosts'), [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    ...allHosts.map((o) => `${o.address}\t${o.id}`),
    '',
  ].join('\n'));
  if (h.docker) {
    // The machine's /etc/docker (normally empty), minus any engine identity.
    cpSync('/etc/docker', path.join(dir, 'etc-docker'), { recursive: true, filter: (src) => path.basename(src) !== 'key.json' });
    mkdir(path.join(dir, 'etc-docker'), 0o755);
    // SPF_LAB_DOCKER_DEBUG=1: dockerd logs at debug level into the host's /var/log/docker.log.
    if (process.env.SPF_LAB_DOCKER_DEBUG) writeFileSync(path.join(dir, 'etc-docker', 'daemon.json'), '{ "debug": true }\n');
    mkdir(path.join(dir, 'var-lib-docker'), 0o711);
    mkdir(path.join(dir, 'var-lib-containerd'), 0o711);
    mkdir(path.join(dir, 'var-lib', 'upper'), 0o755);
    mkdir(path.join(dir, 'var-lib', 'work'), 0o755);
  }
  mkdir(path.join(dir, 'cgroup-hold'), 0o755);
  if (extras.privatePaths?.length) {
    for (const p of extras.privatePaths) cpSync(p, path.join(dir, 'private', p), { recursive: true });
    writeFileSync(path.join(dir, 'private-paths'), extras.privatePaths.map((p) => `${p}\n`).join(''));
  }
  // Host keys: ed25519 and ECDSA, made in-process (RSA would cost ~0.6 s of CPU per host; sshd
  // just skips the missing default RSA key).
  const lines: string[] = [];
  for (const t of ['ed25519', 'ecdsa'] as const) {
    const key = generateSshKey(t, `root@${h.id}`);
    writeSshKey(path.join(etcSsh, `ssh_host_${t}_key`), key);
    lines.push(`${h.address} ${key.type} ${key.blob}`);
  }
  return lines;
}

export interface StartedHost { initPid: number; launcherPid: number }

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Starts the host: nsenter into its network namespace, unshare the rest, tini as PID 1 running
 * the init script. Detached, so the lab outlives the process that built it. Resolves once sshd
 * is listening (and dockerd has been launched, for docker hosts).
 */
export async function startHost(h: HostSpec, timeoutMs = 30_000): Promise<StartedHost> {
  const dir = hostDir(h.id);
  const logPath = path.join(dir, 'init.log');
  const log = openSync(logPath, 'a');
  const child = spawn(BIN.nsenter, [
    `--net=${netnsPath(h.netns)}`, '--',
    BIN.unshare, '--mount', '--uts', '--ipc', '--pid', '--fork', '--mount-proc', '--propagation', 'private', '--',
    BIN.tini, '-s', '--', BIN.sh, INIT_SCRIPT, h.id, h.address, dir, h.docker ? '1' : '0',
  ], { detached: true, stdio: ['ignore', log, log], env: CLEAN_ENV, cwd: '/' });
  closeSync(log);
  let exited: string | undefined;
  child.on('exit', (code, sig) => (exited = `exit ${code ?? sig}`));
  child.on('error', (err) => (exited = err.message));
  child.unref();
  const launcherPid = child.pid;
  if (!launcherPid) throw new Error(`[lab] ${h.id}: could not start nsenter`);

  const deadline = Date.now() + timeoutMs;
  let initPid = 0;
  for (;;) {
    if (!initPid) initPid = childrenOf(launcherPid)[0] ?? 0;
    const text = existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
    if (initPid && text.includes(READY)) return { initPid, launcherPid };
    if (exited !== undefined || Date.now() > deadline) {
      throw new Error(`[lab] host ${h.id} did not come up (${exited ?? 'timeout'}):\n${text.trim()}`);
    }
    await sleep(25);
  }
}

/** nsenter arguments that run argv inside every namespace of the host. */
export function hostCommand(initPid: number, argv: string[]): [string, string[]] {
  return [BIN.nsenter, ['--target', String(initPid), '--all', '--', ...argv]];
}

/**
 * Runs `sh -c cmd` inside the host (all its namespaces), as root, with a clean environment.
 * With a timeout, coreutils timeout inside the host kills the command's whole process group.
 */
export function hostExec(initPid: number, cmd: string, opts: RunOptions = {}): Promise<RunResult> {
  const argv = opts.timeoutMs
    ? ['/usr/bin/timeout', '-s', 'KILL', `${Math.max(1, Math.ceil(opts.timeoutMs / 1000))}s`, BIN.sh, '-c', cmd]
    : [BIN.sh, '-c', cmd];
  const [f, a] = hostCommand(initPid, argv);
  return run(f, a, { ...opts, timeoutMs: opts.timeoutMs ? opts.timeoutMs + 2000 : undefined });
}

export async function hostExecOk(hostId: string, initPid: number, cmd: string, opts: RunOptions = {}): Promise<RunResult> {
  const r = await hostExec(initPid, cmd, opts);
  if (r.code !== 0) throw new Error(`[lab] ${hostId}: \`${cmd.slice(0, 200)}\` failed (exit ${r.code}): ${(r.stderr || r.stdout).trim()}`);
  return r;
}
