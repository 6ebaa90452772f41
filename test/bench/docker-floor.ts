// What the canary's docker work costs the lab without the tool: a fresh attachable overlay made on the
// manager, the same small container started on every node at once and attached to it, then every
// container and the network removed, each node's docker driven directly inside the host (no SSH, no
// agent, no pings). On one machine this is every node's dockerd, containerd and runc on the two cores
// the runner shares; on real nodes each does its own.
import type { Lab } from '../lab/lab.js';

export interface DockerFloor { createMs: number; startMs: number; removeMs: number; totalMs: number }

const NAME = 'spf-bench-floor';

export async function dockerFloor(lab: Lab, image: string): Promise<DockerFloor> {
  const manager = lab.hosts[0]?.id as string;
  const ms = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;
  const ok = async (host: string, cmd: string) => {
    const r = await lab.exec(host, cmd, { timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`[bench] ${host}: ${cmd}: ${r.stderr.trim()}`);
  };
  const t0 = process.hrtime.bigint();
  await ok(manager, `docker network create --driver overlay --attachable ${NAME}`);
  const createMs = ms(t0);
  const t1 = process.hrtime.bigint();
  await Promise.all(lab.hosts.map((h) => ok(h.id, `docker run -d --rm --pull never --name ${NAME}-${h.id} --network ${NAME} ${image} sleep 300`)));
  const startMs = ms(t1);
  const t2 = process.hrtime.bigint();
  await Promise.all(lab.hosts.map((h) => ok(h.id, `docker rm -f ${NAME}-${h.id}`)));
  // The manager refuses while a worker still holds its attachment: the same short retry as the canary's.
  for (let attempt = 0; ; attempt++) {
    const r = await lab.exec(manager, `docker network rm ${NAME}`);
    if (r.code === 0) break;
    if (attempt === 30) throw new Error(`[bench] ${manager}: docker network rm ${NAME}: ${r.stderr.trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { createMs, startMs, removeMs: ms(t2), totalMs: ms(t0) };
}
