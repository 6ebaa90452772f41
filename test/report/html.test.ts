import { createHash } from 'node:crypto';
import test from 'ava';
import { SCRIPT } from '../../src/report/html-script.js';
import { groupCauses } from '../../src/causes/group.js';
import { untestedView } from '../../src/untested-hosts.js';
import type { RunResult, Status } from '../../src/model.js';
import type { HtmlData } from '../../src/report/html-data.js';
import { renderHtml, worstStatus } from '../../src/report/html.js';
import { portLabel } from '../../src/report/matrix.js';
import { mixedCauses, unreachableCauses } from './causes-fixtures.js';
import { makeResult, mixedResult, unreachableResult, withFacts, withFindings, unsentResult } from './results.js';
import { syntheticResult } from './synthetic.js';

const LETTER: Record<string, Status> = { p: 'pass', f: 'fail', e: 'error', w: 'warn', s: 'skip' };

function dataOf(html: string): HtmlData {
  const blob = /<script type="application\/json" id="spf-data">([\s\S]*?)<\/script>/.exec(html)![1];
  return JSON.parse(blob);
}

/** The statuses the page will paint, per "from>to" pair, decoded from the blob. */
function cellsOf(data: HtmlData): Map<string, Status[]> {
  const n = data.hosts.length;
  const p = data.ports.length;
  const cells = new Map<string, Status[]>();
  for (let from = 0; from < n; from++) {
    for (let to = 0; to < n; to++) {
      const letters = data.grid.slice((from * n + to) * p, (from * n + to + 1) * p);
      if (from !== to) cells.set(`${data.hosts[from]}>${data.hosts[to]}`, [...letters].map((l) => LETTER[l]));
      else cells.set(`${data.hosts[from]}>${data.hosts[to]}`, [...letters] as Status[]);
    }
  }
  return cells;
}

const pairOf = (data: HtmlData, cell: number) => `${data.hosts[Math.floor(cell / data.hosts.length)]}>${data.hosts[cell % data.hosts.length]}`;

const FIXTURES: [string, () => RunResult][] = [
  ['all-pass', () => withFacts(makeResult(3))],
  ['mixed', () => mixedCauses(mixedResult())],
  ['unreachable-host', () => unreachableCauses(unreachableResult(4))],
  ['20-host', () => makeResult(20, (from, to, proto) => (to === 'n13' && proto === 'udp' ? 'fail' : 'pass'))],
  ['50-host synthetic', () => syntheticResult(50)],
  ['host out before probing', () => { const r = unsentResult(4); return { ...r, causes: groupCauses(r) }; }],
];

