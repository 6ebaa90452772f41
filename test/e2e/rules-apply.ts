// The round trip the rules e2e tests share: the check fails on a default-deny lab, `rules` output is
// applied on every host, the check passes, and a second apply changes nothing.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import type { Lab } from '../lab/lab.js';
import { labArgs, runCli } from './cli.js';
import { hostOk } from './rules-firewalls.js';

/** `rules` against the lab, into a fresh directory; returns the files by name. */
export async function rulesFiles(t: ExecutionContext, lab: Lab, extra: string[] = []): Promise<Map<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'spf-rules-'));
  try {
    const run = await runCli(['rules', '-i', lab.writeInventory(), '--identity', lab.sshKeyPath, '--known-hosts', lab.knownHostsPath, '--connect-timeout', '5', '-o', dir, ...extra]);
    t.is(run.code, 0, run.stderr);
    t.is(run.stderr, '', 'every host was read');
    return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The check's exit code and its failing cells. */
export async function check(lab: Lab): Promise<{ code: number | null; failing: number; stderr: string }> {
  const run = await runCli(labArgs(lab, ['--format', 'json', '--timeout', '2']));
  return { code: run.code, failing: run.json?.probes.filter((p) => p.status !== 'pass' && p.status !== 'skip').length ?? -1, stderr: run.stderr };
}

/** The host's nft ruleset in JSON, without handles (a re-added rule gets a new one) or counters. */
export async function rulesetWithoutHandles(lab: Lab, id: string): Promise<unknown> {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'handle' && k !== 'counter').map(([k, x]) => [k, strip(x)]));
    return v;
  };
  return strip(JSON.parse(await hostOk(lab, id, 'nft -j list ruleset')));
}

/** Applies a generated file on its host the way its header says: nft -f for .nft, sh for scripts. */
export async function applyFile(lab: Lab, id: string, name: string, text: string): Promise<void> {
  await hostOk(lab, id, name.endsWith('.nft') ? 'nft -f -' : 'sh -s', text);
}
