// The round trip the rules e2e tests share: the check fails on a default-deny lab, `rules` output is
// applied on every host, the check passes, and a second apply changes nothing.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import type { Lab } from '../lab/lab.js';
import { cells, labArgs, runCli } from './cli.js';
import { type DenyKind, denyInput, hostOk } from './rules-firewalls.js';

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

/** The check's exit code and its failing cells (untested ones too, with those of a host out of the run). */
export async function check(lab: Lab): Promise<{ code: number | null; failing: number; stderr: string }> {
  const run = await runCli(labArgs(lab, ['--format', 'json', '--timeout', '2']));
  return { code: run.code, failing: run.json ? cells(run.json, 'fail').length + cells(run.json, 'error').length : -1, stderr: run.stderr };
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

/** Every host's file of `files` applied on it. */
export async function applyAll(lab: Lab, files: Map<string, string>, ext: string): Promise<void> {
  await Promise.all(lab.hosts.map((h) => applyFile(lab, h.id, `${h.id}.${ext}`, files.get(`${h.id}.${ext}`) as string)));
}

/**
 * Default-deny `kind` on every host: the check fails; each host's own `rules` file (auto-detected
 * syntax, extension `ext`), applied, makes it pass. Returns the files for what the test checks next.
 */
export async function openDeniedLab(t: ExecutionContext, lab: Lab, kind: DenyKind, ext: string): Promise<Map<string, string>> {
  await Promise.all(lab.hosts.map((h) => denyInput(lab, h.id, kind)));
  const before = await check(lab);
  t.is(before.code, 1, before.stderr);
  const files = await rulesFiles(t, lab);
  t.deepEqual([...files.keys()].sort(), lab.hosts.map((h) => `${h.id}.${ext}`));
  await applyAll(lab, files, ext);
  const after = await check(lab);
  t.is(after.code, 0, after.stderr);
  return files;
}
