// The hostile result's HTML report in Chromium: nothing from the data runs (the payloads would set the
// title or a marker on the window), while the report's own script, allowed by its hash, still draws
// the heat map and shows a cell's probes. Skipped, not passed, without /usr/bin/chromium.
import test from 'ava';
import type { Browser } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import { chromiumAvailable, launchChromium, openHtml, tempDir } from './browser.js';
import { hostileResult, MARKER } from './hostile.js';

const browserTest = chromiumAvailable() ? test : test.skip;

browserTest('no script, handler or link from a hostile result runs in the HTML report, and the report\'s own script does', async (t) => {
  const tmp = tempDir();
  const browser: Browser = await launchChromium();
  try {
    const { page, errors, requests } = await openHtml(browser, renderHtml(hostileResult()), tmp.dir);
    // The report's script ran: the heat map is painted and the causes are buttons it listens to.
    await page.waitForSelector('#heatmap canvas');
    const canvas = page.locator('#heatmap canvas');
    const box = (await canvas.boundingBox())!;
    const pitch = Number(await canvas.getAttribute('data-pitch'));
    // Hover and pin every cell, and press every cause: the panel writes the hostile strings.
    for (let from = 0; from < 4; from++) {
      for (let to = 0; to < 4; to++) {
        if (from !== to) await page.mouse.click(box.x + to * pitch + pitch / 2, box.y + from * pitch + pitch / 2);
      }
    }
    const panel = await page.locator('#panel-body').innerText();
    t.true(panel.includes('onerror='), 'the panel shows the payloads as text');
    for (const button of await page.locator('button.cause-button').all()) await button.click();
    await page.waitForTimeout(300);
    t.is(await page.evaluate((m) => (window as unknown as Record<string, unknown>)[m], MARKER), undefined, 'no payload set the marker');
    const title = await page.title();
    t.true(title.startsWith('swarm-preflight'), title);
    t.false(title.includes(MARKER));
    t.is(await page.locator('img, svg, b').count(), 0, 'no element from the data');
    t.deepEqual(errors, [], 'no script error, and no blocked attempt either');
    t.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'nothing fetched');
  } finally {
    await browser.close();
    tmp.remove();
  }
});
