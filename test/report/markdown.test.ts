import test from 'ava';
import type { RunResult } from '../../src/model.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { makeResult, mixedResult, recount, unreachableResult, withFacts, withFindings } from './results.js';

/** Each Markdown table of the text, as its raw lines. */
function tables(text: string): string[][] {
  const found: string[][] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length) { found.push(current); current = []; }
  }
  if (current.length) found.push(current);
  return found;
}

/** Code-point offsets of the pipes that separate cells (an odd run of backslashes escapes one). */
function pipeOffsets(line: string): number[] {
  const chars = [...line];
  const offsets: number[] = [];
  chars.forEach((c, i) => {
    let slashes = 0;
    while (chars[i - 1 - slashes] === '\\') slashes += 1;
    if (c === '|' && slashes % 2 === 0) offsets.push(i);
  });
  return offsets;
}

function cells(line: string): string[] {
  const offsets = pipeOffsets(line);
  const chars = [...line];
  return offsets.slice(0, -1).map((at, i) => chars.slice(at + 1, offsets[i + 1]).join('').trim());
}

/** The rows of the table whose header starts with `first`, keyed by their first cell. */
function tableRows(text: string, first: string): Map<string, string[]> {
  const table = tables(text).find((t) => cells(t[0])[0] === first);
  return new Map((table ?? []).slice(2).map((line) => [cells(line)[0], cells(line).slice(1)]));
}

function evil(): RunResult {
  const result = withFacts(makeResult(3, (from, to, proto, port) => (to === 'n2' && proto === 'udp' && port === 4789 ? 'fail' : 'pass')));
  const rename = (id: string) => (id === 'n2' ? 'evil|<img src=x onerror=alert(1)>' : id);
  result.hosts = result.hosts.map((h) => ({ ...h, id: rename(h.id) }));
  for (const p of result.probes) {
    p.from = rename(p.from);
    p.to = rename(p.to);
    if (p.status === 'fail') p.detail = 'dropped </details> <script>alert(1)</script> | `tick` ```';
  }
  return result;
}

const FIXTURES: [string, () => RunResult][] = [
  ['all-pass', () => withFacts(makeResult(3))],
  ['mixed', mixedResult],
  ['unreachable-host', () => unreachableResult(3)],
  ['9-host', () => makeResult(9)],
  ['20-host', () => withFacts(makeResult(20))],
  ['21-host', () => makeResult(21, (_f, to, proto) => (to === 'n5' && proto === 'udp' ? 'fail' : 'pass'))],
  ['host-escaping', evil],
];

for (const [name, make] of FIXTURES) {
  test(`every table of the ${name} report has its pipes at the same offsets on every row`, (t) => {
    const found = tables(renderMarkdown(make()));
    t.true(found.length >= 2);
    for (const table of found) {
      const expected = pipeOffsets(table[0]);
      for (const row of table) t.deepEqual(pipeOffsets(row), expected, row);
      t.regex(table[1], /^\| -{3,}( \| -{3,})* \|$/);
    }
  });
}

