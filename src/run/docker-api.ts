// Questions to a host's docker engine, asked of its API over the unix socket by the agent (no docker
// client started on the host): the body of a 200 answer, or an error that says what the engine or
// the socket said. Read-only: only GETs, and only the paths below.
import type { RemoteAgent } from '../agent/remote-agent.js';

/** The engine's answer to GET `path`; throws with "GET /path: why" when there is none or it is not 200. */
export async function engineGet(agent: RemoteAgent, path: string, timeoutMs: number): Promise<string> {
  const answer = await agent.dockerGet(path, timeoutMs);
  if (answer.status === 200) return answer.body;
  throw new Error(`GET ${path.split('?')[0]}: ${answer.error ?? `${answer.status} ${engineMessage(answer.body)}`}`);
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
