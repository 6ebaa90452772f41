// The HTML report in a real browser: what the string tests in html.test.ts cannot see (the painted
// heat map, the panel and cause scripts, CSP errors, fetches, what the first screen shows). Uses a
// real lab result when one was saved (test/fixtures/lab/result.json, from test/lab/examples.ts) for
// the small-run tests, and a 200-host synthetic result with faults of every shape for the large one.
// Skipped, not passed, when /usr/bin/chromium is missing (apt-get install chromium).
// SPF_FIRST_SCREEN=path writes the 200-host report's first screen there as a PNG.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import type { Browser, Page } from 'playwright-core';
import { readResult } from '../../src/cli/report.js';
import type { RunResult } from '../../src/model.js';
import { renderHtml } from '../../src/report/html.js';
import { portLabel } from '../../src/report/matrix.js';
import { chromiumAvailable, launchChromium, openHtml, type OpenedReport, tempDir } from './browser.js';
import { mixedCauses } from './causes-fixtures.js';
import { mixedResult, unsentResult } from './results.js';
import { groupCauses } from '../../src/causes/group.js';
import { syntheticResult } from './synthetic.js';

const LAB_RESULT = fileURLToPath(new URL('../../../test/fixtures/lab/result.json', import.meta.url));
const SCREENSHOT = fileURLToPath(new URL('../../../examples/report-screenshot.png', import.meta.url));

const small: RunResult = existsSync(LAB_RESULT) ? readResult(LAB_RESULT) : mixedCauses(mixedResult());
const source = existsSync(LAB_RESULT) ? 'the lab result' : 'the mixed fixture';
const failingPairs = [...new Set(small.probes.filter((p) => p.status === 'fail').map((p) => `${p.from}>${p.to}`))].sort();

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

/** Each test gets its own page, so hover, pin and cause state never leak between tests. */
async function open(result: RunResult): Promise<OpenedReport> {
  const tmp = tempDir();
  const opened = await openHtml(browser as Browser, renderHtml(result), tmp.dir);
  cleanups.push(() => opened.page.close(), tmp.remove);
  return opened;
}

let big: Promise<OpenedReport> | undefined;

/**
 * The 200-host report, opened once for the serial tests below (each leaves no cause lit and no cell
 * pinned): three copies of a 40,000-cell page at once would only measure the machine's load.
 */
function openBig(): Promise<OpenedReport> {
  big ??= open(syntheticResult(200));
  return big;
}

/** The painter's full colours; a cell outside a lit cause is painted a faded one. */
const FULL = ['22,163,74', '220,38,38', '245,158,11', '252,211,77', '209,213,219', '243,244,246'];

/** "from>to" of every cell of a canvas whose centre pixel has a full (not faded) colour. */
async function litCells(page: Page, selector: string, hosts: string[]): Promise<string[]> {
  const lit = await page.$eval(selector, (canvas, full) => {
    const c = canvas as HTMLCanvasElement;
    const pitch = Number(c.getAttribute('data-pitch'));
    const size = Number(c.getAttribute('data-size'));
    const scale = c.width / c.getBoundingClientRect().width;
    const n = Math.round((c.getBoundingClientRect().width + (pitch - size)) / pitch);
    const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const out: number[] = [];
    for (let f = 0; f < n; f++) {
      for (let t = 0; t < n; t++) {
        if (f === t) continue;
        const x = Math.floor((t * pitch + size / 2) * scale);
        const y = Math.floor((f * pitch + size / 2) * scale);
        const at = (y * c.width + x) * 4;
        if (full.includes(`${px[at]},${px[at + 1]},${px[at + 2]}`)) out.push(f * n + t);
      }
    }
    return out;
  }, FULL);
  return lit.map((i) => `${hosts[Math.floor(i / hosts.length)]}>${hosts[i % hosts.length]}`).sort();
}

