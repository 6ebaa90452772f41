// Opens a rendered HTML report in Debian's headless Chromium (via playwright-core, which ships no
// browser of its own) and records everything the page says or fetches, for the browser tests and
// the examples generator.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Without the Debian package the browser tests are skipped, never passed empty. */
export const chromiumAvailable = (): boolean => existsSync(CHROMIUM);

// Headless with nothing that phones home, so the only traffic a page makes is its own.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface OpenedReport {
  page: Page;
  /** The file:// URL the report was opened from. */
  url: string;
  /** Console messages of type error, and uncaught exceptions, in order. */
  errors: string[];
  /** Every URL the page asked for, the report itself included. */
  requests: string[];
}

/** Opens an HTML file (a path), with listeners attached before navigation so nothing is missed. */
export async function openFile(browser: Browser, file: string): Promise<OpenedReport> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const url = pathToFileURL(file).href;
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  // A 200-host report on a loaded machine takes a while to parse and paint.
  page.setDefaultTimeout(120_000);
  await page.goto(url, { waitUntil: 'load' });
  return { page, url, errors, requests };
}

/** A temporary directory for report files, with its own removal. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'spf-browser-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes the HTML to a temp file and opens it from there, as a user double-clicking it would. */
export async function openHtml(browser: Browser, html: string, dir: string, name = 'report.html'): Promise<OpenedReport> {
  const file = path.join(dir, name);
  writeFileSync(file, html);
  return openFile(browser, file);
}

/** A full-page PNG of an HTML file; written to `out` when given. */
/** The whole page, or with `firstScreen` only what a 1280x800 window shows before scrolling. */
export async function screenshotFile(htmlFile: string, out?: string, opts: { firstScreen?: boolean } = {}): Promise<Buffer> {
  const browser = await launchChromium();
  try {
    const { page } = await openFile(browser, htmlFile);
    return await page.screenshot({ fullPage: opts.firstScreen !== true, ...(out ? { path: out } : {}) });
  } finally {
    await browser.close();
  }
}
