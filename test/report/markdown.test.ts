import test from 'ava';
import { groupCauses } from '../../src/causes/group.js';
import type { RunResult } from '../../src/model.js';
import { verdictLine } from '../../src/report/matrix.js';
import { MARKDOWN_BUDGET, md, renderMarkdown } from '../../src/report/markdown.js';
import { makeResult, mixedResult, recount, unreachableResult, unsentResult, withFacts, withFindings } from './results.js';
import { mixedCauses, unreachableCauses } from './causes-fixtures.js';
import { syntheticResult } from './synthetic.js';

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
  ['mixed', () => mixedCauses(mixedResult())],
  ['unreachable-host', () => unreachableCauses(unreachableResult(3))],
  ['9-host', () => makeResult(9)],
  ['12-host', () => withFacts(makeResult(12))],
  ['21-host', () => makeResult(21, (_f, to, proto) => (to === 'n5' && proto === 'udp' ? 'fail' : 'pass'))],
  ['50-host synthetic', () => syntheticResult(50)],
  ['host-escaping', evil],
];

for (const [name, make] of FIXTURES) {
  test(`every table of the ${name} report has its pipes at the same offsets on every row`, (t) => {
    const found = tables(renderMarkdown(make()));
    t.true(found.length >= 1);
    for (const table of found) {
      const expected = pipeOffsets(table[0]);
      for (const row of table) t.deepEqual(pipeOffsets(row), expected, row);
      t.regex(table[1], /^\| -{3,}( \| -{3,})* \|$/);
    }
  });
}

/** The text with every <details> block cut out: what a tracker that does not fold them still shows. */
function unfolded(text: string): string {
  return text.replace(/<details>[\s\S]*?<\/details>/g, '');
}

