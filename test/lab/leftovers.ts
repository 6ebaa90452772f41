// What a preflight run could have left on a host: stray processes, sockets, files in /tmp,
// /var/tmp and /root, and (docker hosts) containers, services, networks and volumes that the lab
// did not make.
import { hostExec } from './host.js';
import { dockerApi } from './docker-api.js';
import { SWARM_NETWORK, containerName } from './paths.js';
import type { LabHost } from './state.js';

const MARK = '@@spf@@';

/** One shell inside the host gathers processes, sockets and files; parsing happens here. */
function probeScript(): string {
  return [
    `echo ${MARK}self; echo $$ $PPID`,
    `echo ${MARK}sshd; cat /run/sshd.pid 2>/dev/null`,
    `echo ${MARK}ps; ps -e -o pid=,ppid=,comm=,args=`,
    `echo ${MARK}ss; ss -Hntuap 2>/dev/null`,
    `echo ${MARK}tmp; ls -A /tmp`,
    `echo ${MARK}vartmp; ls -A /var/tmp`,
    `echo ${MARK}root; ls -A /root`,
    `echo ${MARK}rootssh; ls -A /root/.ssh`,
    // The host's private /home holds only what the lab made (a lab user's home, .ssh, authorized_keys).
    `echo ${MARK}home; find /home -mindepth 1 2>/dev/null`,
  ].join('\n');
}

function sections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let cur = '';
  for (const line of text.split('\n')) {
    if (line.startsWith(MARK)) {
      cur = line.slice(MARK.length);
      out.set(cur, []);
    } else if (cur && line.trim()) {
      out.get(cur)!.push(line);
    }
  }
  return out;
}

interface Proc { pid: number; ppid: number; comm: string; args: string }

const DAEMONS = new Set(['sshd', 'dockerd', 'containerd']);
/**
 * dockerd's own diagnostics, not a run's: when its containerd fails the health checks (a lab host on
 * a loaded machine), dockerd asks it for a stack trace (SIGUSR1, which containerd writes to
 * /tmp/containerd.PID.stacks.log) and then restarts it. A CI run met one in the overlay tests.
 */
const DAEMON_STACKS = /^containerd\.\d+\.stacks\.log$/;
const DEFAULT_NETWORKS = new Set(['bridge', 'host', 'none', 'docker_gwbridge', 'ingress', SWARM_NETWORK]);

function processLeftovers(host: LabHost, procs: Proc[], probe: number[], sshdPid: number): string[] {
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const ancestors = (p: Proc): Proc[] => {
    const chain: Proc[] = [];
    for (let q = byPid.get(p.ppid); q && chain.length < 64; q = byPid.get(q.ppid)) chain.push(q);
    return chain;
  };
  const out: string[] = [];
  for (const p of procs) {
    // this probe: its shell, the timeout wrapper above it, its children
    if (probe.includes(p.pid) || probe.includes(p.ppid)) continue;
    if (p.pid === 1) continue; // tini
    if (p.pid === 2 && p.ppid === 1 && p.comm === 'sleep') continue; // the init script, waiting (tini's first child)
    if (p.pid === sshdPid) continue; // the sshd listener
    if (p.comm === 'dockerd') continue;
    if (p.comm === 'containerd' && byPid.get(p.ppid)?.comm === 'dockerd') continue;
    if (p.comm.startsWith('containerd-shim')) continue;
    // container processes: descendants of a containerd shim
    if (ancestors(p).some((a) => a.comm.startsWith('containerd-shim'))) continue;
    const what = p.comm === 'sshd' ? 'ssh session still open' : 'process';
    out.push(`${host.id}: ${what}: pid ${p.pid} (ppid ${p.ppid}) ${p.args}`);
  }
  return out;
}

function socketLeftovers(host: LabHost, lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    // Netid State Recv-Q Send-Q Local Peer [Process]
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    const [netid, state, , , local, peer] = f as [string, string, string, string, string, string];
    const users = f.slice(6).join(' ');
    const owners = [...users.matchAll(/\("([^"]+)",pid=/g)].map((m) => m[1]!);
    if (netid === 'tcp' && state !== 'LISTEN') {
      // Connections: reported through their process (if any); TIME-WAIT and the like have no owner.
      if (owners.length === 0 || owners.every((o) => DAEMONS.has(o))) continue;
    }
    if (owners.length && owners.every((o) => DAEMONS.has(o))) continue;
    if (owners.length === 0 && netid === 'udp' && /:4789$/.test(local)) continue; // kernel vxlan socket (overlay)
    out.push(`${host.id}: socket ${netid} ${state} ${local} ${peer}${owners.length ? ` owned by ${owners.join(',')}` : ' (no owning process)'}`);
  }
  return out;
}