test('an all-pass run starts with a PASS verdict and shows each host once in the environment and the matrix', (t) => {
  const text = renderMarkdown(withFacts(makeResult(3)));
  t.regex(text.split('\n')[0], /^\*\*PASS: 20 pass, 0 fail, 0 warn, 0 error, 4 skip · 3 hosts · mode pre · 1\.2 s\*\*$/);
  const hosts = tableRows(text, 'host');
  t.deepEqual([...hosts.keys()], ['n1', 'n2', 'n3']);
  t.deepEqual(hosts.get('n1'), ['198.18.0.11', 'manager', '27.3.1', 'ok']);
  t.regex(text, /swarm-preflight 0\.1\.0 · mode pre · started 2026-11-26T00:00:00\.000Z/);
  t.regex(text, /options: mode=auto, dataPathPort=4789, esp=false/);
  const matrix = tableRows(text, 'from \\ to');
  t.deepEqual([...matrix.keys()], ['n1', 'n2', 'n3']);
  t.deepEqual(matrix.get('n2'), ['✓ ✓ ✓ ✓', '', '- ✓ ✓ ✓']);
  t.notRegex(text, /#### Failures/);
});

test('a failing probe shows its mark in its row and column and is listed once with its fix', (t) => {
  const text = renderMarkdown(mixedResult());
  t.regex(text, /^\*\*FAIL: /);
  const matrix = tableRows(text, 'from \\ to');
  // n4 -> n3: 4789/udp (the fourth port) fails; n4 -> n2: 7946/tcp could not be tested.
  t.deepEqual(matrix.get('n4'), ['✓ ✓ ✓ ✓', '- ! ✓ ✓', '- ✓ ✓ ✗', '']);
  t.is(text.match(/\*\*n4 → n3\*\* 4789\/udp/g)?.length, 1);
  t.regex(text, /#### Failures \(3\)/);
  t.regex(text, /  - fix: on n3: iptables -I INPUT -p udp --dport 4789 -j ACCEPT/);
  t.regex(text, /#### Not tested \(1 probe\)\n\n- ! send failed: EHOSTUNREACH\n/);
});

test('an unreachable host is marked in the matrix and the environment, and its errors are said once per reason', (t) => {
  const text = renderMarkdown(unreachableResult(3));
  t.regex(text, /^\*\*INCOMPLETE: /);
  t.true(tableRows(text, 'from \\ to').has('n3 (!)'));
  t.deepEqual(tableRows(text, 'host').get('n3'), ['198.18.0.13', 'worker', '?', 'unreachable: timed out after 10 s connecting to port 22']);
  const beforeEvidence = text.slice(0, text.indexOf('#### Evidence'));
  t.is(beforeEvidence.match(/could not test on n3/g)?.length, 1);
  t.regex(beforeEvidence, /#### Not tested \(13 probes\)\n\n- ! could not test on n3: timed out after 10 s connecting to port 22 \(13 probes\)/);
  t.regex(text, /- ! error \[host-access\] n3: timed out/);
});

test('findings are listed with their fix, and the evidence is folded into details blocks of JSON', (t) => {
  const result = withFindings(withFacts(makeResult(3)));
  const text = renderMarkdown(result);
  t.regex(text, /#### Findings \(2\)\n\n- ~ warn \[port-owner\] n2: 7946\/tcp on n2 is held by consul \(pid 812\), not by docker\n  - fix: .*ss -lntup \\\| grep 7946/);
  t.regex(text, /- ✗ fail \[swarm-role\] n1: .*\n  - fix: .*docker swarm leave &amp;&amp; docker swarm join/);
  const blocks = [...text.matchAll(/<details><summary>(.*)<\/summary>\n\n```json\n([\s\S]*?)\n```\n\n<\/details>/g)];
  t.deepEqual(blocks.map((b) => b[1]), ['Probe details (24 probes)', 'Host facts (3 hosts)', 'Finding evidence (2)']);
  t.deepEqual(JSON.parse(blocks[0][2]), result.probes);
  t.deepEqual(JSON.parse(blocks[1][2]), result.hosts);
  t.deepEqual(JSON.parse(blocks[2][2]).map((f: { evidence: unknown }) => f.evidence), result.findings.map((f) => f.evidence));
  // The evidence comes last, after the matrix and the findings.
  t.true(text.indexOf('#### Evidence') > text.indexOf('#### Findings'));
});

test('with more than 8 hosts the matrix becomes one table per port with one mark per cell', (t) => {
  const result = makeResult(20, (from, to, proto, port) => (from === 'n7' && to === 'n12' && proto === 'tcp' && port === 7946 ? 'fail' : 'pass'));
  const text = renderMarkdown(result);
  const headings = [...text.matchAll(/^\*\*(\S+)\*\*$/gm)].map((m) => m[1]);
  t.deepEqual(headings, ['2377/tcp', '7946/tcp', '7946/udp', '4789/udp']);
  const matrices = tables(text).filter((tb) => cells(tb[0])[0] === 'from \\ to');
  t.is(matrices.length, 4);
  for (const m of matrices) t.is(m.length, 2 + 20);
  const tcp7946 = new Map(matrices[1].slice(2).map((l) => [cells(l)[0], cells(l).slice(1)]));
  t.is(tcp7946.get('n7')?.[11], '✗');
  t.is(tcp7946.get('n7')?.[6], '');
  t.is(tcp7946.get('n7')?.[0], '✓');
  t.is(new Map(matrices[0].slice(2).map((l) => [cells(l)[0], cells(l).slice(1)])).get('n7')?.[1], '-');
  // Passing probes are left out of the evidence at this size: the JSON result has them.
  t.regex(text, /Probe details \(362 probes that did not pass; the JSON result has all 1520\)/);
});

test('with more than 20 hosts only the probes that failed or could not be tested are tabled', (t) => {
  const result = makeResult(21, (from, to, proto, port) => (to === 'n5' && proto === 'udp' && port === 4789 ? 'fail' : from === 'n9' && to === 'n1' && port === 2377 ? 'error' : 'pass'));
  const text = renderMarkdown(result);
  t.is(tables(text).filter((tb) => cells(tb[0])[0] === 'from \\ to').length, 0);
  const table = tables(text).find((tb) => cells(tb[0])[0] === 'from')!;
  t.deepEqual(cells(table[0]), ['from', 'to', 'port', 'status', 'detail']);
  const rows = table.slice(2).map(cells);
  t.is(rows.length, 21);
  t.deepEqual(rows.filter((r) => r[3] === '✗ fail').map((r) => `${r[1]} ${r[2]}`), Array(20).fill('n5 4789/udp'));
  t.deepEqual(rows.find((r) => r[3] === '! error')?.slice(0, 3), ['n9', 'n1', '2377/tcp']);
  t.regex(text, /21 hosts are too many for a matrix: .*\(21 of 1680\)/);
});

test('with more than 20 hosts and nothing wrong the report says so instead of an empty table', (t) => {
  const text = renderMarkdown(makeResult(25));
  t.regex(text, /25 hosts: all 2400 probes passed or were skipped\./);
  t.false(tables(text).some((tb) => cells(tb[0])[0] === 'from'));
});

test('pipes and HTML specials from hosts are escaped, so they neither split a cell nor make markup', (t) => {
  const text = renderMarkdown(evil());
  t.false(text.includes('<img'));
  t.false(text.includes('<script'));
  t.is(text.split('</details>').length - 1, 2);
  t.regex(text, /evil\\\|&lt;img src=x onerror=alert\(1\)&gt;/);
  for (const table of tables(text)) for (const row of table) t.is(cells(row).length, cells(table[0]).length);
  // The fence around the JSON evidence is longer than any run of backticks inside it.
  t.regex(text, /````json\n/);
  t.true(JSON.parse(text.match(/````json\n([\s\S]*?)\n````/)![1]).some((p: { detail: string }) => p.detail.includes('</details>')));
});

test('the docker version in the environment comes from the host facts, and is "?" without them', (t) => {
  const result = makeResult(2);
  result.hosts[0].facts = { dockerVersion: '26.1.4' };
  const hosts = tableRows(renderMarkdown(recount(result)), 'host');
  t.is(hosts.get('n1')?.[2], '26.1.4');
  t.is(hosts.get('n2')?.[2], '?');
});
