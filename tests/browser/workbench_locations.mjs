// Opens the review workbench (`alinea review DOC`) in Debian's Chromium and
// reports, for every pair, the text and the location note a person sees on
// each side, and whether that note takes room on the screen.
//
//   node tests/browser/workbench_locations.mjs 'http://127.0.0.1:PORT/?token=T'
//
// Prints ONE JSON line on stdout: [{src, src_loc, src_title, src_shown, tgt,
// ...}, ...]; exits 1 with a message on stderr on any failure. CHROMIUM
// overrides the browser path (default /usr/bin/chromium).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [url] = process.argv.slice(2);
if (!url) {
  console.error('usage: node workbench_locations.mjs URL');
  process.exit(2);
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'alinea-chromium-'));
let browser;
const problems = [];

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
  page.setDefaultTimeout(20000);
  await page.setViewport({ width: 1280, height: 900 });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || !response.ok()) throw new Error(`GET ${url} answered ${response && response.status()}`);
  await page.waitForSelector('tr.pair');
  const rows = await page.$$eval('tr.pair', (trs) => trs.map((tr) => {
    const row = {};
    for (const side of ['src', 'tgt']) {
      const td = tr.querySelector(`td.${side}`);
      const loc = td && td.querySelector('.loc');
      row[side] = td ? td.querySelector('.text').textContent : null;
      row[`${side}_loc`] = loc ? loc.textContent : null;
      row[`${side}_title`] = loc ? loc.title : null;
      if (loc) {
        const box = loc.getBoundingClientRect();
        row[`${side}_shown`] = box.width > 0 && box.height > 0 &&
          getComputedStyle(loc).visibility !== 'hidden';
      }
    }
    return row;
  }));
  if (problems.length) throw new Error(problems.join('; '));
  console.log(JSON.stringify(rows));
}

main()
  .then(() => browser.close())
  .catch(async (e) => {
    console.error(e.message || String(e));
    if (browser) await browser.close().catch(() => {});
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(profile, { recursive: true, force: true }));
