// Drives the review workbench (`alinea review DOC`) in Debian's Chromium the
// way a person would: clicks and keys only, never the API directly.
//
//   node tests/browser/workbench.mjs 'http://127.0.0.1:PORT/?token=T' shot.png
//
// Prints ONE JSON line on stdout saying which units it touched, so that the
// caller can check the TM afterwards; exits 1 with a message on stderr on any
// failure. CHROMIUM overrides the browser path (default /usr/bin/chromium).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [url, screenshotPath] = process.argv.slice(2);
if (!url || !screenshotPath) {
  console.error('usage: node workbench.mjs URL SCREENSHOT_PATH');
  process.exit(2);
}
const kTimeout = 20000;

class Failure extends Error {}
function check(cond, message) {
  if (!cond) throw new Failure(message);
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'alinea-chromium-'));
let browser;
const problems = [];  // dialogs and page errors, reported at the end

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
  await page.setViewport({ width: 1280, height: 900 });
  page.on('dialog', async (d) => {
    problems.push(`a ${d.type()} dialog fired: ${JSON.stringify(d.message())} (text reached the page as markup?)`);
    await d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  const external = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(new URL(url).origin) && !r.url().startsWith('data:')) external.push(r.url());
  });

  const response = await page.goto(url, { waitUntil: 'load' });
  check(response && response.ok(), `GET ${url} answered ${response && response.status()}`);
  await page.waitForSelector('body[data-state="ready"]');
  await page.waitForSelector('tr.pair').catch(async () => {
    throw new Failure(`no rows appeared; message: ${await messageText(page)}`);
  });
  const failProblems = () => check(problems.length === 0, problems.join('; '));

  // Escaping: a sentence holding <script> shows as text and runs nothing.
  const escaped = await page.$$eval('tr.pair', (trs) => {
    const tr = trs.find((t) => t.textContent.includes('<script>'));
    return tr ? { id: Number(tr.dataset.id) || null, scripts: document.querySelectorAll('tbody script, tbody *[onerror]').length } : null;
  });
  if (escaped) check(escaped.scripts === 0, 'a <script> from the document became an element');

  const touched = new Set();  // keys of rows already used, so steps stay independent
  const result = {};
  const before = await rows(page);
  result.pairs_before = before.length;

  // 1. Select a doubtful pair with the n key and accept it with a.
  await page.click(`tr.pair[data-key="${before[0].key}"] td.id`);
  // n walks the doubtful pairs; a pair on both sides is preferred to an omission.
  let target = null, fallback = null;
  for (let i = 0; i <= before.length; i++) {
    const s = await selectedRow(page);
    if (s.doubtful && s.id) {
      if (!s.omission) { target = s; break; }
      fallback = fallback || s;
    }
    await page.keyboard.press('n');
    if ((await selectedRow(page)).key === s.key) break;  // no further doubtful pair
  }
  if (!target && fallback) {
    target = fallback;
    await selectRow(page, target.key);
  }
  check(target, 'no doubtful pair with a unit id to accept (n never reached one)');
  await expectRender(page, () => page.keyboard.press('a'));
  let row = await rowByKey(page, target.key);
  check(row && row.status === 'reviewed', `accepting #${target.id} did not make it reviewed (${row && row.status})`);
  result.accepted_id = target.id;
  touched.add(target.key);

  // 2. Merge a pair with the next one, with the button.
  let all = await rows(page);
  const m = all.findIndex((p, i) => plain(p, touched) && plain(all[i + 1], touched) && !p.doubtful && !all[i + 1].doubtful);
  const mi = m >= 0 ? m : all.findIndex((p, i) => plain(p, touched) && plain(all[i + 1], touched));
  check(mi >= 0, 'no two adjacent plain pairs to merge');
  const [m1, m2] = [all[mi], all[mi + 1]];
  await selectRow(page, m1.key);
  await expectRender(page, () => page.click('tr.tools button[data-action="merge"]'));
  all = await rows(page);
  check(all.length === before.length - 1, `merge: expected ${before.length - 1} pairs, got ${all.length}`);
  const merged = await selectedRow(page);
  check(merged.src.includes(m1.src) && merged.src.includes(m2.src) && merged.tgt.includes(m1.tgt) && merged.tgt.includes(m2.tgt),
    `the merged pair does not hold both texts: ${JSON.stringify(merged)}`);
  result.merged_ids = [m1.id, m2.id];
  result.merged_id = merged.id;
  result.merged_src = [m1.src, m2.src];
  result.merged_tgt = [m1.tgt, m2.tgt];
  touched.add(merged.key);

  // 3. Split a pair holding two sentences or more on a side, with the s key.
  all = await rows(page);
  const sp = all.find((p) => plain(p, touched) && (p.srcN >= 2 || p.tgtN >= 2));
  check(sp, 'no pair with two sentences on a side to split');
  const spIndex = all.indexOf(sp);
  await selectRow(page, sp.key);
  const n0 = all.length;
  await expectRender(page, () => page.keyboard.press('s'));
  all = await rows(page);
  check(all.length === n0 + 1, `split: expected ${n0 + 1} pairs, got ${all.length}`);
  // The server may give the two parts new keys and unit ids: the selection
  // stays at the same place, on the part that kept the first sentences.
  const keptPos = all.findIndex((p) => p.selected);
  const kept = all[keptPos];
  check(kept && keptPos === spIndex, `split: the selection moved from row ${spIndex} to ${keptPos}`);
  const newRow = all[keptPos + 1];
  check((sp.srcN < 2 || kept.srcN === sp.srcN - 1) && (sp.tgtN < 2 || kept.tgtN === sp.tgtN - 1),
    `split: sentence counts did not drop: ${JSON.stringify({ before: sp, after: kept })}`);
  result.split_original_id = sp.id;
  result.split_id = kept.id;
  result.split_kept = { src: kept.src, tgt: kept.tgt };
  result.split_new = { id: newRow.id, src: newRow.omission && !newRow.srcN ? '' : newRow.src, tgt: newRow.omission && !newRow.tgtN ? '' : newRow.tgt };
  touched.add(kept.key).add(newRow.key);

  // 4. Edit a target text: the button opens a textarea, Enter saves. The
  //    text holds letters bound to keys (a, r, m, s ...) and markup.
  all = await rows(page);
  const ed = all.find((p) => plain(p, touched));
  check(ed, 'no pair left to edit');
  await selectRow(page, ed.key);
  await page.click('tr.tools button[data-action="edit-tgt"]');
  const area = `tr.pair[data-key="${ed.key}"] td.tgt textarea`;
  await page.waitForSelector(area);
  const editedText = 'A rewritten sentence: smart <b>readers</b> & “quotes” stay as typed.';
  await page.$eval(area, (t) => { t.select(); });
  await page.keyboard.press('Backspace');
  await page.type(area, editedText);
  const r0 = await renders(page);
  await expectRender(page, () => page.keyboard.press('Enter'));
  check(await renders(page) === r0 + 1, 'typing in the edit box fired other actions');
  row = await rowByKey(page, ed.key);
  check(row && row.tgt === editedText, `the edited text shows as ${JSON.stringify(row && row.tgt)}`);
  check(row.status === 'reviewed', 'an edited pair should be reviewed');
  check(!(await page.$('td textarea')), 'the edit box stayed open after saving');
  result.edited_id = ed.id;
  result.edited_text = editedText;
  touched.add(ed.key);

  // 5. Reject a pair with r, then undo with u.
  all = await rows(page);
  const rj = all.find((p) => plain(p, touched));
  check(rj, 'no pair left to reject');
  await selectRow(page, rj.key);
  await expectRender(page, () => page.keyboard.press('r'));
  row = await rowByKey(page, rj.key);
  check(row && row.status === 'rejected', `rejecting #${rj.id} did not make it rejected`);
  const undoLabel = await page.$eval('#undo', (b) => ({ text: b.textContent, disabled: b.disabled }));
  check(!undoLabel.disabled && /reject/.test(undoLabel.text), `the Undo button says ${JSON.stringify(undoLabel)}`);
  await expectRender(page, () => page.keyboard.press('u'));
  row = (await rows(page)).find((p) => p.id === rj.id);
  check(row && row.status !== 'rejected', `undo left #${rj.id} rejected`);
  result.rejected_then_undone_id = rj.id;

  // 6. The key help opens with ? and closes with Escape.
  await page.keyboard.press('?');
  await page.waitForSelector('dialog#help[open]');
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog#help:not([open])');

  // Back to the accepted pair for the picture.
  const acc = (await rows(page)).find((p) => p.id === result.accepted_id);
  if (acc) await selectRow(page, acc.key);
  await page.screenshot({ path: screenshotPath });

  result.escaped_id = escaped ? escaped.id : null;
  result.pairs_after = (await rows(page)).length;
  check(external.length === 0, `the page asked for outside resources: ${external.join(' ')}`);
  check(!(await page.$eval('#message', (m) => !m.hidden)), `an error banner shows: ${await messageText(page)}`);
  failProblems();
  return result;
}