type DockerList = { status: number; body: unknown };

/** Docker objects the lab did not make, asked of the host's dockerd over its socket. */
async function dockerLeftovers(host: LabHost, leader: boolean): Promise<string[]> {
  const out: string[] = [];
  const get = (p: string): Promise<DockerList> => dockerApi(host.id, 'GET', p, 10_000).catch((err: Error) => ({ status: 0, body: err.message }));
  const [containers, networks, volumes, services] = await Promise.all([
    get('/containers/json?all=1'), get('/networks'), get('/volumes'), leader ? get('/services') : Promise.resolve(undefined),
  ]);
  const list = <T>(r: DockerList | undefined, what: string): T[] => {
    if (!r) return [];
    if (r.status !== 200) {
      out.push(`${host.id}: cannot list docker ${what}: ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body)}`);
      return [];
    }
    return (Array.isArray(r.body) ? r.body : []) as T[];
  };
  for (const c of list<{ Names?: string[]; Image?: string }>(containers, 'containers')) {
    const name = (c.Names?.[0] ?? '?').replace(/^\//, '');
    if (name !== containerName(host.id)) out.push(`${host.id}: container ${name} (${c.Image ?? '?'})`);
  }
  for (const n of list<{ Name?: string }>(networks, 'networks')) if (!DEFAULT_NETWORKS.has(n.Name ?? '')) out.push(`${host.id}: docker network ${n.Name}`);
  const vols = volumes?.status === 200 ? ((volumes.body as { Volumes?: { Name: string }[] }).Volumes ?? []) : [];
  for (const v of vols) out.push(`${host.id}: docker volume ${v.Name}`);
  for (const sv of list<{ Spec?: { Name?: string } }>(services, 'services')) out.push(`${host.id}: swarm service ${sv.Spec?.Name ?? '?'}`);
  return out;
}

/** Leftovers on one host right now. */
export async function hostLeftovers(host: LabHost, docker: boolean, leader: boolean): Promise<string[]> {
  const r = await hostExec(host.initPid, probeScript(), { timeoutMs: 30_000 });
  const s = sections(r.stdout);
  if (!s.has('rootssh')) return [`${host.id}: could not inspect the host (exit ${r.code}): ${r.stderr.trim()}`];
  // The probe's shell and its parent (the timeout wrapper), unless that is PID 0 (outside the host).
  const probe = (s.get('self')?.[0] ?? '').split(/\s+/).map(Number).filter((n) => n > 0);
  const sshdPid = Number(s.get('sshd')?.[0] ?? 0);
  const procs: Proc[] = (s.get('ps') ?? []).map((l) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s*(.*)$/.exec(l);
    return m ? { pid: Number(m[1]), ppid: Number(m[2]), comm: m[3]!, args: m[4]! } : undefined;
  }).filter((p): p is Proc => !!p);
  return [
    ...processLeftovers(host, procs, probe, sshdPid),
    ...socketLeftovers(host, s.get('ss') ?? []),
    ...(s.get('tmp') ?? []).filter((f) => !DAEMON_STACKS.test(f)).map((f) => `${host.id}: file /tmp/${f}`),
    ...(s.get('vartmp') ?? []).map((f) => `${host.id}: file /var/tmp/${f}`),
    ...(s.get('root') ?? []).filter((f) => f !== '.ssh').map((f) => `${host.id}: file /root/${f}`),
    ...(s.get('rootssh') ?? []).filter((f) => f !== 'authorized_keys').map((f) => `${host.id}: file /root/.ssh/${f}`),
    ...(s.get('home') ?? []).filter((f) => !/^\/home\/[^/]+(\/\.ssh(\/authorized_keys)?)?$/.test(f)).map((f) => `${host.id}: file ${f}`),
    ...(docker ? await dockerLeftovers(host, leader) : []),
  ];
}
