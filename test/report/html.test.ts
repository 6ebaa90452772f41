import test from 'ava';
import type { RunResult, Status } from '../../src/model.js';
import { renderHtml, worstStatus } from '../../src/report/html.js';
import { makeResult, mixedResult, unreachableResult, withFacts, withFindings } from './results.js';

interface Cell { cls: string; from: string; to: string; status: string }

const unescape = (s: string) => s.replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] as string);

function cellsOf(html: string): Cell[] {
  return [...html.matchAll(/<td class="cell ([a-z]+)" data-from="([^"]*)" data-to="([^"]*)" data-status="([a-z]+)"/g)]
    .map((m) => ({ cls: m[1], from: unescape(m[2]), to: unescape(m[3]), status: m[4] }));
}

function dataOf(html: string): { probes: { from: string; to: string; port: string; status: string }[] } {
  const blob = /<script type="application\/json" id="spf-data">([\s\S]*?)<\/script>/.exec(html)![1];
  return JSON.parse(blob);
}

const FIXTURES: [string, () => RunResult][] = [
  ['all-pass', () => withFacts(makeResult(3))],
  ['mixed', mixedResult],
  ['unreachable-host', () => unreachableResult(4)],
  ['20-host', () => makeResult(20, (from, to, proto) => (to === 'n13' && proto === 'udp' ? 'fail' : 'pass'))],
];