for (const [name, make] of FIXTURES) {
  test(`the ${name} heat map data has every probe's status at its pair and port, and a blank diagonal`, (t) => {
    const result = make();
    const data = dataOf(renderHtml(result));
    const n = result.hosts.length;
    t.deepEqual(data.hosts, result.hosts.map((h) => h.id));
    t.is(data.grid.length, n * n * data.ports.length);
    const cells = cellsOf(data);
    for (const p of result.probes) t.is(cells.get(`${p.from}>${p.to}`)?.[data.ports.indexOf(portLabel(p.protocol, p.port))], p.status);
    for (const id of data.hosts) t.true(cells.get(`${id}>${id}`)?.every((l) => (l as string) === '.'));
  });

  test(`the ${name} report is self-contained: a CSP forbids fetching and nothing points outside the file`, (t) => {
    const html = renderHtml(make());
    t.regex(html, /^<!DOCTYPE html>/);
    // The only script allowed is the report's own, by the hash of its exact text.
    const hash = createHash('sha256').update(SCRIPT).digest('base64');
    t.true(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'">`));
    t.true(html.includes(`<script>${SCRIPT}</script>`));
    for (const outside of ['http://', 'https://', 'src=', '<link', '@import', 'url(', '<img', '<iframe']) t.false(html.includes(outside), outside);
    // Exactly two scripts: the JSON data and the inline code.
    t.is((html.match(/<script/g) ?? []).length, 2);
  });
}

test('a cell is as bad as its worst probe: fail, then error, then warn, then pass, then skip', (t) => {
  const cases: [Status[], Status][] = [
    [['pass', 'fail', 'error', 'skip'], 'fail'],
    [['pass', 'error', 'skip'], 'error'],
    [['skip', 'warn', 'pass'], 'warn'],
    [['skip', 'pass'], 'pass'],
    [['skip'], 'skip'],
    [[], 'skip'],
  ];
  for (const [statuses, worst] of cases) t.is(worstStatus(statuses), worst);
});

test('the fail colour is exactly rgb(220, 38, 38), with green, amber and grey for pass, error and skip, in the styles and the painter', (t) => {
  const html = renderHtml(mixedResult());
  t.regex(html, /\.c\.fail[^{]*\{ background: rgb\(220, 38, 38\);/);
  t.regex(html, /\.c\.pass[^{]*\{ background: rgb\(22, 163, 74\);/);
  t.regex(html, /\.c\.error[^{]*\{ background: rgb\(245, 158, 11\);/);
  t.regex(html, /\.c\.skip[^{]*\{ background: rgb\(209, 213, 219\);/);
  t.regex(html, /COLOR = \{ pass: \[22, 163, 74\], fail: \[220, 38, 38\], error: \[245, 158, 11\], warn: \[252, 211, 77\], skip: \[209, 213, 219\]/);
});

test('the verdict and the causes come first, before the heat map, the hosts, the findings and the evidence', (t) => {
  const result = mixedCauses(withFacts(mixedResult()));
  const html = renderHtml(result);
  const order = ['<h1 class="verdict FAIL">FAIL: 4 causes · probes', 'id="causes"', 'id="matrix"', 'id="hosts"', 'id="findings"', 'id="evidence"'].map((s) => html.indexOf(s));
  t.true(order.every((i) => i > 0), String(order));
  t.deepEqual([...order].sort((a, b) => a - b), order);
  const causes = html.slice(html.indexOf('id="causes"'), html.indexOf('id="matrix"'));
  const items = [...causes.matchAll(/<li class="cause (\w+)" data-cause="(\d+)"><button[^>]*>.*?<span class="summary">([^<]*)<\/span><\/button>\n<div class="fix"><span class="muted">fix:<\/span> <code>([^<]*)<\/code><\/div>\n<div class="scope muted">([^<]*)<\/div>/g)];
  t.deepEqual(items.map((m) => [m[1], m[2], m[3]]), (result.causes ?? []).map((c, i) => [c.status, String(i), c.summary.replace(/&/g, '&amp;')]));
  t.is(items[1][4], 'read the docker log on n1, then docker swarm leave &amp;&amp; docker swarm join');
  t.is(items[0][5], 'explains 3 probes · hosts: n3 · ports: 4789/udp');
});

test('each cause in the data lights exactly the cells of its probes and the path-MTU cells of its findings', (t) => {
  const result = syntheticResult(50);
  const data = dataOf(renderHtml(result));
  const causes = result.causes ?? [];
  t.is(data.causes.length, causes.length);
  causes.forEach((c, i) => {
    const expected = [...new Set(c.probes.map((p) => `${result.probes[p].from}>${result.probes[p].to}`))].sort();
    t.deepEqual(data.causes[i].cells.map((cell) => pairOf(data, cell)).sort(), expected, c.id);
    const mtu = c.findings.map((f) => result.findings[f]).filter((f) => f.check === 'path-mtu').map((f) => `${f.from}>${f.to}`).sort();
    t.deepEqual((data.causes[i].pairs['path-mtu'] ?? []).map((cell) => pairOf(data, cell)).sort(), mtu, c.id);
  });
  // The pair fault of the generator: one cell, and its path-MTU cell beside it.
  const pair = data.causes[causes.findIndex((c) => c.kind === 'pair-blocked')];
  t.is(pair.cells.length, 1);
  t.is(pair.pairs['path-mtu']?.length, 1);
});

test('the path-MTU grid has a letter per measured pair, and the words of those that did not pass', (t) => {
  const result = syntheticResult(50);
  const html = renderHtml(result);
  const data = dataOf(html);
  const grid = data.pairs.find((g) => g.check === 'path-mtu')!;
  t.regex(html, /<div class="grid" data-check="path-mtu"><\/div>/);
  const mtu = result.findings.filter((f) => f.check === 'path-mtu');
  for (const f of mtu) t.is(LETTER[grid.grid[data.hosts.indexOf(f.from!) * 50 + data.hosts.indexOf(f.to!)]], f.status);
  const failing = mtu.filter((f) => f.status !== 'pass');
  t.is(Object.keys(grid.items).length, failing.length);
  const black = failing.find((f) => f.status === 'fail')!;
  const item = grid.items[data.hosts.indexOf(black.from!) * 50 + data.hosts.indexOf(black.to!)];
  t.is(data.strings[item[1]], black.summary);
  t.is(item[3], (result.causes ?? []).findIndex((c) => c.kind === 'path-mtu'));
});

test('the blob carries the words of probes that did not pass, once per distinct string, and none with a raw "<"', (t) => {
  const result = mixedCauses(mixedResult());
  const failing = result.probes.findIndex((p) => p.status === 'fail');
  result.probes[failing].detail = '</script><script>alert(1)</script>';
  const html = renderHtml(result);
  const blob = /<script type="application\/json" id="spf-data">([\s\S]*?)<\/script>/.exec(html)![1];
  t.false(blob.includes('<'));
  const data = dataOf(html);
  const p = result.probes[failing];
  const slot = (data.hosts.indexOf(p.from) * 4 + data.hosts.indexOf(p.to)) * data.ports.length + data.ports.indexOf(portLabel(p.protocol, p.port));
  const [reason, detail, ms, fix, cause] = data.probes[slot];
  t.deepEqual([data.strings[reason], data.strings[detail], ms, data.strings[fix], cause], ['not-seen', '</script><script>alert(1)</script>', 1, p.remediation, 0]);
  // Passing and n/a probes carry only their letter.
  t.is(Object.keys(data.probes).length, result.probes.filter((x) => x.status === 'fail' || x.status === 'error').length);
  t.is(new Set(data.strings).size, data.strings.length);
  // The page code fills the panel with textContent, never markup.
  t.false(/innerHTML|insertAdjacentHTML|document\.write|eval\(/.test(html));
});

test('host values are escaped everywhere, in text and in attributes, causes included', (t) => {
  const result = withFacts(makeResult(3, (_f, to, proto) => (to === 'n2' && proto === 'udp' ? 'fail' : 'pass')));
  const evil = `x"><img src=x onerror=alert(1)>'&`;
  result.hosts[1] = { ...result.hosts[1], id: evil, address: evil };
  for (const p of result.probes) { if (p.from === 'n2') p.from = evil; if (p.to === 'n2') p.to = evil; if (p.status === 'fail') p.remediation = evil; }
  result.causes = [{ id: evil, kind: 'inbound-blocked', status: 'fail', summary: `${evil} drops udp`, remediation: evil, hosts: [evil], ports: ['7946/udp'], probes: result.probes.flatMap((p, i) => (p.status === 'fail' ? [i] : [])), findings: [] }];
  const html = renderHtml(result);
  t.false(html.includes('<img'));
  t.false(html.includes(evil));
  t.true(html.includes('x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp; drops udp'));
  t.deepEqual(dataOf(html).hosts[1], evil);
});

test('numbers from hosts reach the page through Number(): a forged ms is dropped, not printed', (t) => {
  const result = mixedCauses(mixedResult());
  const failing = result.probes.find((p) => p.status === 'fail')!;
  (failing as { ms: unknown }).ms = '5<b>bold</b>';
  (result as { durationMs: unknown }).durationMs = '<i>9</i>';
  const html = renderHtml(result);
  t.false(html.includes('<b>bold'));
  t.false(html.includes('<i>9'));
  const data = dataOf(html);
  t.true(Object.values(data.probes).some((d) => d[2] === null));
});

test('an unreachable host is marked in the data and the hosts table, and its cause leads', (t) => {
  const result = unreachableCauses(unreachableResult(3));
  const html = renderHtml(result);
  t.regex(html, /<h1 class="verdict INCOMPLETE">INCOMPLETE: 1 cause · /);
  t.deepEqual(dataOf(html).down, [2]);
  t.regex(html, /<td class="bad">unreachable: timed out after 10 s connecting to port 22<\/td><td class="num">0<\/td><td class="num">0<\/td><td class="num error">13<\/td><td class="num warn">1<\/td>/);
  t.regex(html, /<span class="summary">n3 could not be reached: timed out after 10 s connecting to port 22<\/span>/);
});

test('findings that did not pass are listed with their cause and fix; the evidence holds every probe that did not pass', (t) => {
  const result = withFindings(withFacts(makeResult(3, (from, to, proto, port) => (from === 'n1' && to === 'n2' && proto === 'tcp' && port === 7946 ? 'fail' : 'pass'))));
  const html = renderHtml(result);
  t.regex(html, /<h2>Findings that did not pass \(2\)<\/h2>[\s\S]*<td>port-owner<\/td><td>n2<\/td><td>7946\/tcp on n2 is held by consul/);
  t.regex(html, /<summary>Probes that failed or could not be tested \(1 of 24; the JSON report has all\)<\/summary>/);
  // Its cause number: the swarm-role finding explains one thing too, but the probe's cause is the pair's.
  t.regex(html, /<td>\d<\/td><td>n1<\/td><td>n2<\/td><td>7946\/tcp<\/td><td>fail<\/td><td><\/td><td>1<\/td><td>not received[^<]*<\/td><td><code>on n2: iptables -I INPUT -p tcp --dport 7946 -j ACCEPT<\/code><\/td>/);
  t.regex(html, /<summary>Evidence of the findings that did not pass \(2\)<\/summary><pre>[\s\S]*&quot;comm&quot;: &quot;consul&quot;/);
  t.regex(html, /<td>27\.3\.1<\/td><td>n1\.lab\.example<\/td>/);
});

test('a 50-host report with faults of every shape is at most 1.5 MB; 200 hosts stay within a few MB', (t) => {
  const fifty = renderHtml(syntheticResult(50));
  const bytes = Buffer.byteLength(fifty);
  t.log(`50 hosts: ${bytes} bytes`);
  t.true(bytes <= 1.5 * 1024 * 1024);
  const big = Buffer.byteLength(renderHtml(syntheticResult(200)));
  t.log(`200 hosts: ${big} bytes`);
  t.true(big <= 4 * 1024 * 1024);
});

test('a host out before probing paints the cells its listed probes would, carries its words once, and its cause lights them', (t) => {
  const unsent = unsentResult(4);
  const data = dataOf(renderHtml({ ...unsent, causes: groupCauses(unsent) }));
  const listed = dataOf(renderHtml(unreachableCauses(unreachableResult(4))));
  t.is(data.grid, listed.grid);
  t.deepEqual(data.ports, listed.ports);
  const cells = cellsOf(data);
  for (const p of untestedView(unsent).probes()) t.is(cells.get(`${p.from}>${p.to}`)?.[data.ports.indexOf(portLabel(p.protocol, p.port))], p.status);
  t.deepEqual(Object.keys(data.probes), []);
  const [reason, from, to, cause] = data.unsent[3];
  t.deepEqual([data.strings[reason], data.strings[from], data.strings[to], cause], ['unreachable', 'could not test from n4: timed out after 10 s connecting to port 22', 'could not test on n4: timed out after 10 s connecting to port 22', 0]);
  t.deepEqual(data.causes[0].cells.map((c) => pairOf(data, c)).sort(), listed.causes[0].cells.map((c) => pairOf(listed, c)).sort());
  t.regex(renderHtml({ ...unsent, causes: groupCauses(unsent) }), /<summary>Probes that failed or could not be tested \(19 of 48; the JSON report has all\)<\/summary>[\s\S]*<td>1<\/td><td>n4<\/td><td>its 19 probes to and from its peers<\/td>/);
});
