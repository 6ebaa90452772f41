import test from 'ava';
import { diffResults } from '../../src/report/diff.js';
import { MARKDOWN_LIMIT, renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { chain, richPair, ring, run } from './diff-fixtures.js';

test('the Markdown diff leads with the headline in bold, then both verdicts and the hosts added', (t) => {
  const lines = renderDiffMarkdown(diffResults(...richPair())).split('\n');
  t.is(lines[0], '**1 fixed, 2 newly broken, 1 still broken, 1 no longer tested**');
  t.regex(lines[2], /^before: FAIL: .* · started 2026-11-26T10:00:00\.000Z {2}$/);
  t.regex(lines[3], /^after: FAIL: .* · started 2026-11-26T11:00:00\.000Z {2}$/);
  t.is(lines[4], '1 host added (n6)');
});

test('each list is a heading with its count, each cause one item with its id and, when broken, its fix', (t) => {
  const text = renderDiffMarkdown(diffResults(...richPair()));
  t.deepEqual(text.match(/^#### .*$/gm), ['#### Fixed (1)', '#### Newly broken (2)', '#### Still broken (1)', '#### No longer tested (1)']);
  t.regex(text, /^- ✓ n4 drops 7946\/tcp from n1 `pair-blocked:n4\+n1:7946\/tcp` {2}\n {2}the 1 probe it explained passes now$/m);
  t.regex(text, /^- ✗ n3 drops 4789\/udp from all 4 tested peers `inbound-blocked:n3:4789\/udp` {2}\n {2}partly fixed: .*\n {2}was: .*\n {2}fix: .*4789\/udp into n3/m);
  t.is((text.match(/^ {2}fix: /gm) ?? []).length, 3, 'a fix for each newly and still broken cause, none for fixed or untested');
});

test('text from a result cannot break out of its list item or inject HTML', (t) => {
  const [older, newer] = [run(3), run(3, (_f, to, p, port) => (to === 'n2' && p === 'udp' && port === 4789 ? 'fail' : undefined))];
  newer.causes![0].summary = 'evil <img src=x onerror=alert(1)> | *bold* [link](http://x)\n# heading';
  newer.causes![0].id = 'id`with`ticks';
  const text = renderDiffMarkdown(diffResults(older, newer));
  t.notRegex(text, /<img/);
  t.regex(text, /evil &lt;img src=x onerror=alert\(1\)&gt; \\\| \\\*bold\\\* \\\[link\\\]\(http:\/\/x\) \\# heading/);
  t.regex(text, /`id'with'ticks`/);
  t.notRegex(text, /^# heading/m);
});

test('every list says none when it is empty', (t) => {
  const text = renderDiffMarkdown(diffResults(run(3), run(3)));
  t.regex(text, /^\*\*0 fixed, 0 newly broken, 0 still broken\*\*/);
  t.is((text.match(/^#### .*\n\nnone$/gm) ?? []).length, 3);
});

test('a diff of 200-host results stays within 60,000 characters and counts what it leaves out', (t) => {
  // 200 pair causes before; the first 100 fixed, the other 100 still broken.
  const diff = diffResults(chain(200), chain(200, 101));
  t.is(diff.fixed.length, 100);
  t.is(diff.still.length, 100);
  const text = renderDiffMarkdown(diff);
  t.true(text.length <= MARKDOWN_LIMIT, `${text.length} characters`);
  t.is(MARKDOWN_LIMIT, 60_000);
  const shown = (title: string) => (text.split(`#### ${title}`)[1].split('####')[0].match(/^- [✓✗!~] /gm) ?? []).length;
  const more = (title: string) => Number(/^- … and (\d+) more/m.exec(text.split(`#### ${title}`)[1].split('####')[0])?.[1] ?? 0);
  for (const title of ['Fixed', 'Still broken']) {
    t.true(shown(title) > 10, `${title}: some shown`);
    t.is(shown(title) + more(title), 100, `${title}: shown and left out add up`);
  }
});

test('200 newly broken causes with their fixes are cut to fit, the rest counted', (t) => {
  const diff = diffResults(run(200), ring(200));
  t.is(diff.broken.length, 200);
  const text = renderDiffMarkdown(diff);
  t.true(text.length <= MARKDOWN_LIMIT, `${text.length} characters`);
  const shown = (text.match(/^- ✗ /gm) ?? []).length;
  t.true(shown >= 50 && shown < 200, `${shown} shown`);
  t.regex(text, new RegExp(`^- … and ${200 - shown} more \\(the JSON diff, --format json, lists them all\\)$`, 'm'));
  t.is((text.match(/^ {2}fix: /gm) ?? []).length, shown, 'each one shown has its fix');
});
