// The lab: a real multi-host (optionally swarm) network on one Linux machine, for the e2e tests,
// the demo and the benchmark. See the README-style notes on Lab below.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { labAvailable, type Availability } from './available.js';
import { bringUpDocker, containerAddress, removeContainers, type SwarmAddresses } from './docker.js';
import { addHostFault, clearFaults, cutCable, dropBetween, limitPathMtu, setUnderlayMtu, type FaultSpec, type PathMtuOptions } from './faults.js';
import { hostExec, prepareHost, startHost, writeInitScript } from './host.js';
import { inventoryYaml } from './inventory.js';
import { countedSyns, startCounting } from './counters.js';
import { hostLeftovers } from './leftovers.js';
import { buildNetwork, netnsDirExists, netnsDirIsMount } from './network.js';
import { MAX_HOSTS, START_CONCURRENCY, STATE_DIR, hostAddress, hostDir, hostId, hostNetns } from './paths.js';
import { shadowHash, type LabUser } from './accounts.js';
import { signHostKey } from './host-certs.js';
import { mapLimit, type RunResult, runOk, sleep } from './proc.js';
import { generateSshKey, writeSshKey } from './sshkeys.js';
import { readState, writeState, type LabHost, type LabState } from './state.js';
import { isLabInit, sweep } from './teardown.js';
import { raiseBacklog } from './backlog.js';
import { raiseNeighTable } from './neigh-table.js';

export type { LabHost } from './state.js';
export type { FaultSpec, PathMtuOptions } from './faults.js';
export type { Availability } from './available.js';
export type { LabUser } from './accounts.js';
export type { SwarmAddresses } from './docker.js';

export interface LabOptions {
  /** Number of hosts, 1..244 (default 3). */
  hosts?: number;
  /** Run dockerd on every host and form a swarm (default false). */
  docker?: boolean;
  /** The first `managers` hosts are managers, the rest workers (default 1). */
  managers?: number;
  /** Each host authorizes only its own client key, lab.identityPath(id) (default: one lab key for all). */
  keyPerHost?: boolean;
  /** A lab CA (lab.hostCaPath) signs each host's ed25519 host key for its address; sshd presents it. */
  hostCertificates?: boolean;
  /** A non-root user on every host, logging in with the host's key, whose sudo asks for this password. */
  user?: LabUser;
  /**
   * Docker labs: per host id, the `--advertise-addr` / `--data-path-addr` it inits or joins the swarm
   * with instead of its lab address; any address in 198.18.0.0/24, even one the host does not have.
   */
  swarmAddresses?: SwarmAddresses;
  /**
   * Paths each host gets a private copy of (bound over the machine's in its mount namespace), for
   * state a test changes inside a host: UFW_PATHS for ufw. Must exist on the machine.
   */
  privatePaths?: string[];
}

/** What ufw reads and writes: its rules and settings (ufw rewrites /etc/default/ufw by renaming a new file over it, so all of /etc/default is copied). */
export const UFW_PATHS = ['/etc/ufw', '/lib/ufw', '/etc/default'];

/** Seconds spent in each phase of the last up() / teardown(), for benchmarks and reports. */
export type Timings = Record<string, number>;

const SSH_KEY = path.join(STATE_DIR, 'id_ed25519');
const KNOWN_HOSTS = path.join(STATE_DIR, 'known_hosts');
const HOST_CA = path.join(STATE_DIR, 'host_ca');
const hostKeyPath = (id: string): string => path.join(STATE_DIR, `id_ed25519_${id}`);

/**
 * A lab of N hosts n1..nN (198.18.0.11..), each its own network, mount, UTS, IPC and PID
 * namespace with sshd (and dockerd), joined by a dead-end switch namespace; the root namespace
 * reaches them from 198.18.0.1. One lab per machine: names and addresses are fixed.
 */
export class Lab {
  readonly hosts: LabHost[];
  readonly stateDir = STATE_DIR;
  readonly sshKeyPath = SSH_KEY;
  readonly knownHostsPath = KNOWN_HOSTS;
  /** The host CA's private key (labs with hostCertificates); its public key is hostCaPath + '.pub'. */
  readonly hostCaPath = HOST_CA;
  readonly docker: boolean;
  /** The lab user's name (labs with a user). */
  readonly user: string | undefined;
  readonly timings: Timings = {};
  private readonly state: LabState;