/** Moves the mouse to the centre of the cell (from, to) of the heat map. */
async function pointAt(page: Page, hosts: string[], from: string, to: string, click = false): Promise<void> {
  const canvas = page.locator('#heatmap canvas');
  const box = (await canvas.boundingBox())!;
  const pitch = Number(await canvas.getAttribute('data-pitch'));
  const size = Number(await canvas.getAttribute('data-size'));
  const x = box.x + hosts.indexOf(to) * pitch + size / 2;
  const y = box.y + hosts.indexOf(from) * pitch + size / 2;
  if (click) await page.mouse.click(x, y); else await page.mouse.move(x, y);
}

async function panelOf(page: Page): Promise<{ title: string; rows: string[] }> {
  const title = (await page.textContent('#panel-title')) ?? '';
  const rows = await page.$$eval('#panel-body tr', (trs) => trs.map((tr) => [...tr.children].slice(0, 2).map((td) => td.textContent).join(' ')));
  return { title, rows };
}

const WORD: Record<string, string> = { pass: 'pass', fail: 'fail', error: 'untested', skip: 'n/a', warn: 'warn' };

function probesOf(result: RunResult, pair: string): string[] {
  return result.probes.filter((p) => `${p.from}>${p.to}` === pair).map((p) => `${portLabel(p.protocol, p.port)} ${WORD[p.status]}`);
}

const serialTest = available ? test.serial : test.skip;