// A pair untouched so far, with a unit id, on both sides, not rejected.
function plain(p, touched) {
  return !!p && !!p.id && !p.omission && p.status !== 'rejected' && !touched.has(p.key);
}

async function rows(page) {
  return page.$$eval('tr.pair', (trs) => trs.map((tr) => ({
    key: tr.dataset.key,
    id: Number(tr.dataset.id) || null,
    status: tr.dataset.status,
    srcN: Number(tr.dataset.srcN),
    tgtN: Number(tr.dataset.tgtN),
    doubtful: tr.classList.contains('doubtful'),
    omission: tr.classList.contains('omission'),
    selected: tr.classList.contains('selected'),
    src: tr.querySelector('td.src .text').textContent,
    tgt: tr.querySelector('td.tgt .text').textContent,
  })));
}
async function rowByKey(page, key) {
  return (await rows(page)).find((p) => p.key === key);
}
async function selectedRow(page) {
  return (await rows(page)).find((p) => p.selected);
}
async function selectRow(page, key) {
  await page.click(`tr.pair[data-key="${key}"] td.id`);
  const s = await selectedRow(page);
  check(s && s.key === key, `clicking row ${key} did not select it`);
  await page.waitForSelector(`tr.pair[data-key="${key}"] + tr.tools`);
}
async function renders(page) {
  return page.$eval('body', (b) => Number(b.dataset.renders));
}
async function messageText(page) {
  return page.$eval('#message', (m) => (m.hidden ? '(none)' : m.textContent.trim())).catch(() => '(no page)');
}
// Runs `action` and waits until the page has drawn the server's answer.
async function expectRender(page, action) {
  const n = await renders(page);
  await action();
  try {
    await page.waitForFunction((k) => Number(document.body.dataset.renders) > k && document.body.dataset.state === 'ready',
      { timeout: kTimeout }, n);
  } catch {
    throw new Failure(`the page did not redraw; message: ${await messageText(page)}`);
  }
  const msg = await messageText(page);
  check(msg === '(none)', `the page shows an error: ${msg}`);
}

let code = 0;
try {
  const result = await main();
  process.stdout.write(JSON.stringify(result) + '\n');
} catch (e) {
  console.error(`workbench.mjs: ${e instanceof Failure ? '' : 'error: '}${e.message}`);
  code = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(code);
