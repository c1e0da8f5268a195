// Drives `alinea serve`'s front page in Debian's Chromium as a coordinator
// would: reads the TM's figures, searches, looks a term up; with a token
// given, first expects the page to ask for it and types it in.
//
//   node tests/browser/serve.mjs http://127.0.0.1:PORT/ shot.png [TOKEN]
//
// Prints ONE JSON line on stdout with what the page showed; exits 1 with a
// message on stderr on any failure. CHROMIUM overrides the browser path.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [url, screenshotPath, token] = process.argv.slice(2);
if (!url || !screenshotPath) {
  console.error('usage: node serve.mjs URL SCREENSHOT_PATH [TOKEN]');
  process.exit(2);
}
const kTimeout = 20000;

class Failure extends Error {}
function check(cond, message) {
  if (!cond) throw new Failure(message);
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'alinea-chromium-'));
let browser;
const problems = [];

async function texts(page, selector) {
  return page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent));
}

async function main() {
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`],
    protocolTimeout: 60000,
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(kTimeout);
  await page.setViewport({ width: 1100, height: 900 });
  page.on('dialog', async (d) => {
    problems.push(`a ${d.type()} dialog fired: ${JSON.stringify(d.message())}`);
    await d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const external = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(new URL(url).origin) && !r.url().startsWith('data:')) external.push(r.url());
  });

  const response = await page.goto(url, { waitUntil: 'load' });
  check(response && response.ok(), `GET ${url} answered ${response && response.status()}`);
  const out = { asked_for_token: false };
  if (token) {
    // Reads need the token: the page must ask for it, then use it.
    await page.waitForSelector('body[data-state="needs-token"]');
    out.asked_for_token = await page.$eval('#token-box', (e) => !e.hidden);
    await page.type('#token', token);
    await page.click('#token-form button');
  }
  await page.waitForSelector('body[data-state="ready"]');
  out.units = Number(await page.$eval('dd[data-field="units"]', (e) => e.textContent));

  await page.type('#search-q', 'toma');
  await page.click('#search-form button');
  await page.waitForSelector('li.hit');
  out.hits = (await page.$$('li.hit')).length;
  out.marks = await texts(page, 'li.hit mark');
  out.search_summary = await page.$eval('#search-summary', (e) => e.textContent);

  await page.type('#terms-q', 'toma');
  await page.click('#terms-form button');
  await page.waitForSelector('li.rendering');
  out.renderings = await texts(page, 'li.rendering strong');

  // Markup in a query comes back as text, never as elements.
  await page.$eval('#search-q', (e) => { e.value = ''; });
  await page.type('#search-q', '<img src=x onerror=alert(1)>');
  await page.click('#search-form button');
  await page.waitForFunction(() => document.querySelector('#search-summary').textContent.startsWith('nothing matches') ||
    document.querySelector('#status').textContent !== '');
  out.injected_elements = (await page.$$('#search-summary img, #search-results img')).length;

  await page.screenshot({ path: screenshotPath, fullPage: true });
  check(external.length === 0, `requests outside the server: ${external.join(', ')}`);
  check(problems.length === 0, problems.join('; '));
  console.log(JSON.stringify(out));
}

try {
  await main();
} catch (e) {
  console.error(e instanceof Failure ? e.message : e.stack || String(e));
  process.exitCode = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
}