serialTest('a 200-host report opens with the verdict and every cause on its first screen, without errors or fetches', async (t) => {
  const result = syntheticResult(200);
  const { page, url, errors, requests } = await openBig();
  const viewport = page.viewportSize()!;
  const verdict = (await page.locator('h1.verdict').boundingBox())!;
  t.true(verdict.y >= 0 && verdict.y + verdict.height <= viewport.height);
  t.regex((await page.textContent('h1.verdict')) ?? '', /^FAIL: 7 causes · probes /);
  const buttons = page.locator('button.cause-button');
  t.is(await buttons.count(), (result.causes ?? []).length);
  for (let i = 0; i < (result.causes ?? []).length; i++) {
    const box = (await buttons.nth(i).boundingBox())!;
    t.true(box.y >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width, `cause ${i + 1} is off the first screen`);
    t.regex((await buttons.nth(i).textContent()) ?? '', new RegExp((result.causes ?? [])[i].summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  }
  // The heat map starts on the first screen too, beside the causes.
  const map = (await page.locator('#heatmap canvas').boundingBox())!;
  t.true(map.y < viewport.height && map.x + map.width <= viewport.width);
  if (process.env.SPF_FIRST_SCREEN) await page.screenshot({ path: process.env.SPF_FIRST_SCREEN });
  t.deepEqual(errors, []);
  t.true(requests.includes(url));
  t.deepEqual(requests.filter((r) => r !== url && !r.startsWith('data:') && r !== 'about:blank'), []);
});

serialTest('in a 200-host report, clicking a cause lights exactly the cells of its probes and fades the rest; clicking it again restores all', async (t) => {
  const result = syntheticResult(200);
  const { page, errors } = await openBig();
  const hosts = result.hosts.map((h) => h.id);
  const all = (await litCells(page, '#heatmap canvas', hosts));
  t.is(all.length, 200 * 199);
  const causes = result.causes ?? [];
  let litSeen = 0;
  for (const [i, cause] of causes.entries()) {
    await page.locator('button.cause-button').nth(i).click();
    const expected = [...new Set(cause.probes.map((p) => `${result.probes[p].from}>${result.probes[p].to}`))].sort();
    t.deepEqual(await litCells(page, '#heatmap canvas', hosts), expected, cause.id);
    const mtu = cause.findings.map((f) => result.findings[f]).filter((f) => f.check === 'path-mtu').map((f) => `${f.from}>${f.to}`).sort();
    t.deepEqual(await litCells(page, '.grid[data-check="path-mtu"] canvas', hosts), mtu, `${cause.id} path-mtu`);
    t.is(await page.locator('button.cause-button').nth(i).getAttribute('aria-pressed'), 'true');
    litSeen += expected.length + mtu.length;
    await page.locator('button.cause-button').nth(i).click();
    t.is((await litCells(page, '#heatmap canvas', hosts)).length, 200 * 199);
  }
  // Without this the test could pass on a page that lights nothing.
  t.true(litSeen > 1000);
  t.deepEqual(errors, []);
});

serialTest('in a 200-host report, hovering a cell shows that pair\'s probes, and a cause of a 3 px cell is named', async (t) => {
  const result = syntheticResult(200);
  const { page, errors } = await openBig();
  const hosts = result.hosts.map((h) => h.id);
  const cause = (result.causes ?? []).find((c) => c.kind === 'pair-blocked')!;
  const probe = result.probes[cause.probes[0]];
  await pointAt(page, hosts, probe.from, probe.to);
  const panel = await panelOf(page);
  t.is(panel.title, `${probe.from} → ${probe.to}: fail`);
  t.deepEqual(panel.rows, probesOf(result, `${probe.from}>${probe.to}`).concat(['path-mtu untested']));
  const causeCell = await page.$$eval('#panel-body tr', (trs) => trs.map((tr) => tr.lastElementChild?.textContent ?? ''));
  t.true(causeCell.includes(`cause ${(result.causes ?? []).indexOf(cause) + 1}`));
  t.deepEqual(errors, []);
});

browserTest('hovering a failing cell of a small report shows its probes; clicking pins them while the mouse moves on', async (t) => {
  const { page, errors } = await open(small);
  t.log(`rendering ${source} (${small.hosts.length} hosts)`);
  const hosts = small.hosts.map((h) => h.id);
  t.true(failingPairs.length > 0);
  const [from, to] = failingPairs[0].split('>');
  t.deepEqual(await panelOf(page), { title: 'Hover or click a cell', rows: [] });
  await pointAt(page, hosts, from, to);
  const panel = await panelOf(page);
  t.is(panel.title, `${from} → ${to}: fail`);
  t.deepEqual(panel.rows.slice(0, 4), probesOf(small, failingPairs[0]));
  await pointAt(page, hosts, from, to, true);
  const other = hosts.flatMap((f) => hosts.map((x) => `${f}>${x}`)).find((p) => !failingPairs.includes(p) && p.split('>')[0] !== p.split('>')[1])!;
  await pointAt(page, hosts, other.split('>')[0], other.split('>')[1]);
  t.deepEqual((await panelOf(page)).rows.slice(0, 4), probesOf(small, failingPairs[0]));
  t.deepEqual(errors, []);
});

browserTest('the small report renders to a full-page PNG (written to examples/ with SPF_WRITE_EXAMPLES=1)', async (t) => {
  const { page } = await open(small);
  const write = process.env.SPF_WRITE_EXAMPLES === '1';
  const png = await page.screenshot({ fullPage: true, ...(write ? { path: SCREENSHOT } : {}) });
  t.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  t.true(png.readUInt32BE(16) >= 1280);
  const box = await page.locator('#heatmap canvas').boundingBox();
  t.true(png.readUInt32BE(20) >= Math.ceil((box?.y ?? 0) + (box?.height ?? 0)));
  if (write) t.log(`wrote ${SCREENSHOT}`);
});

browserTest('hovering a cell of a host out before probing shows its unsent probes with that host\'s words, as sender and as receiver', async (t) => {
  const unsent = unsentResult(4);
  const { page, errors } = await open({ ...unsent, causes: groupCauses(unsent) });
  const hosts = unsent.hosts.map((h) => h.id);
  const detail = () => page.$$eval('#panel-body tr', (trs) => trs.map((tr) => `${tr.children[0]?.textContent} ${tr.children[1]?.textContent} ${tr.children[3]?.textContent}`));
  await pointAt(page, hosts, 'n4', 'n1');
  t.is((await panelOf(page)).title, 'n4 → n1: untested');
  t.deepEqual(await detail(), ['2377/tcp', '7946/tcp', '7946/udp', '4789/udp'].map((port) => `${port} untested could not test from n4: timed out after 10 s connecting to port 22 (unreachable)`));
  await pointAt(page, hosts, 'n2', 'n4');
  t.deepEqual((await detail()).slice(1), ['7946/tcp', '7946/udp', '4789/udp'].map((port) => `${port} untested could not test on n4: timed out after 10 s connecting to port 22 (unreachable)`));
  t.deepEqual(errors, []);
});
