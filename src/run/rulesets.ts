// Reading a host's packet filter through its agent, read-only: `nft -j list ruleset` (and the text
// listing with handles, for the operator's own wording) and `iptables-save -c`. Read before the probe
// round on every host and after it on the hosts of failed probes, so rule counters can name the rule
// that counted the lost probes. Needs root (direct or --sudo); without it the reason is kept.
import type { RemoteAgent } from '../agent/remote-agent.js';
import type { RulesetEvidence } from '../../checks/who-drops.js';
import { buildRuleset, type RulesetText } from '../firewall/ruleset.js';
import type { Ruleset } from '../firewall/types.js';

/** The agent keeps this much of a command's stdout; a longer listing cannot be parsed. */
const AGENT_STDOUT_MAX = 262144;

interface Out { code: number | null; stdout: string; stderr: string; error: string | null }

export type RulesetRead = { ruleset: Ruleset } | { error: string };

export async function readRuleset(agent: RemoteAgent, timeoutMs: number, withText: boolean, root: boolean): Promise<RulesetRead> {
  const [nftJson, nftText, xt] = await Promise.all([
    agent.exec(['nft', '-j', 'list', 'ruleset'], timeoutMs),
    withText ? agent.exec(['nft', '-a', 'list', 'ruleset'], timeoutMs) : Promise.resolve(undefined),
    agent.exec(['iptables-save', '-c'], timeoutMs),
  ]);
  return rulesetFrom(nftJson, nftText, xt, root);
}

/** Pure: the three command outputs into a ruleset, or why there is none. */
export function rulesetFrom(nftJson: Out, nftText: Out | undefined, xt: Out, root = true): RulesetRead {
  const problems = [problem('nft', nftJson), problem('iptables-save', xt)];
  // A user's PATH seldom holds /usr/sbin, where both live; and both need root anyway.
  if (problems.some((p) => p === 'needs-root') || (!root && problems.every((p) => p === 'not-found'))) {
    return { error: 'reading the firewall rules needs root (run as root or with --sudo)' };
  }
  const text: RulesetText = {};
  if (!problems[0]) text.nftJson = nftJson.stdout;
  if (!problems[0] && nftText && !problem('nft', nftText)) text.nftText = nftText.stdout;
  if (!problems[1]) text.iptablesSave = xt.stdout;
  if (text.nftJson === undefined && text.iptablesSave === undefined) {
    if (problems.every((p) => p === 'not-found')) return { error: 'neither nft nor iptables-save is installed, so its rules could not be read' };
    return { error: `the rules could not be read (${problems.filter(Boolean).join('; ')})` };
  }
  try {
    return { ruleset: buildRuleset(text) };
  } catch (error) {
    return { error: `the ruleset listing could not be parsed: ${(error as Error).message}` };
  }
}

function problem(name: string, out: Out): string | undefined {
  if (out.error === 'not-found') return 'not-found';
  if (out.error) return `${name}: ${out.error}`;
  if (out.code !== 0) {
    if (/Operation not permitted|Permission denied|must be root|you must be root/i.test(out.stderr)) return 'needs-root';
    return `${name} exited ${out.code}`;
  }
  if (out.stdout.length >= AGENT_STDOUT_MAX) return `${name}: the listing is larger than ${AGENT_STDOUT_MAX / 1024} KiB`;
  return undefined;
}

/** Reads every host at once; a host whose agent is gone or fails is kept with the reason. */
export async function readRulesets(agents: Map<string, RemoteAgent>, ids: Iterable<string>, timeoutMs: number, withText: boolean,
  isRoot: (id: string) => boolean): Promise<Map<string, RulesetRead>> {
  const out = new Map<string, RulesetRead>();
  await Promise.all([...ids].map(async (id) => {
    const agent = agents.get(id);
    if (!agent || agent.hasExited) {
      out.set(id, { error: 'its agent was not running' });
      return;
    }
    try {
      out.set(id, await readRuleset(agent, timeoutMs, withText, isRoot(id)));
    } catch (error) {
      out.set(id, { error: `the rules could not be read: ${(error as Error).message}` });
    }
  }));
  return out;
}

/** Before and after readings, per host, as the who-drops evaluation takes them. */
export function rulesetEvidence(before: Map<string, RulesetRead>, after: Map<string, RulesetRead>): Map<string, RulesetEvidence> {
  const out = new Map<string, RulesetEvidence>();
  for (const [id, a] of after) {
    const b = before.get(id);
    out.set(id, {
      ...('ruleset' in a ? { after: a.ruleset } : { error: a.error }),
      ...(b && 'ruleset' in b ? { before: b.ruleset } : {}),
    });
  }
  return out;
}
