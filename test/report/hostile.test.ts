// Output is inert: a result whose every text field carries script, markup, terminal escapes and shell
// metacharacters renders in every format without any of it taking effect (the browser half of this
// is hostile-browser.test.ts).
import test from 'ava';
import { packResult } from '../../src/report/result-codec.js';
import { diffResults } from '../../src/report/diff.js';
import { renderDiff } from '../../src/report/diff-render.js';
import { FORMATS } from '../../src/report/formats.js';
import { CSP, renderHtml } from '../../src/report/html.js';
import { render } from '../../src/report/index.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { redact } from '../../src/report/redact.js';
import { renderTable } from '../../src/report/table.js';
import { richPair } from './diff-fixtures.js';
import { CONTROL, hostileResult, MARKER, poison, withoutColours } from './hostile.js';
import { parseXml } from './xml.js';

/** Markup the payloads carry, as raw tags or handlers: none may appear in HTML or Markdown as is. */
const RAW_MARKUP = [/<script>document/i, /<\/script><script>/i, /<img src=x/i, /<svg onload/i, /<b>bold/i];
/** In Markdown a link is markup too; in HTML text it is only words. */
const MARKDOWN_LINK = /(?<!\\)\]\(javascript:/i;

function rawMarkup(text: string, markdown = false): string[] {
  const live = markdown ? outsideCode(text) : text;
  return [...RAW_MARKUP, ...(markdown ? [MARKDOWN_LINK] : [])].filter((re) => re.test(live)).map(String);
}

/** Markdown without its fenced blocks and code spans, where nothing is markup. */
function outsideCode(markdown: string): string {
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const open = /^(`{3,})/.exec(line)?.[1];
    if (fence) {
      if (line.trim() === fence) fence = undefined;
    } else if (open) {
      fence = open;
    } else {
      kept.push(line.replace(/(?<![\\`])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, ''));
    }
  }
  return kept.join('\n');
}

test('the terminal report of a hostile result carries no control character but its own colours', (t) => {
  for (const color of [false, true]) {
    for (const matrix of [false, true]) {
      const out = renderTable(hostileResult(), { color, matrix, columns: 100 });
      t.false(CONTROL.test(withoutColours(out)), `color ${color}, matrix ${matrix}: ${JSON.stringify(withoutColours(out).match(CONTROL))}`);
      t.true(out.includes('all good'), 'the text around the escapes is still shown');
    }
  }
});

test('the terminal report of many hostile hosts (the per-host summary) carries no control character', (t) => {
  const result = hostileResult();
  const out = renderTable(result, { color: true, columns: 60 });
  t.false(CONTROL.test(withoutColours(out)));
});

test('the Markdown report of a hostile result has no control character and no live markup from the data', (t) => {
  const out = renderMarkdown(hostileResult());
  t.false(CONTROL.test(out), JSON.stringify(out.match(CONTROL)));
  t.deepEqual(rawMarkup(out, true), []);
});

test('the JSON report of a hostile result is the same data, with every control character escaped', (t) => {
  const result = hostileResult();
  const out = render('json', result, { color: false });
  t.false(CONTROL.test(out), 'C1 controls are written as \\u escapes too');
  // The same data as the JSON form holds it (passing probes written as groups by the one encoder).
  t.deepEqual(JSON.parse(out), JSON.parse(JSON.stringify(packResult(result))));
});

test('the JUnit report of a hostile result is well-formed XML 1.0', (t) => {
  const out = renderJunit(hostileResult());
  // eslint-disable-next-line no-control-regex
  t.false(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(out), 'no character XML 1.0 forbids');
  t.notThrows(() => parseXml(out));
});

test('the HTML report of a hostile result escapes every value and allows only its own script', (t) => {
  const out = renderHtml(hostileResult());
  t.deepEqual(rawMarkup(out), []);
  t.false(out.includes(`<script>window.${MARKER}`), 'a non-numeric ms is not written as is');
  t.false(CSP.includes('unsafe-inline') && /script-src[^;]*'unsafe-inline'/.test(CSP), 'the CSP allows no inline script but the report\'s own');
  t.regex(CSP, /script-src 'sha256-[A-Za-z0-9+/]+=*'/);
  // Exactly two script elements: the JSON data and the report's own script.
  t.is(out.match(/<script/g)?.length, 2);
});

test('every format renders a hostile result, and a redacted one, without throwing', (t) => {
  for (const result of [hostileResult(), redact(hostileResult())]) {
    for (const format of FORMATS) t.notThrows(() => render(format, result, { color: true }), format);
  }
});

test('the diff of two hostile results is inert in every format', (t) => {
  const [older, newer] = richPair();
  const diff = diffResults(poison(older), poison(newer));
  for (const format of FORMATS) {
    const out = renderDiff(format, diff, { color: true });
    if (format === 'table') t.false(CONTROL.test(withoutColours(out)), 'table');
    if (format === 'markdown') {
      t.false(CONTROL.test(out), 'markdown');
      t.deepEqual(rawMarkup(out, true), [], 'markdown');
    }
    if (format === 'html') t.deepEqual(rawMarkup(out), [], 'html');
    if (format === 'junit') t.notThrows(() => parseXml(out), 'junit');
    if (format === 'json') t.false(CONTROL.test(out), 'json');
  }
});