  private constructor(state: LabState) {
    this.state = state;
    this.hosts = state.hosts;
    this.docker = state.docker;
    this.user = state.user;
  }

  /** The client key a host authorizes: its own with keyPerHost, else the lab key. */
  identityPath(hostId: string): string {
    return this.state.keyPerHost ? hostKeyPath(this.host(hostId).id) : SSH_KEY;
  }

  /** Root on Linux with ip, nsenter, unshare, sshd, nft, tini (dockerd & co. with {docker: true}, sudo and openssl with {user: true}). */
  static available(opts: { docker?: boolean; user?: boolean } = {}): Availability {
    return labAvailable(opts);
  }

  /** The lab described by the state file, if one is up (built by this or another process). */
  static current(): Lab | undefined {
    const s = readState();
    return s ? new Lab(s) : undefined;
  }

  /** Tears down whatever lab is on the machine (state file or not). */
  static async down(): Promise<Timings> {
    const cur = Lab.current();
    if (cur) {
      await cur.teardown();
      return cur.timings;
    }
    const phases: Timings = {};
    await sweep([], phases);
    return phases;
  }

  /** Tears down any stale lab first, then builds a new one and waits until every host is usable. */
  static async up(opts: LabOptions = {}): Promise<Lab> {
    const count = opts.hosts ?? 3;
    const docker = opts.docker ?? false;
    const managers = opts.managers ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > MAX_HOSTS) throw new Error(`[lab] hosts must be 1..${MAX_HOSTS}`);
    if (!Number.isInteger(managers) || managers < 1 || managers > count) throw new Error(`[lab] managers must be 1..${count}`);
    checkSwarmAddresses(opts.swarmAddresses, count, docker);
    const avail = labAvailable({ docker, user: opts.user !== undefined });
    if (!avail.ok) throw new Error(`[lab] not available: ${avail.reason}`);

    const timings: Timings = {};
    const t0 = Date.now();
    const mark = (phase: string, since: number) => (timings[phase] = (Date.now() - since) / 1000);

    await Lab.down();
    mark('staleTeardown', t0);

