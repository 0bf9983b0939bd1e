'use strict';
// Print: the print stylesheet hides the site's furniture and writes link URLs after links; Chromium's PDF of
// a letter (A4) carries the running header "<Area>: letter of findings" and "Page X of Y" (read back with
// pdftotext from poppler-utils).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./lib/harness');

const LETTER = '/inspections/merrowgate-2025/';
const AREA = 'Merrowgate';

let env;
let context;
before(async () => {
  env = await h.setUp();
  context = await env.browser.newContext();
});
after(async () => {
  if (context) await context.close().catch(() => {});
  await h.tearDown(env);
});

async function openForPrint(url) {
  const page = await context.newPage();
  const problems = h.watch(page);
  await page.goto(env.base + url, { waitUntil: 'networkidle' });
  await page.emulateMedia({ media: 'print' });
  return { page, problems };
}

// Links a printed page shows, and what the print stylesheet writes after each.
function printedLinks(page) {
  return page.$$eval('a[href]', (as) => as.filter((a) => a.getClientRects().length > 0).map((a) => ({
    href: a.getAttribute('href'),
    printUrl: a.getAttribute('data-print-url'),
    text: a.textContent.trim().replace(/\s+/g, ' ').slice(0, 50),
    after: getComputedStyle(a, '::after').content,
  })));
}

test('printing hides the header, navigation, breadcrumbs and footer', async () => {
  for (const url of [LETTER, `${LETTER}recommendations/`, '/reports/', '/']) {
    const { page, problems } = await openForPrint(url);
    try {
      const displays = await page.evaluate(() => Object.fromEntries(
        ['.skip-link', '.site-header', '.site-nav', '.breadcrumbs', '.site-footer']
          .map((sel) => [sel, document.querySelector(sel) ? getComputedStyle(document.querySelector(sel)).display : 'absent'])));
      for (const [sel, display] of Object.entries(displays)) {
        if (sel === '.breadcrumbs' && display === 'absent' && url === '/') continue; // the home page has none
        assert.equal(display, 'none', `${sel} on ${url} prints (display: ${display})`);
      }
      assert.ok(await page.locator('main h1').isVisible(), `the h1 of ${url} prints`);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  }
});

test('printed links show their URL after them', async () => {
  // The letter (mailto and same-page links) and the theme overview (links to each area's letter).
  for (const url of [LETTER, '/themes/serious-youth-violence/overview/']) {
    const { page } = await openForPrint(url);
    try {
      const links = await printedLinks(page);
      assert.ok(links.length > 0, `${url} prints no links`);
      const unexplained = [];
      let shown = 0;
      for (const l of links) {
        if (l.href.startsWith('#')) continue; // a place in the same printed document
        const expected = l.printUrl || l.href;
        if (!/^(https?:|mailto:)/.test(expected)) {
          unexplained.push(`"${l.text}" -> ${l.href}: no absolute URL to print`);
        } else if (!l.after.includes(expected)) {
          unexplained.push(`"${l.text}" -> ${l.href}: prints ${l.after}, not ${expected}`);
        } else {
          shown += 1;
        }
      }
      assert.deepEqual(unexplained, [], `links on the printed ${url}:\n${unexplained.join('\n')}`);
      assert.ok(shown > 0, `no printed link on ${url} shows its URL`);
    } finally {
      await page.close();
    }
  }
  // The same links show no URL on screen.
  const page = await context.newPage();
  try {
    await page.goto(env.base + LETTER, { waitUntil: 'load' });
    const screen = await printedLinks(page);
    assert.ok(screen.every((l) => l.after === 'none' || l.after === 'normal'), 'URLs are for print only');
  } finally {
    await page.close();
  }
});

test('the PDF of a letter has the running header and page numbers', async () => {
  const { page } = await openForPrint(LETTER);
  const pdf = path.join(env.tmp, 'letter.pdf');
  try {
    await page.pdf({ path: pdf, format: 'A4' });
  } finally {
    await page.close();
  }
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  assert.equal(info.status, 0, `pdfinfo: ${info.stderr}`);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)[1]);
  assert.match(info.stdout, /Page size:.*\(A4\)/, 'A4 pages');
  assert.ok(pages >= 2, `a letter is more than one page (${pages})`);

  const r = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `pdftotext: ${r.stderr}`);
  const text = r.stdout;
  const perPage = text.split('\f');
  assert.ok(text.includes(`${AREA}: letter of findings`), 'the running header is printed');
  assert.ok(text.includes('Page 1 of'), '"Page 1 of" is printed');
  assert.ok(text.includes(`Page 1 of ${pages}`), `"Page 1 of ${pages}" is printed`);
  assert.ok(perPage[pages - 1].includes(`Page ${pages} of ${pages}`), 'the last page is numbered');
  for (let i = 0; i < pages; i++) {
    assert.ok(perPage[i].includes(`${AREA}: letter of findings`), `page ${i + 1} has the running header`);
  }
  assert.ok(text.replace(/\s+/g, ' ').includes('Joint targeted area inspection of Merrowgate'), 'the letter itself is printed');
  for (const furniture of ['Skip to main content', 'Subscribe to new and updated reports', 'Documents for this inspection']) {
    assert.ok(!text.includes(furniture), `"${furniture}" should not print`);
  }
});
