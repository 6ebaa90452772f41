// `check --fix-out DIR`: the causes' fixes as files, per host, in the syntax of the firewall found on
// it and placed by its ruleset (read through the run's agents, before they stop), with an index.
import { mkdirSync } from 'node:fs';
import type { RemoteAgent } from '../agent/remote-agent.js';
import { PreflightError } from '../errors.js';
import type { FirewallKind } from '../facts/firewall.js';
import type { RunResult } from '../model.js';
import { fixNeeds } from '../rules/fix-needs.js';
import { type HostFirewall, readHostFirewall } from '../rules/read-host.js';
import { renderHost, type RulesFile, syntaxFor } from '../rules/render.js';
import { commentSafe } from '../rules/header.js';
import { writeFiles } from './rules-output.js';

/** The directory made (or found) before the first connection: a path that cannot be one is a usage error. */
export function prepareFixDir(dir: string): void {
  if (dir === '') throw new PreflightError('usage', '--fix-out needs a directory');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new PreflightError('usage', `--fix-out ${dir}: cannot make the directory: ${(error as Error).message}`, { cause: error });
  }
}

/** Writes the files; returns the lines to tell the operator (what was written, what could not be). */
export async function writeFixes(result: RunResult, agents: ReadonlyMap<string, RemoteAgent>, dir: string): Promise<string[]> {
  const { hosts, skipped } = fixNeeds(result);
  const facts = new Map(result.hosts.map((h) => [h.id, h.facts]));
  const files: RulesFile[] = [];
  const index: string[] = [];
  const notes = [...skipped];
  await Promise.all(hosts.map(async (host) => {
    const kind = (facts.get(host.id)?.firewall as FirewallKind | undefined) ?? 'unknown';
    if (kind === 'none') {
      notes.push({ id: host.id, why: 'no host firewall was found on it, so its packets are dropped before they reach it: open them where the network filters (security group, network ACL), as its cause says' });
      return;
    }
    const agent = agents.get(host.id);
    let fw: HostFirewall = { kind, unreadable: 'its agent was not running' };
    if (agent && !agent.hasExited) {
      const uid = facts.get(host.id)?.uid;
      fw = await readHostFirewall(agent, typeof uid === 'number' ? uid : undefined, kind).catch((error: Error) => ({ kind, unreadable: error.message }));
    }
    const file = renderHost(host, syntaxFor(kind), fw);
    files.push(file);
    index.push(`${file.name}: on ${commentSafe(host.id)} (${kind === 'unknown' ? 'firewall not read' : kind})`);
  }));
  if (!files.length && !notes.length) return [`--fix-out: nothing to write: no failing cell is a host firewall's to open`];
  files.sort((a, b) => a.name.localeCompare(b.name));
  index.sort();
  const lines = [
    'Rules that open the failing cells of the check, one file per host: copy each to its host and apply it',
    'as its first lines say; then run the check again.',
    '',
    ...index,
    ...notes.map((n) => `${commentSafe(n.id)}: no file: ${n.why}`),
    '',
  ];
  files.push({ name: 'README.txt', text: lines.join('\n') });
  const written = writeFiles(files, dir);
  return [`fixes for ${index.length} host${index.length === 1 ? '' : 's'} written to ${dir} (${written.length - 1} file${written.length === 2 ? '' : 's'}; see README.txt)`,
    ...notes.map((n) => `${n.id}: no fix file: ${n.why}`)];
}