test('an all-pass run starts with a PASS verdict that names what it counts, and lists each host once', (t) => {
  const text = renderMarkdown(withFacts(makeResult(3)));
  t.is(text.split('\n')[0], '**PASS: probes 20 pass, 0 fail, 0 untested, 4 n/a · findings 0 fail, 0 warn · 3 hosts · mode pre · 1.2 s**');
  const hosts = tableRows(text, 'host');
  t.deepEqual([...hosts.keys()], ['n1', 'n2', 'n3']);
  t.deepEqual(hosts.get('n1'), ['198.18.0.11', 'manager', '27.3.1', 'ok', '0', '0', '0', '0']);
  t.regex(text, /swarm-preflight 0\.1\.0 · mode pre · started 2026-11-26T00:00:00\.000Z/);
  t.regex(text, /options: mode=auto, dataPathPort=4789, esp=false/);
  const matrix = tableRows(text, 'from \\ to');
  t.deepEqual([...matrix.keys()], ['n1', 'n2', 'n3']);
  t.deepEqual(matrix.get('n2'), ['✓ ✓ ✓ ✓', '', '- ✓ ✓ ✓']);
  t.notRegex(text, /#### Fix first|#### Evidence/);
  t.regex(text, /_This report shows 0 of the 0 probes and 0 of the 0 findings that did not pass; every probe \(24\)/);
});

test('the causes come first, each with its fix, scope and what it explains, before the hosts, matrix and evidence', (t) => {
  const result = mixedCauses(mixedResult());
  const text = renderMarkdown(result);
  t.regex(text, /^\*\*FAIL: 4 causes · probes 35 pass, 3 fail, 1 untested, 9 n\/a · findings 1 fail, 1 warn · 4 hosts/);
  const at = (s: string) => text.indexOf(s);
  t.true(at('#### Fix first') > 0);
  t.true(at('#### Fix first') < at('#### Hosts'));
  t.true(at('#### Hosts') < at('#### Matrix'));
  t.true(at('#### Matrix') < at('#### Evidence'));
  const fix = text.slice(at('#### Fix first'), at('#### Hosts'));
  t.regex(fix, /^1\. ✗ \*\*n3 drops 4789\/udp from all its peers\*\*\n {3}- fix: on n3: iptables -I INPUT -p udp --dport 4789 -j ACCEPT\n {3}- hosts: n3 · ports: 4789\/udp · explains 3 probes$/m);
  t.regex(fix, /^2\. ✗ \*\*swarm state on n1 is error: rpc error\*\*\n {3}- fix: .*\n {3}- hosts: n1 · explains 1 finding$/m);
  t.regex(fix, /^3\. ! \*\*n4 could not send 7946\/tcp to n2\*\*/m);
  t.regex(fix, /^4\. ~ /m);
  // The matrix still shows every cell: n4 -> n3 4789/udp fails, n4 -> n2 7946/tcp could not be tested.
  t.deepEqual(tableRows(text, 'from \\ to').get('n4'), ['✓ ✓ ✓ ✓', '- ! ✓ ✓', '- ✓ ✓ ✗', '']);
  // The evidence sits under its cause, each item once.
  const evidence = text.slice(at('#### Evidence'));
  t.regex(evidence, /\*\*1\. n3 drops 4789\/udp from all its peers\*\*: 3 probes\n\n- ✗ n1 → n3 4789\/udp: not received/);
  t.is(evidence.match(/n4 → n3 4789\/udp/g)?.length, 1);
  t.notRegex(evidence, /Not grouped/);
});

test('a result saved without causes gets them grouped as the runner would, so it still leads with Fix first', (t) => {
  const result = mixedResult();
  const text = renderMarkdown(result);
  t.regex(text, /^\*\*FAIL: \d+ causes · probes 35 pass/);
  t.regex(text, /#### Fix first/);
  t.is(text, renderMarkdown({ ...result, causes: groupCauses(result) }));
});

test('what no cause explains (a hand-edited result) is still listed, with its fix, under "Not grouped into a cause"', (t) => {
  const text = renderMarkdown({ ...mixedResult(), causes: [] });
  t.notRegex(text, /#### Fix first/);
  t.regex(text, /\*\*Not grouped into a cause\*\*: 4 probes, 2 findings\n\n- ✗ n1 → n3 4789\/udp: not received.*\n {2}- fix: on n3: iptables -I INPUT -p udp --dport 4789 -j ACCEPT/);
  t.regex(text, /- ! n4 → n2 7946\/tcp: send failed: EHOSTUNREACH/);
});

test('an unreachable host is marked in the matrix and the hosts, and its cause says it could not be tested', (t) => {
  const text = renderMarkdown(unreachableCauses(unreachableResult(3)));
  t.regex(text, /^\*\*INCOMPLETE: 1 cause · probes 7 pass, 0 fail, 13 untested, 4 n\/a · findings 0 fail, 1 untested, 0 warn/);
  t.true(tableRows(text, 'from \\ to').has('n3 (!)'));
  t.deepEqual(tableRows(text, 'host').get('n3'), ['198.18.0.13', 'worker', '?', 'unreachable (timeout)', '0', '0', '13', '1']);
  // Its peers are not blamed for the probes it could not take part in.
  t.deepEqual(tableRows(text, 'host').get('n1')?.slice(4), ['0', '0', '0', '0']);
  t.regex(text, /1\. ! \*\*n3 could not be reached: timed out after 10 s connecting to port 22\*\*\n.*\n {3}- hosts: n3 · ports: .* · explains 13 probes and 1 finding/);
});

test('findings are listed as evidence, and the raw JSON is folded into details blocks after it', (t) => {
  const result = withFindings(withFacts(makeResult(3)));
  const text = renderMarkdown(result);
  const evidence = text.slice(text.indexOf('#### Evidence'));
  t.regex(evidence, /^- ~ warn \[port-owner\] n2: 7946\/tcp on n2 is held by consul \(pid 812\), not by docker$/m);
  t.regex(evidence, /^- ✗ fail \[swarm-role\] n1: swarm state on n1 is error: rpc error$/m);
  // Their fixes are said once, in Fix first.
  const fix = text.slice(0, text.indexOf('#### Hosts'));
  t.regex(fix, /- fix: .*ss -lntup \\\| grep 7946/);
  t.regex(fix, /- fix: .*docker swarm leave &amp;&amp; docker swarm join/);
  const blocks = [...text.matchAll(/<details><summary>(.*)<\/summary>\n\n```json\n([\s\S]*?)\n```\n\n<\/details>/g)];
  t.deepEqual(blocks.map((b) => b[1]), ['Probe details (24 probes)', 'Host facts (3 hosts)', 'Finding evidence (2)']);
  t.deepEqual(JSON.parse(blocks[0][2]), result.probes);
  t.deepEqual(JSON.parse(blocks[1][2]), result.hosts);
  t.deepEqual(JSON.parse(blocks[2][2]).map((f: { evidence: unknown }) => f.evidence), result.findings.map((f) => f.evidence));
  t.true(text.indexOf('<details>') > text.indexOf('#### Evidence'));
});

test('from 9 to 12 hosts the matrix is one table per port with one mark per cell', (t) => {
  const result = makeResult(12, (from, to, proto, port) => (from === 'n7' && to === 'n12' && proto === 'tcp' && port === 7946 ? 'fail' : 'pass'));
  const text = renderMarkdown(result);
  const headings = [...text.matchAll(/^\*\*(\S+)\*\*$/gm)].map((m) => m[1]);
  t.deepEqual(headings, ['2377/tcp', '7946/tcp', '7946/udp', '4789/udp']);
  const matrices = tables(text).filter((tb) => cells(tb[0])[0] === 'from \\ to');
  t.is(matrices.length, 4);
  for (const m of matrices) t.is(m.length, 2 + 12);
  const tcp7946 = new Map(matrices[1].slice(2).map((l) => [cells(l)[0], cells(l).slice(1)]));
  t.is(tcp7946.get('n7')?.[11], '✗');
  t.is(tcp7946.get('n7')?.[6], '');
  t.is(tcp7946.get('n7')?.[0], '✓');
  t.is(new Map(matrices[0].slice(2).map((l) => [cells(l)[0], cells(l).slice(1)])).get('n7')?.[1], '-');
});

test('above 12 hosts there is no matrix: the per-host summary counts each host\'s failures in and out', (t) => {
  const result = makeResult(21, (from, to, proto, port) => (to === 'n5' && proto === 'udp' && port === 4789 ? 'fail' : from === 'n9' && to === 'n1' && port === 2377 ? 'error' : 'pass'));
  const text = renderMarkdown(result);
  t.is(tables(text).filter((tb) => cells(tb[0])[0] === 'from \\ to').length, 0);
  const hosts = tableRows(text, 'host');
  t.is(hosts.size, 21);
  // host, address, role, docker, state, in, out, untested, findings
  t.deepEqual(hosts.get('n5')?.slice(4), ['20', '0', '0', '0']);
  t.deepEqual(hosts.get('n9')?.slice(4), ['0', '1', '1', '0']);
  t.deepEqual(hosts.get('n1')?.slice(4), ['0', '1', '1', '0']);
});

test('a 200-host run with faults of every shape fits in 60,000 characters, causes first', (t) => {
  const result = syntheticResult(200);
  const text = renderMarkdown(result);
  t.log(`${text.length} characters`);
  t.true(text.length <= MARKDOWN_BUDGET);
  const causes = result.causes ?? [];
  t.is(causes.length, 7);
  const fix = text.indexOf('#### Fix first');
  for (const c of causes) {
    const at = text.indexOf(md(c.summary));
    t.true(at > fix && at < text.indexOf('#### Hosts'), c.summary);
  }
  t.is(tables(text).filter((tb) => cells(tb[0])[0] === 'from \\ to').length, 0);
  t.is(tableRows(text, 'host').get('node007')?.[4], String(result.probes.filter((p) => p.to === 'node007' && p.status === 'fail').length));
  t.regex(text, /_This report shows \d+ of the 2386 probes and \d+ of the 399 findings that did not pass: the full evidence did not fit\. Every probe \(159200\).*JSON report.*HTML report.*attach one to the ticket\._\n$/);
});

test('a 50-host run fits in 60,000 characters and keeps every host in its summary', (t) => {
  const text = renderMarkdown(syntheticResult(50));
  t.true(text.length <= MARKDOWN_BUDGET);
  t.is(tableRows(text, 'host').size, 50);
  t.regex(text, /#### Fix first \(7 causes/);
});

test('200 hosts with long names and 300 causes still fit: the causes that do not are counted, the hosts shortened', (t) => {
  const result = syntheticResult(200, { pairs: 300, idLength: 60 });
  t.true((result.causes ?? []).length > 150);
  const text = renderMarkdown(result);
  t.log(`${text.length} characters, ${(result.causes ?? []).length} causes`);
  t.true(text.length <= MARKDOWN_BUDGET);
  t.regex(text, /\n\d+ more causes, explaining \d+ probes and \d+ findings, are in the JSON and HTML reports\./);
  t.true(text.indexOf('#### Fix first') < text.indexOf('#### Hosts'));
  t.regex(text, /the full evidence did not fit/);
});

test('every cause, its fix and the verdict are outside <details>, for trackers that do not fold them', (t) => {
  for (const result of [syntheticResult(12), syntheticResult(50)]) {
    const visible = unfolded(renderMarkdown(result));
    t.true(visible.startsWith(`**${md(verdictLine(result))}**`));
    for (const c of result.causes ?? []) {
      t.true(visible.includes(md(c.summary)), c.summary);
      t.true(visible.includes(md(c.remediation)), c.remediation);
    }
  }
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

test('a cause\'s words from hosts are escaped too', (t) => {
  const result = evil();
  result.causes = [{ id: 'x', kind: 'inbound-blocked', status: 'fail', summary: 'evil|<img src=x> drops *4789*', remediation: 'run `rm -rf` </details>', hosts: ['evil|<img src=x onerror=alert(1)>'], ports: ['4789/udp'], probes: result.probes.flatMap((p, i) => (p.status === 'fail' ? [i] : [])), findings: [] }];
  const text = renderMarkdown(result);
  t.regex(text, /1\. ✗ \*\*evil\\\|&lt;img src=x&gt; drops \\\*4789\\\*\*\*/);
  t.regex(text, /- fix: run \\`rm -rf\\` &lt;\/details&gt;/);
  t.false(text.includes('<img'));
});

test('the docker version in the hosts table comes from the host facts, and is "?" without them', (t) => {
  const result = makeResult(2);
  result.hosts[0].facts = { dockerVersion: '26.1.4' };
  const hosts = tableRows(renderMarkdown(recount(result)), 'host');
  t.is(hosts.get('n1')?.[2], '26.1.4');
  t.is(hosts.get('n2')?.[2], '?');
});

test('a host out before probing is marked in the matrix as before, and its evidence is one line for all its unsent probes', (t) => {
  const unsent = unsentResult(3);
  const text = renderMarkdown({ ...unsent, causes: groupCauses(unsent) });
  const listed = renderMarkdown(unreachableCauses(unreachableResult(3)));
  t.deepEqual(tableRows(text, 'from \\ to'), tableRows(listed, 'from \\ to'));
  t.deepEqual(tableRows(text, 'host').get('n3'), ['198.18.0.13', 'worker', '?', 'unreachable (timeout)', '0', '0', '13', '1']);
  t.regex(text, /\*\*1\. n3 could not be tested: [^*]*\*\*: 13 probes, 1 finding\n\n- ! n3 ⇄ its peers, 13 probes of 2377\/tcp, 7946\/tcp, 7946\/udp, 4789\/udp: could not test from n3: timed out after 10 s connecting to port 22/);
  t.regex(text, /This report shows 13 of the 13 probes/);
  t.regex(text, /every probe \(24\)/);
});
