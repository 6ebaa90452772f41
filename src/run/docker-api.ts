// Questions to a host's docker engine, asked of its API over the unix socket by the agent (no docker
// client started on the host): the body of a 200 answer, or an error that says what the engine or
// the socket said. Read-only: only GETs, and only the paths below.
import type { DockerEvent, RemoteAgent } from '../agent/remote-agent.js';
import { int, ipv4 } from '../agent/shape.js';

/** The engine's answer to GET `path`; throws with "GET /path: why" when there is none or it is not 200. */
export async function engineGet(agent: RemoteAgent, path: string, timeoutMs: number, afterStop = false): Promise<string> {
  const answer = await agent.dockerGet(path, timeoutMs, { afterStop });
  if (answer.status === 200) return answer.body;
  throw new Error(`GET ${path.split('?')[0]}: ${engineProblem(answer)}`);
}

/** Why an answer is not a 200: the agent's error (the socket's words), or the status and the engine's message. */
export function engineProblem(answer: DockerEvent): string {
  return answer.error ?? `${answer.status} ${engineMessage(answer.body)}`;
}

/** The `message` of the engine's JSON error body ({"message": "..."}), printable and short. */
export function engineMessage(body: string): string {
  let message: unknown;
  try {
    message = (JSON.parse(body) as { message?: unknown } | null)?.message;
  } catch {
    message = undefined;
  }
  const text = typeof message === 'string' ? message : body;
  return text.replace(/[^\x20-\x7e]+/g, ' ').trim().slice(0, 200) || 'no message';
}

/** Only the overlay networks, as `docker network ls --filter driver=overlay` asks. */
export const OVERLAYS_PATH = `/networks?filters=${encodeURIComponent(JSON.stringify({ driver: { overlay: true } }))}`;
/** One network with `verbose`: the tasks each node announced, with its data-path address ("Host IP"). */
export const networkPath = (id: string) => `/networks/${id}?verbose=true`;

const filters = (value: object) => encodeURIComponent(JSON.stringify(value));
const DOCKER_ID = /^[0-9a-f]{12,64}$/;

/**
 * The ids of the engine's containers (running or not) or networks that carry `label` (key=value), as
 * `docker ps -aq --filter label=...` and `docker network ls -q --filter label=...` list them. An entry
 * without a well-formed id is an error: whoever asks whether anything is left must not hear "nothing".
 */
export async function labelledIds(agent: RemoteAgent, kind: 'containers' | 'networks', label: string, timeoutMs: number, afterStop = false): Promise<string[]> {
  const path = kind === 'containers' ? `/containers/json?all=1&filters=${filters({ label: [label] })}` : `/networks?filters=${filters({ label: [label] })}`;
  const raw = JSON.parse(await engineGet(agent, path, timeoutMs, afterStop)) as unknown;
  if (!Array.isArray(raw)) throw new Error(`GET /${kind}: not a JSON array`);
  return raw.map((entry) => {
    const id = (entry as { Id?: unknown } | null)?.Id;
    if (typeof id !== 'string' || !DOCKER_ID.test(id)) throw new Error(`GET /${kind}: an entry without a docker id`);
    return id;
  });
}

/** A container's address on `network` and its PID (0 when not running), as `docker inspect` shows them. */
export async function containerAddress(agent: RemoteAgent, name: string, network: string, timeoutMs: number): Promise<{ ip?: string; pid?: number }> {
  const raw = JSON.parse(await engineGet(agent, `/containers/${encodeURIComponent(name)}/json`, timeoutMs)) as
    { NetworkSettings?: { Networks?: Record<string, { IPAddress?: unknown } | null> | null } | null; State?: { Pid?: unknown } | null } | null;
  const ip = raw?.NetworkSettings?.Networks?.[network]?.IPAddress;
  const pid = raw?.State?.Pid;
  return {
    ...(ipv4(ip) === null ? { ip: ip as string } : {}),
    ...(int(1, 2 ** 31 - 1)(pid) === null ? { pid: pid as number } : {}),
  };
}
