// `rules` on hosts it can reach: connect to each (as the check does), read its firewall, stop the
// agent and close. A host that cannot be reached keeps why, and gets the standalone form.
import pLimit from 'p-limit';
import { asPreflightError } from '../errors.js';
import type { HostSpec } from '../model.js';
import { connectHost } from '../run/connect.js';
import type { RunOptions } from '../run/options.js';
import type { SshConfigLookup } from '../run/ssh-target.js';
import { ReadOnce } from '../ssh/read-once.js';
import { type HostFirewall, readHostFirewall } from './read-host.js';

const STOP_WAIT_MS = 3000;

export async function gatherFirewalls(hosts: HostSpec[], options: RunOptions, sshConfig: SshConfigLookup | undefined, signal: AbortSignal): Promise<Map<string, HostFirewall>> {
  const limit = pLimit(options.concurrency);
  const readOnce = new ReadOnce();
  const out = new Map<string, HostFirewall>();
  await Promise.all(hosts.map((spec) => limit(async () => {
    let host: Awaited<ReturnType<typeof connectHost>> | undefined;
    try {
      host = await connectHost(spec, options, sshConfig, signal, readOnce);
      if (!host.agent) throw host.agentError ?? new Error('the agent did not start');
      out.set(spec.id, await readHostFirewall(host.agent, host.uid));
    } catch (error) {
      out.set(spec.id, { kind: 'unknown', unreadable: `not read: ${asPreflightError(error, 'unreachable').message}` });
    } finally {
      try {
        await host?.agent?.stop(STOP_WAIT_MS);
      } finally {
        host?.session?.close();
      }
    }
  })));
  return out;
}
