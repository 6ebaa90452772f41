// Docker on the lab hosts: each host's dockerd, the swarm, the busybox image (no registry is
// reachable: import once, then save/load), the attachable overlay and one container per host.
// Every host runs its own chain (dockerd up -> join -> load image -> run container) as soon as
// what it depends on is ready, instead of host-by-host phases.
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { dockerApi } from './docker-api.js';
import { hostCommand, hostExecOk } from './host.js';
import { BIN, IMAGE, STATE_DIR, SWARM_NETWORK, containerName } from './paths.js';
import { debug, run, runOk, shq, sleep, waitFor } from './proc.js';
import type { LabHost } from './state.js';

/** The docker CLI shipped with the daemon, by absolute path (a newer CLI may come first in PATH). */
export const DOCKER = BIN.docker;

const dockerIn = (h: LabHost, args: string, timeoutMs = 60_000) =>
  hostExecOk(h.id, h.initPid, `${DOCKER} ${args}`, { timeoutMs });

export async function dockerLogTail(h: LabHost): Promise<string> {
  const r = await run(...hostCommand(h.initPid, ['tail', '-n', '30', '/var/log/docker.log']));
  return r.stdout;
}

/** Waits for the host's dockerd API (polled over its socket: no process spawns). */
export async function waitForDockerd(h: LabHost, timeoutMs = 60_000): Promise<void> {
  await waitFor(`dockerd on ${h.id}`, async () => {
    try {
      const r = await dockerApi(h.id, 'GET', '/_ping', 2000);
      if (r.status === 200) return true;
    } catch {
      // not listening yet
    }
    if (!existsSync(`/proc/${h.initPid}`)) throw new Error(`host ${h.id} is gone`);
    return undefined;
  }, timeoutMs, 50).catch(async (err: unknown) => {
    throw new Error(`${(err as Error).message}\n${await dockerLogTail(h)}`);
  });
}

/** A rootfs of busybox-static (/bin/busybox plus one symlink per applet), as a tar file. */
async function buildRootfsTar(): Promise<string> {
  const root = path.join(STATE_DIR, 'image-rootfs');
  rmSync(root, { recursive: true, force: true });
  for (const d of ['bin', 'etc', 'tmp', 'root', 'proc', 'sys', 'dev']) mkdirSync(path.join(root, d), { recursive: true });
  chmodSync(path.join(root, 'tmp'), 0o1777);
  copyFileSync(BIN.busybox, path.join(root, 'bin', 'busybox'));
  chmodSync(path.join(root, 'bin', 'busybox'), 0o755);
  const applets = (await runOk(BIN.busybox, ['--list'])).stdout.split('\n').map((s) => s.trim()).filter((s) => s && s !== 'busybox');
  for (const a of applets) symlinkSync('busybox', path.join(root, 'bin', a));
  const tar = path.join(STATE_DIR, 'rootfs.tar');
  await runOk(BIN.tar, ['--numeric-owner', '--owner=0', '--group=0', '-C', root, '-cf', tar, '.']);
  rmSync(root, { recursive: true, force: true });
  return tar;
}

/** Runs docker inside the host with a file as stdin (docker import -, docker load). */
async function dockerWithStdin(h: LabHost, args: string[], file: string): Promise<void> {
  const fd = openSync(file, 'r');
  try {
    await runOk(...hostCommand(h.initPid, [DOCKER, ...args]), { stdinFd: fd, timeoutMs: 120_000 });
  } finally {
    closeSync(fd);
  }
}

/** docker import on the first host, then docker save into a file for the others to load (same image ID). */
async function importImage(first: LabHost, needSave: boolean): Promise<string | undefined> {
  const rootfs = await buildRootfsTar();
  await dockerWithStdin(first, ['import', '--change', 'CMD ["sh"]', '-', IMAGE], rootfs);
  rmSync(rootfs, { force: true });
  if (!needSave) return undefined;
  const saved = path.join(STATE_DIR, 'image.tar');
  const out = openSync(saved, 'w');
  try {
    await runOk(...hostCommand(first.initPid, [DOCKER, 'save', IMAGE]), { stdoutFd: out, timeoutMs: 120_000 });
  } finally {
    closeSync(out);
  }
  return saved;
}

