import test from 'ava';
import { diffResults } from '../../src/report/diff.js';
import { renderDiffHtml } from '../../src/report/diff-html.js';
import { richPair, run } from './diff-fixtures.js';

test('the HTML diff is one self-contained page: a CSP that forbids fetching, no script, no external address', (t) => {
  const html = renderDiffHtml(diffResults(...richPair()));
  t.true(html.startsWith('<!DOCTYPE html>'));
  t.regex(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  t.notRegex(html, /<script|<link|<img|src=|https?:\/\//i);
});

test('the HTML diff has the headline, both verdicts and one section per list with an item per cause', (t) => {
  const diff = diffResults(...richPair());
  const html = renderDiffHtml(diff);
  t.regex(html, /<h1 class="headline worse">1 fixed, 2 newly broken, 1 still broken, 1 no longer tested<\/h1>/);
  t.regex(html, /<th>before<\/th><td>FAIL: [^<]*<\/td><td>2026-11-26T10:00:00\.000Z<\/td>/);
  for (const [key, count] of [['fixed', 1], ['broken', 2], ['still', 1], ['untested', 1]] as const) {
    const section = html.split(`<section id="${key}">`)[1].split('</section>')[0];
    t.is((section.match(/<li /g) ?? []).length, count, key);
  }
  t.is((html.match(/<div class="fix">/g) ?? []).length, 3);
});

test('text from a result is escaped in the HTML diff', (t) => {
  const newer = run(3, (_f, to, p, port) => (to === 'n2' && p === 'udp' && port === 4789 ? 'fail' : undefined));
  newer.causes![0].summary = '</li><script>alert("x")</script>';
  newer.causes![0].remediation = `it's & <b>`;
  const html = renderDiffHtml(diffResults(run(3), newer));
  t.notRegex(html, /<script/);
  t.regex(html, /&lt;\/li&gt;&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
  t.regex(html, /fix: it&#39;s &amp; &lt;b&gt;/);
});

test('a diff with only fixes is green, one with nothing broken left is green too', (t) => {
  const drop = run(3, (_f, to, p, port) => (to === 'n2' && p === 'udp' && port === 4789 ? 'fail' : undefined));
  t.regex(renderDiffHtml(diffResults(drop, run(3))), /<h1 class="headline better">1 fixed, 0 newly broken, 0 still broken<\/h1>/);
  t.regex(renderDiffHtml(diffResults(drop, drop)), /<h1 class="headline same">0 fixed, 0 newly broken, 1 still broken<\/h1>/);
});