for (const [name, make] of FIXTURES) {
  test(`the ${name} heat map has one cell per ordered pair, none on the diagonal, each as bad as its worst probe`, (t) => {
    const result = make();
    const html = renderHtml(result);
    const n = result.hosts.length;
    const cells = cellsOf(html);
    t.is(cells.length, n * n - n);
    t.is((html.match(/<td class="cell /g) ?? []).length, n * n - n);
    t.is((html.match(/<td class="self">/g) ?? []).length, n);
    t.false(cells.some((c) => c.from === c.to));
    for (const c of cells) {
      const statuses = result.probes.filter((p) => p.from === c.from && p.to === c.to).map((p) => p.status);
      t.is(c.status, worstStatus(statuses));
      t.is(c.cls, c.status);
    }
  });

  test(`the ${name} report is self-contained: a CSP forbids fetching and nothing points outside the file`, (t) => {
    const html = renderHtml(make());
    t.regex(html, /^<!DOCTYPE html>/);
    t.regex(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">/);
    for (const outside of ['http://', 'https://', 'src=', '<link', '@import', 'url(', '<img', '<iframe']) t.false(html.includes(outside), outside);
    // Exactly two scripts: the JSON data and the inline code.
    t.is((html.match(/<script/g) ?? []).length, 2);
  });
}

test('the fail cells are exactly the pairs that have a failing probe', (t) => {
  const result = mixedResult();
  const failing = new Set(result.probes.filter((p) => p.status === 'fail').map((p) => `${p.from}>${p.to}`));
  const red = new Set(cellsOf(renderHtml(result)).filter((c) => c.cls === 'fail').map((c) => `${c.from}>${c.to}`));
  t.deepEqual([...red].sort(), [...failing].sort());
  t.deepEqual([...red].sort(), ['n1>n3', 'n2>n3', 'n4>n3']);
});

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
  const cells = cellsOf(renderHtml(mixedResult()));
  t.is(cells.find((c) => c.from === 'n4' && c.to === 'n2')?.status, 'error');
  t.is(cells.find((c) => c.from === 'n1' && c.to === 'n2')?.status, 'pass');
});

test('the fail colour is exactly rgb(220, 38, 38), with green, amber and grey for pass, error and skip', (t) => {
  const html = renderHtml(mixedResult());
  t.regex(html, /\.cell\.fail[^{]*\{ background: rgb\(220, 38, 38\);/);
  t.regex(html, /\.cell\.pass[^{]*\{ background: rgb\(22, 163, 74\);/);
  t.regex(html, /\.cell\.error[^{]*\{ background: rgb\(245, 158, 11\);/);
  t.regex(html, /\.cell\.skip[^{]*\{ background: rgb\(209, 213, 219\);/);
});

test('the embedded data holds every probe as JSON with no raw "<", for the panel to show per pair', (t) => {
  const result = mixedResult();
  result.probes[0].detail = '</script><script>alert(1)</script>';
  const html = renderHtml(result);
  const blob = /<script type="application\/json" id="spf-data">([\s\S]*?)<\/script>/.exec(html)![1];
  t.false(blob.includes('<'));
  const data = dataOf(html);
  t.is(data.probes.length, result.probes.length);
  t.is((data.probes[0] as { detail?: string }).detail, '</script><script>alert(1)</script>');
  t.deepEqual(data.probes.filter((p) => p.from === 'n1' && p.to === 'n3').map((p) => `${p.port} ${p.status}`), ['2377/tcp skip', '7946/tcp pass', '7946/udp pass', '4789/udp fail']);
  // The panel code fills cells with textContent, never markup.
  t.false(/innerHTML|insertAdjacentHTML|document\.write/.test(html));
});

test('host values are escaped everywhere, in text and in attributes', (t) => {
  const result = withFacts(makeResult(3, (_f, to, proto) => (to === 'n2' && proto === 'udp' ? 'fail' : 'pass')));
  const evil = `x"><img src=x onerror=alert(1)>'&`;
  result.hosts[1] = { ...result.hosts[1], id: evil, address: evil };
  for (const p of result.probes) { if (p.from === 'n2') p.from = evil; if (p.to === 'n2') p.to = evil; if (p.status === 'fail') p.remediation = evil; }
  const html = renderHtml(result);
  t.false(html.includes('<img'));
  t.false(html.includes(evil));
  t.true(html.includes('x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;'));
  t.is(cellsOf(html).filter((c) => c.to === evil).length, 2);
  t.is(cellsOf(html).filter((c) => c.to === evil && c.cls === 'fail').length, 2);
});

test('an unreachable host is marked in the matrix and the environment, and its errors are said once per reason', (t) => {
  const html = renderHtml(unreachableResult(3));
  t.regex(html, /<h1 class="verdict INCOMPLETE">INCOMPLETE: /);
  t.regex(html, /<th scope="row">n3 <span class="down"[^>]*>\(!\)<\/span><\/th>/);
  t.regex(html, /<td class="bad">unreachable: timed out after 10 s connecting to port 22<\/td>/);
  t.regex(html, /<h2>Not tested \(13 probes\)<\/h2>\n<ul>\n<li><span class="badge error">!<\/span> could not test on n3: timed out after 10 s connecting to port 22 \(13 probes\)<\/li>/);
});

test('failures come with their fix, then findings, then evidence folded into details', (t) => {
  const result = withFindings(withFacts(makeResult(3, (from, to, proto, port) => (from === 'n1' && to === 'n2' && proto === 'tcp' && port === 7946 ? 'fail' : 'pass'))));
  const html = renderHtml(result);
  t.regex(html, /<h1 class="verdict FAIL">FAIL: /);
  t.regex(html, /<h2>Failures \(1\)<\/h2>[\s\S]*<td>n1<\/td><td>n2<\/td><td>7946\/tcp<\/td><td>not received[^<]*<\/td><td><code>on n2: iptables -I INPUT -p tcp --dport 7946 -j ACCEPT<\/code><\/td>/);
  t.regex(html, /<h2>Findings \(2\)<\/h2>[\s\S]*port-owner<\/td><td>n2<\/td><td>7946\/tcp on n2 is held by consul/);
  const order = ['id="environment"', 'id="matrix"', 'id="failures"', 'id="findings"', 'id="evidence"'].map((s) => html.indexOf(s));
  t.deepEqual([...order].sort((a, b) => a - b), order);
  t.true(order.every((i) => i > 0));
  t.regex(html, /<summary>Probe details \(24\)<\/summary>/);
  t.regex(html, /<summary>Finding evidence \(2\)<\/summary><pre>[\s\S]*&quot;comm&quot;: &quot;consul&quot;/);
  t.regex(html, /<td>27\.3\.1<\/td><td>n1\.lab\.example<\/td>/);
});

test('with more than 8 hosts the cells turn compact, showing their worst mark, and the evidence keeps only what did not pass', (t) => {
  const result = makeResult(20, (from, to, proto) => (from === 'n2' && to === 'n1' && proto === 'udp' ? 'fail' : 'pass'));
  const html = renderHtml(result);
  t.regex(html, /<table id="heatmap" class="heatmap compact">/);
  t.regex(html, /data-from="n2" data-to="n1" data-status="fail" tabindex="0" title="n2 → n1: 2377\/tcp pass, 7946\/tcp pass, 7946\/udp fail, 4789\/udp fail">✗<\/td>/);
  t.regex(html, /data-from="n2" data-to="n3" data-status="pass" tabindex="0" title="[^"]*">✓<\/td>/);
  t.regex(html, /<summary>Probe details \(363 that did not pass, of 1520\)<\/summary>/);
  t.is(dataOf(html).probes.length, 1520);
});

test('with up to 8 hosts each cell shows one mark per port', (t) => {
  const html = renderHtml(mixedResult());
  t.regex(html, /<table id="heatmap" class="heatmap">/);
  t.regex(html, /data-from="n4" data-to="n2" data-status="error" [^>]*>- ! ✓ ✓<\/td>/);
});