/** docker run of the host's busybox container on spf-net; never pulls (the image is local). */
async function runContainer(h: LabHost, attempts = 5): Promise<void> {
  const name = containerName(h.id);
  const cmd = `run -d --pull never --name ${name} --hostname ${name} --network ${SWARM_NETWORK} ${IMAGE} sleep 1d`;
  // A node that has just joined may not see the attachable network for a moment: retry briefly.
  for (let attempt = 1; ; attempt++) {
    try {
      await dockerIn(h, cmd, 120_000);
      break;
    } catch (err) {
      debug(`${h.id}: docker run attempt ${attempt} failed: ${(err as Error).message}`);
      if (attempt >= attempts) throw err;
      await hostExecOk(h.id, h.initPid, `${DOCKER} rm -f ${name} >/dev/null 2>&1 || true`);
      await sleep(500 * attempt);
    }
  }
  h.container = name;
}

/** Per host id: the addresses it inits or joins the swarm with, instead of its lab address. */
export type SwarmAddresses = Record<string, { advertise?: string; dataPath?: string }>;

/** `--advertise-addr` (the lab address unless given) and `--data-path-addr` (only when given). */
function addressFlags(h: LabHost, addresses: SwarmAddresses | undefined): string {
  const own = addresses?.[h.id];
  return `--advertise-addr ${own?.advertise ?? h.address}${own?.dataPath ? ` --data-path-addr ${own.dataPath}` : ''}`;
}

/** Phase end times (seconds since the docker bring-up started), for reports. */
export interface DockerTimings { dockerd: number; swarm: number; containers: number }

/**
 * Brings up docker on every host: swarm init on the first host (advertising its lab address),
 * managers join one at a time (raft), workers at once; the overlay; the image; one container per host.
 */
export async function bringUpDocker(hosts: LabHost[], addresses?: SwarmAddresses): Promise<DockerTimings> {
  const t0 = Date.now();
  const since = () => (Date.now() - t0) / 1000;
  const [leader, ...others] = hosts;
  if (!leader) throw new Error('[lab] no hosts');

  const dockerdReady = new Map(hosts.map((h) => [h.id, waitForDockerd(h).then(() => debug(`${h.id}: dockerd up`))]));
  const allDockerd = Promise.all(dockerdReady.values()).then(since);

  const swarmLeader = (async () => {
    await dockerdReady.get(leader.id);
    await dockerIn(leader, `swarm init ${addressFlags(leader, addresses)}`);
    const manager = (await dockerIn(leader, 'swarm join-token -q manager')).stdout.trim();
    const worker = (await dockerIn(leader, 'swarm join-token -q worker')).stdout.trim();
    await dockerIn(leader, `network create --driver overlay --attachable ${SWARM_NETWORK}`);
    debug(`${leader.id}: swarm initialised, ${SWARM_NETWORK} created`);
    return { manager, worker };
  })();
  const image = (async () => {
    await dockerdReady.get(leader.id);
    const saved = await importImage(leader, others.length > 0);
    debug('image imported and saved');
    return saved;
  })();

  let managerJoins: Promise<unknown> = swarmLeader;
  const chains = hosts.map(async (h) => {
    if (h !== leader) {
      const [tokens] = await Promise.all([swarmLeader, dockerdReady.get(h.id)]);
      const join = () => dockerIn(h, `swarm join ${addressFlags(h, addresses)} --token ${shq(h.role === 'manager' ? tokens.manager : tokens.worker)} ${leader.address}:2377`, 120_000);
      if (h.role === 'manager') {
        // Raft takes one new manager at a time.
        const mine = managerJoins.then(join);
        managerJoins = mine.catch(() => undefined);
        await mine;
      } else {
        await join();
      }
      debug(`${h.id}: joined`);
      const saved = await image;
      if (saved) await dockerWithStdin(h, ['load', '-q'], saved);
      debug(`${h.id}: image loaded`);
    } else {
      await Promise.all([swarmLeader, image]);
    }
    if (addresses?.[h.id]) {
      // A node advertising an address nobody answers may never get its attachment to spf-net (the
      // managers' answer waits on gossip): it then runs no container, and its overlays are ingress only.
      await runContainer(h, 2).catch((err: unknown) => debug(`${h.id}: no container: ${(err as Error).message}`));
    } else {
      await runContainer(h);
    }
    debug(`${h.id}: container running`);
  });

  const swarmReady = (async () => {
    await swarmLeader;
    await waitFor(`${hosts.length} Ready swarm nodes`, async () => {
      const r = await dockerApi<{ Status?: { State?: string } }[]>(leader.id, 'GET', '/nodes');
      const ready = Array.isArray(r.body) ? r.body.filter((n) => n.Status?.State === 'ready').length : 0;
      return r.status === 200 && ready === hosts.length ? true : undefined;
    }, 120_000, 100);
    return since();
  })();

  const [dockerd, swarm] = await Promise.all([allDockerd, swarmReady, Promise.all(chains)]);
  await gossipConverged(hosts, addresses);
  const saved = await image;
  if (saved) rmSync(saved, { force: true });
  return { dockerd, swarm, containers: since() };
}

