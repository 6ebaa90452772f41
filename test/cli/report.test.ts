import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { readResult } from '../../src/cli/report.js';
import { renderJson } from '../../src/report/json.js';
import type { RunResult } from '../../src/model.js';
import { richPair, run as makeRun } from '../report/diff-fixtures.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });

function saved(t: { teardown: (fn: () => void) => void }): { dir: string; older: string; newer: string } {
  const dir = mkdtempSync(join(tmpdir(), 'spf-report-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const [a, b] = richPair();
  // The old one as saved before causes existed: the diff groups them when it reads the file.
  delete a.causes;
  writeFileSync(join(dir, 'old.json'), JSON.stringify(a));
  writeFileSync(join(dir, 'new.json'), JSON.stringify(b));
  return { dir, older: join(dir, 'old.json'), newer: join(dir, 'new.json') };
}

test('report --diff OLD NEW prints the diff and exits 0 although the new run fails', (t) => {
  const { older, newer } = saved(t);
  const r = cli('report', '--diff', older, newer);
  t.is(r.status, 0, r.stderr);
  t.is(r.stderr, '');
  t.regex(r.stdout, /^1 fixed, 2 newly broken, 1 still broken, 1 no longer tested\n/);
  t.regex(r.stdout, /Still broken \(1\):\n {2}✗ n3 drops 4789\/udp/);
});

test('report --diff renders every format, and with -o writes the file and prints the headline', (t) => {
  const { dir, older, newer } = saved(t);
  const json = JSON.parse(cli('report', '--diff', older, newer, '--format', 'json').stdout);
  t.like(json, { schemaVersion: 1, kind: 'diff' });
  t.deepEqual(json.fixed.map((c: { id: string }) => c.id), ['pair-blocked:n4+n1:7946/tcp']);
  t.regex(cli('report', '--diff', older, newer, '--format', 'markdown').stdout, /^\*\*1 fixed, 2 newly broken/);
  t.regex(cli('report', '--diff', older, newer, '--format', 'html').stdout, /^<!DOCTYPE html>/);
  t.regex(cli('report', '--diff', older, newer, '--format', 'junit').stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="swarm-preflight diff"/);
  const out = join(dir, 'diff.md');
  const r = cli('report', '--diff', older, newer, '--format', 'markdown', '-o', out);
  t.is(r.status, 0);
  t.is(r.stdout, `1 fixed, 2 newly broken, 1 still broken, 1 no longer tested\nreport written to ${out}\n`);
  t.regex(readFileSync(out, 'utf8'), /^\*\*1 fixed/);
});

test('report --diff needs exactly two saved results and says how to call it, exit 2', (t) => {
  const { older, newer } = saved(t);
  for (const [args, message] of [
    [['report', '--diff', older], /--diff takes two saved results, the older first: swarm-preflight report --diff OLD\.json NEW\.json \(got only .*old\.json\)/],
    [['report', '--diff', older, newer, older], /--diff takes two saved results.*\(got 3: /],
    [['report', older, '--diff', newer], /--diff takes two saved results.*\(got 2: /],
    [['report', '--diff'], /Not enough arguments following: diff/],
    [['report'], /report needs a saved result: swarm-preflight report RESULT\.json, or --diff OLD\.json NEW\.json/],
  ] as [string[], RegExp][]) {
    const r = cli(...args);
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr, message, args.join(' '));
    t.regex(r.stderr, /hint: /);
    t.is(r.stdout, '');
  }
});

test('report --diff refuses a file that is not a result, naming the file and what is wrong', (t) => {
  const { dir, older } = saved(t);
  const notResult = join(dir, 'other.json');
  writeFileSync(notResult, JSON.stringify({ schemaVersion: 1, hosts: [], probes: [{ from: 'a' }], findings: [], summary: {} }));
  const r = cli('report', '--diff', older, notResult);
  t.is(r.status, 2);
  t.regex(r.stderr, /other\.json is not a swarm-preflight result \(schemaVersion 1\): the top level must have required property 'tool'; write one with --format json/);
  t.notRegex(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  const missing = cli('report', '--diff', join(dir, 'nope.json'), older);
  t.is(missing.status, 2);
  t.regex(missing.stderr, /cannot read .*nope\.json as JSON/);
});

test('report --diff --redact uses the same placeholder for a host in both runs and shows no host name', (t) => {
  const { older, newer } = saved(t);
  const r = cli('report', '--diff', older, newer, '--redact', '--format', 'json');
  t.is(r.status, 0, r.stderr);
  t.notRegex(r.stdout, /\bn[1-6]\b|198\.18\./);
  const diff = JSON.parse(r.stdout);
  // n3 is the third host of both runs: host-3 before and after.
  t.is(diff.still[0].id, 'inbound-blocked:host-3:4789/udp');
  t.deepEqual(diff.still[0].was.map((w: { id: string }) => w.id), ['inbound-blocked:host-3:7946/udp+4789/udp']);
  t.deepEqual(diff.hosts.added, ['host-6']);
});

test('a result saved before causes existed gets them when read, so plain report shows them too', (t) => {
  const { older } = saved(t);
  t.false('causes' in JSON.parse(readFileSync(older, 'utf8')));
  const result: RunResult = readResult(older);
  t.deepEqual(result.causes?.map((c) => c.id).sort(), ['inbound-blocked:n3:7946/udp+4789/udp', 'inbound-blocked:n5:4789/udp', 'pair-blocked:n4+n1:7946/tcp']);
  const json = JSON.parse(cli('report', older, '--format', 'json').stdout);
  t.is(json.causes.length, 3);
  t.regex(cli('report', older).stdout, /✗ n3 drops 7946\/udp and 4789\/udp from all 4 peers/, 'the table shows a cause the file did not have');
});

test('a result with causes keeps them as saved when read', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spf-report-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const r = makeRun(3, (_f, to, p, port) => (to === 'n2' && p === 'udp' && port === 4789 ? 'fail' : undefined));
  r.causes![0].summary = 'as saved';
  writeFileSync(join(dir, 'r.json'), JSON.stringify(r));
  t.is(readResult(join(dir, 'r.json')).causes?.[0].summary, 'as saved');
});

test('report and report --diff read results written in the compact JSON form, and give the same diff as from the full form', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spf-report-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const [a, b] = richPair();
  writeFileSync(join(dir, 'old.json'), renderJson(a));
  writeFileSync(join(dir, 'new.json'), renderJson(b));
  writeFileSync(join(dir, 'old-full.json'), JSON.stringify(a));
  writeFileSync(join(dir, 'new-full.json'), JSON.stringify(b));
  t.truthy(JSON.parse(readFileSync(join(dir, 'new.json'), 'utf8')).probeGroups, 'written compactly');
  t.deepEqual(readResult(join(dir, 'new.json')), readResult(join(dir, 'new-full.json')));
  const compact = cli('report', '--diff', join(dir, 'old.json'), join(dir, 'new.json'), '--format', 'json');
  const full = cli('report', '--diff', join(dir, 'old-full.json'), join(dir, 'new-full.json'), '--format', 'json');
  t.is(compact.status, 0, compact.stderr);
  t.like(JSON.parse(compact.stdout), { kind: 'diff' });
  t.is(compact.stdout, full.stdout);
  const table = cli('report', join(dir, 'new.json'));
  t.is(table.stdout, cli('report', join(dir, 'new-full.json')).stdout);
});

test('a compact result with a broken probe group is refused, naming the file and the group', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spf-report-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const packed = JSON.parse(renderJson(richPair()[1]));
  packed.probeGroups.groups[0].cells.push(1);
  writeFileSync(join(dir, 'bad.json'), JSON.stringify(packed));
  const r = cli('report', join(dir, 'bad.json'));
  t.is(r.status, 2);
  t.regex(r.stderr, /bad\.json is not a swarm-preflight result .*probeGroups: groups\[0\]/);
});