    const t1 = Date.now();
    const createdNetnsDir = !netnsDirExists();
    const createdNetnsMount = !netnsDirIsMount();
    mkdirSync(STATE_DIR, { recursive: true });
    // The state dir is a tmpfs: hosts' private dirs (and docker's data) never hit the disk, and
    // teardown is an unmount rather than thousands of unlinks.
    await runOk('/usr/bin/mount', ['-t', 'tmpfs', '-o', 'mode=0700,size=8g', 'spf-lab', STATE_DIR]);
    chmodSync(STATE_DIR, 0o700);
    const hosts: LabHost[] = Array.from({ length: count }, (_, k) => ({
      id: hostId(k + 1),
      address: hostAddress(k + 1),
      netns: hostNetns(k + 1),
      role: k < managers ? 'manager' : 'worker',
      initPid: 0,
    }));
    const state: LabState = {
      version: 1, createdAt: new Date().toISOString(), hosts, docker, managers, createdNetnsDir, createdNetnsMount,
      ...(opts.keyPerHost ? { keyPerHost: true } : {}),
      ...(opts.hostCertificates ? { hostCertificates: true } : {}),
      ...(opts.user ? { user: opts.user.name } : {}),
    };
    writeState(state);
    const lab = new Lab(state);
    state.neighThresholds = raiseNeighTable(count);
    state.netdevBacklog = raiseBacklog(count);
    writeState(state);
    try {
      const clientKey = generateSshKey('ed25519', 'spf-lab');
      writeSshKey(SSH_KEY, clientKey);
      writeInitScript();
      const network = buildNetwork(count);
      const user = opts.user && { ...opts.user, hash: shadowHash(opts.user.password) };
      const keyLines = hosts.map((h) => {
        let authorized = clientKey.publicKey;
        if (opts.keyPerHost) {
          const own = generateSshKey('ed25519', `spf-lab-${h.id}`);
          writeSshKey(hostKeyPath(h.id), own);
          authorized = own.publicKey;
        }
        return prepareHost({ ...h, docker }, authorized, hosts, { ...(user ? { user } : {}), ...(opts.privatePaths ? { privatePaths: opts.privatePaths } : {}) });
      });
      if (opts.hostCertificates) {
        writeSshKey(HOST_CA, generateSshKey('ed25519', 'spf-lab-host-ca'));
        for (const h of hosts) signHostKey(HOST_CA, path.join(hostDir(h.id), 'etc-ssh'), h.id, h.address);
      }
      await network;
      writeFileSync(KNOWN_HOSTS, keyLines.flat().join('\n') + '\n', { mode: 0o644 });
      mark('prepare', t1);

      const t2 = Date.now();
      await mapLimit(hosts, START_CONCURRENCY, async (h) => {
        const started = await startHost({ ...h, docker });
        h.initPid = started.initPid;
      });
      writeState(state);
      mark('hosts', t2);

      if (docker) {
        const d = await bringUpDocker(hosts, opts.swarmAddresses);
        writeState(state);
        timings['docker.dockerd'] = d.dockerd;
        timings['docker.swarm'] = d.swarm;
        timings['docker.containers'] = d.containers;
      }
    } catch (err) {
      try {
        await lab.teardown();
      } catch {
        // report the original failure
      }
      throw err;
    }
    mark('total', t0);
    Object.assign(lab.timings, timings);
    return lab;
  }

  host(id: string): LabHost {
    const h = this.hosts.find((x) => x.id === id);
    if (!h) throw new Error(`[lab] no host ${id} (hosts: ${this.hosts.map((x) => x.id).join(', ')})`);
    return h;
  }

  /** A host id, or an IPv4 address as is (e.g. 198.18.0.1, the operator). */
  private peerAddress(peer: string | undefined): string | undefined {
    if (peer === undefined) return undefined;
    if (/^\d+\.\d+\.\d+\.\d+$/.test(peer)) return peer;
    return this.host(peer).address;
  }

  /** Writes an Ansible YAML inventory into the state directory (without the hosts in `omit`); returns its path. */
  writeInventory(format: 'yaml' = 'yaml', opts: { omit?: string[] } = {}): string {
    if (format !== 'yaml') throw new Error(`[lab] unsupported inventory format ${String(format)}`);
    const p = path.join(STATE_DIR, 'inventory.yml');
    writeFileSync(p, inventoryYaml({
      hosts: this.hosts.filter((h) => !opts.omit?.includes(h.id)), sshKeyPath: this.sshKeyPath, knownHostsPath: this.knownHostsPath,
      ...(this.state.keyPerHost ? { hostKeyPath: (id: string) => this.identityPath(id) } : {}),
    }));
    return p;
  }

  /** `sh -c cmd` inside the host (all its namespaces), as root. Never rejects on a non-zero exit. */
  exec(hostId: string, cmd: string, opts: { timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
    return hostExec(this.host(hostId).initPid, cmd, opts);
  }

  /** The IP address of the host's container on spf-net (docker labs). */
  containerAddress(hostId: string): Promise<string> {
    return containerAddress(this.host(hostId));
  }

  /** Drops matching packets at the host's own firewall (nft table inet spf_fault in its namespace). */
  drop(hostId: string, f: FaultSpec): Promise<void> {
    return addHostFault(this.host(hostId), 'drop', f, this.peerAddress(f.peer));
  }

  /** Rejects matching packets: tcp with a reset, udp with ICMP port unreachable, esp with protocol unreachable. */
  reject(hostId: string, f: FaultSpec): Promise<void> {
    return addHostFault(this.host(hostId), 'reject', f, this.peerAddress(f.peer));
  }

  /**
   * Path-MTU black hole on the switch: packets over mtu bytes to/from the host's port vanish (TCP and
   * the operator spared); with operatorTcp, between the operator and the host only, TCP included.
   */
  limitPathMtu(hostId: string, mtu: number, opts: PathMtuOptions = {}): Promise<void> {
    return limitPathMtu(this.host(hostId), mtu, opts);
  }

  /** Drops a port from host a to host b on the switch: a loss in the network, not at either host. */
  dropBetween(a: string, b: string, f: { proto: 'tcp' | 'udp'; port: number }): Promise<void> {
    return dropBetween(this.host(a), this.host(b), f);
  }

  /** ip link set eth0 mtu inside the host (what the host itself may send). */
  setUnderlayMtu(hostId: string, mtu: number): Promise<void> {
    return setUnderlayMtu(this.host(hostId), mtu);
  }

  /** Takes the host's switch port down. */
  cutCable(hostId: string): Promise<void> {
    return cutCable(this.host(hostId));
  }

  /** The host's own /etc/machine-id (each host gets a random one); two hosts given the same one look cloned. */
  setMachineId(hostId: string, id: string): void {
    if (!/^[0-9a-f]{32}$/.test(id)) throw new Error(`[lab] not a machine-id: ${id}`);
    writeFileSync(path.join(hostDir(this.host(hostId).id), 'machine-id'), `${id}\n`);
  }

  /** Starts counting new TCP connections (SYNs) to `port` on every host, from zero. */
  async countConnections(port = 22): Promise<void> {
    await mapLimit(this.hosts, 8, (h) => startCounting(h, port));
  }

  /** SYNs counted on each host since countConnections, by host id. */
  async connectionCounts(): Promise<Record<string, number>> {
    const counts = await mapLimit(this.hosts, 8, async (h) => [h.id, await countedSyns(h)] as const);
    return Object.fromEntries(counts);
  }

  /** Undoes every fault on every host and on the switch. */
  clearFaults(): Promise<void> {
    return clearFaults(this.hosts);
  }

  /**
   * Anything a preflight run could have left, one line each; empty = clean. Short-lived things
   * (an ssh session closing right after its client exits) get up to settleMs to go away.
   */
  async leftovers(opts: { settleMs?: number } = {}): Promise<string[]> {
    const deadline = Date.now() + (opts.settleMs ?? 2000);
    for (;;) {
      const found = (await mapLimit(this.hosts, 8, (h) => hostLeftovers(h, this.docker, h === this.hosts[0]))).flat();
      if (found.length === 0 || Date.now() > deadline) return found;
      await sleep(200);
    }
  }

  /**
   * Removes everything: containers, daemons, namespaces, veths, mounts, cgroups, the state
   * directory. Idempotent; a no-op once another lab has replaced this one.
   */
  async teardown(): Promise<void> {
    const t0 = Date.now();
    const phases: Timings = {};
    const current = readState();
    if (current && current.createdAt !== this.state.createdAt) return;
    if (this.docker && existsSync(STATE_DIR)) {
      await mapLimit(this.hosts.filter((h) => h.initPid > 0 && isLabInit(h.initPid)), 16, (h) => removeContainers(h).catch(() => undefined));
      phases.containers = (Date.now() - t0) / 1000;
    }
    await sweep(this.hosts.map((h) => h.initPid).filter((p) => p > 0), phases);
    for (const [k, v] of Object.entries(phases)) this.timings[`teardown.${k}`] = v;
    this.timings.teardown = (Date.now() - t0) / 1000;
  }
}

/** Swarm addresses stay inside the lab's subnet: nothing may route off the machine. */
function checkSwarmAddresses(addresses: SwarmAddresses | undefined, count: number, docker: boolean): void {
  if (!addresses) return;
  if (!docker) throw new Error('[lab] swarmAddresses needs docker: true');
  for (const [id, a] of Object.entries(addresses)) {
    if (!/^n\d+$/.test(id) || Number(id.slice(1)) > count) throw new Error(`[lab] swarmAddresses: no host ${id}`);
    for (const ip of [a.advertise, a.dataPath]) {
      const m = ip === undefined ? null : /^198\.18\.0\.(\d{1,3})$/.exec(ip);
      if (ip !== undefined && !(m && Number(m[1]) >= 2 && Number(m[1]) <= 254)) throw new Error(`[lab] swarmAddresses: ${ip} is not in 198.18.0.0/24`);
    }
  }
}