/**
 * Ready nodes and running containers do not yet mean that each node's overlays gossip with every
 * peer: a check run at once saw "n1's peers lack n2" on ingress. Waits until every node that
 * advertises its own address lists every other such node among the peers of ingress and spf-net.
 * A node joined with another address (swarmAddresses) is left out: it is the fault a test is about.
 * Bounded; a swarm that does not converge is logged and left to the tests, which then say what they see.
 */
async function gossipConverged(hosts: LabHost[], addresses: SwarmAddresses | undefined): Promise<void> {
  const plain = hosts.filter((h) => !addresses?.[h.id]);
  if (plain.length < 2) return;
  type Net = { Peers?: { IP?: string }[] };
  const converged = async () => {
    for (const h of plain) {
      for (const net of ['ingress', SWARM_NETWORK]) {
        const r = await dockerApi<Net>(h.id, 'GET', `/networks/${net}?verbose=true`, 5000);
        const peers = new Set((r.body?.Peers ?? []).map((p) => p.IP));
        if (r.status !== 200 || plain.some((other) => !peers.has(other.address))) return undefined;
      }
    }
    return true;
  };
  await waitFor('every node gossiping with every other on ingress and spf-net', converged, 60_000, 250)
    .catch((err: unknown) => debug(`${(err as Error).message}`));
}

/** `docker rm -f` of every container on the host (through the API: no 10 s stop timeout, no CLI spawns). Best effort. */
export async function removeContainers(h: LabHost): Promise<void> {
  const list = await dockerApi<{ Id: string }[]>(h.id, 'GET', '/containers/json?all=1', 5000);
  if (list.status !== 200 || !Array.isArray(list.body)) return;
  await Promise.all(list.body.map((c) => dockerApi(h.id, 'DELETE', `/containers/${c.Id}?force=1&v=1`, 20_000).catch(() => undefined)));
}

/** The container's address on spf-net, as its own host's dockerd reports it. */
export async function containerAddress(h: LabHost): Promise<string> {
  type Inspect = { NetworkSettings?: { Networks?: Record<string, { IPAddress?: string }> } };
  const r = await dockerApi<Inspect>(h.id, 'GET', `/containers/${containerName(h.id)}/json`);
  const ip = r.body?.NetworkSettings?.Networks?.[SWARM_NETWORK]?.IPAddress;
  if (r.status !== 200 || !ip) throw new Error(`[lab] ${h.id}: no ${SWARM_NETWORK} address for ${containerName(h.id)} (HTTP ${r.status})`);
  return ip;
}
