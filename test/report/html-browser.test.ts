// The HTML report in a real browser: what the string tests in html.test.ts cannot see (computed
// colours, the panel script, CSP errors, fetches). Uses a real lab result when one was saved
// (test/fixtures/lab/result.json, from test/lab/examples.ts), else the mixed fixture.
// Skipped, not passed, when /usr/bin/chromium is missing (apt-get install chromium).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import type { Browser, Page } from 'playwright-core';
import { readResult } from '../../src/cli/report.js';
import type { RunResult } from '../../src/model.js';
import { renderHtml } from '../../src/report/html.js';
import { portLabel } from '../../src/report/matrix.js';
import { chromiumAvailable, launchChromium, openHtml, type OpenedReport, tempDir } from './browser.js';
import { mixedResult } from './results.js';

const LAB_RESULT = fileURLToPath(new URL('../../../test/fixtures/lab/result.json', import.meta.url));
const SCREENSHOT = fileURLToPath(new URL('../../../examples/report-screenshot.png', import.meta.url));
const FAIL_RED = 'rgb(220, 38, 38)';

const result: RunResult = existsSync(LAB_RESULT) ? readResult(LAB_RESULT) : mixedResult();
const source = existsSync(LAB_RESULT) ? 'the lab result' : 'the mixed fixture';
const hostCount = result.hosts.length;
const failingPairs = [...new Set(result.probes.filter((p) => p.status === 'fail').map((p) => `${p.from}>${p.to}`))].sort();

const available = chromiumAvailable();
const browserTest = available ? test : test.skip;
let browser: Browser | undefined;
const cleanups: (() => unknown)[] = [];

test.before(async () => {
  if (available) browser = await launchChromium();
});

test.after.always(async () => {
  for (const clean of cleanups) await clean();
  await browser?.close();
});

/** Each test gets its own page of the same report, so hover and pin state never leak between tests. */
async function open(): Promise<OpenedReport> {
  const tmp = tempDir();
  const opened = await openHtml(browser as Browser, renderHtml(result), tmp.dir);
  cleanups.push(() => opened.page.close(), tmp.remove);
  return opened;
}

interface CellView { from: string; to: string; background: string }

function cellsOf(page: Page): Promise<CellView[]> {
  return page.$$eval('td.cell', (tds) => tds.map((td) => ({ from: td.getAttribute('data-from') ?? '', to: td.getAttribute('data-to') ?? '', background: getComputedStyle(td).backgroundColor })));
}

async function cellIndex(page: Page, pair: string): Promise<number> {
  const i = (await cellsOf(page)).findIndex((c) => `${c.from}>${c.to}` === pair);
  if (i < 0) throw new Error(`no cell for ${pair}`);
  return i;
}

/** The panel as the user reads it: its title and the port and status of each row. */
async function panelOf(page: Page): Promise<{ title: string; rows: string[] }> {
  const title = (await page.textContent('#panel-title')) ?? '';
  const rows = await page.$$eval('#panel-body tr', (trs) => trs.map((tr) => [...tr.children].slice(0, 2).map((td) => td.textContent).join(' ')));
  return { title, rows };
}

function probesOf(pair: string): string[] {
  return result.probes.filter((p) => `${p.from}>${p.to}` === pair).map((p) => `${portLabel(p.protocol, p.port)} ${p.status}`);
}

browserTest('the rendered matrix has one cell per ordered pair of distinct hosts and a blank diagonal', async (t) => {
  const { page } = await open();
  t.log(`rendering ${source} (${hostCount} hosts)`);
  t.is(await page.locator('td.cell').count(), hostCount * hostCount - hostCount);
  t.is(await page.locator('td.self').count(), hostCount);
  t.false((await cellsOf(page)).some((c) => c.from === c.to));
});

browserTest('exactly the cells of pairs with a failing probe are painted rgb(220, 38, 38)', async (t) => {
  const { page } = await open();
  // Without a fault in the fixture this test would prove nothing.
  t.true(failingPairs.length > 0);
  const cells = await cellsOf(page);
  const red = cells.filter((c) => c.background === FAIL_RED).map((c) => `${c.from}>${c.to}`).sort();
  t.deepEqual(red, failingPairs);
  // The other cells have a colour of their own, not the default transparent.
  for (const c of cells.filter((x) => x.background !== FAIL_RED)) t.regex(c.background, /^rgb\(\d+, \d+, \d+\)$/);
});

browserTest('hovering a failing cell shows that pair\'s probes in the panel', async (t) => {
  const { page } = await open();
  const pair = failingPairs[0];
  const [from, to] = pair.split('>');
  t.deepEqual(await panelOf(page), { title: 'Hover or click a cell', rows: [] });
  await page.locator('td.cell').nth(await cellIndex(page, pair)).hover();
  const panel = await panelOf(page);
  t.is(panel.title, `${from} → ${to}: fail`);
  t.deepEqual(panel.rows, probesOf(pair));
  t.true(panel.rows.some((r) => r.endsWith(' fail')));
});

browserTest('clicking a failing cell pins its probes in the panel while the mouse moves over other cells', async (t) => {
  const { page } = await open();
  const pair = failingPairs[0];
  const cells = page.locator('td.cell');
  const failing = cells.nth(await cellIndex(page, pair));
  await failing.click();
  t.regex((await failing.getAttribute('class')) ?? '', /\bpinned\b/);
  const other = (await cellsOf(page)).findIndex((c) => !failingPairs.includes(`${c.from}>${c.to}`));
  t.true(other >= 0);
  await cells.nth(other).hover();
  t.deepEqual((await panelOf(page)).rows, probesOf(pair));
});

browserTest('opening and using the report logs no error and fetches nothing but the file itself', async (t) => {
  const { page, url, errors, requests } = await open();
  const cells = page.locator('td.cell');
  for (let i = 0; i < hostCount * hostCount - hostCount; i++) await cells.nth(i).hover();
  await cells.nth(0).click();
  await page.keyboard.press('Enter');
  t.deepEqual(errors, []);
  // The report's own load is seen, so the listener works and an outside fetch would show up too.
  t.true(requests.includes(url));
  t.deepEqual(requests.filter((r) => !(r.startsWith('file://') || r === 'about:blank' || r.startsWith('data:'))), []);
});

browserTest('the report renders to a full-page PNG (written to examples/ with SPF_WRITE_EXAMPLES=1)', async (t) => {
  const { page } = await open();
  const write = process.env.SPF_WRITE_EXAMPLES === '1';
  const png = await page.screenshot({ fullPage: true, ...(write ? { path: SCREENSHOT } : {}) });
  t.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // IHDR width and height: at least the viewport's width, and tall enough to hold the whole matrix.
  t.true(png.readUInt32BE(16) >= 1280);
  const box = await page.locator('#heatmap').boundingBox();
  t.true(png.readUInt32BE(20) >= Math.ceil((box?.y ?? 0) + (box?.height ?? 0)));
  if (write) t.log(`wrote ${SCREENSHOT}`);
});
