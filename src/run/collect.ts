// The end of a round on some hosts: each reads what has arrived and reports its drop counters from
// before and after (the `collect` command), all at once, within one bounded wait.
import type { AgentEvent, CounterTexts } from '../agent/protocol.js';
import type { RemoteAgent } from '../agent/remote-agent.js';

type Collected = Extract<AgentEvent, { ev: 'collected' }>;

let seq = 0;

/** Counters by host; a host that does not answer in time (or has no agent) is left out. */
export async function collectCounters(agents: Map<string, RemoteAgent>, hosts: Iterable<string>, timeoutMs: number, signal?: AbortSignal): Promise<Map<string, { before: CounterTexts | null; after: CounterTexts }>> {
  const out = new Map<string, { before: CounterTexts | null; after: CounterTexts }>();
  await Promise.all([...new Set(hosts)].map(async (hostId) => {
    const agent = agents.get(hostId);
    if (!agent || agent.hasExited || signal?.aborted) return;
    const id = `c${++seq}`;
    try {
      const done = agent.waitFor((e): e is Collected => e.ev === 'collected' && e.id === id, timeoutMs, 'its round counters');
      agent.send({ op: 'collect', id });
      const event = await done;
      out.set(hostId, { before: event.before, after: event.after });
    } catch {
      // Without counters its missing probes stay the network's to explain.
    }
  }));
  return out;
}
