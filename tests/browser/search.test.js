'use strict';
// Search (Pagefind) in the browser: a phrase from one letter finds that letter; nonsense finds nothing and
// says so; the home page's search form leads to the same results.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

// Words from greywold-2026's context (examples/inspections/greywold-2026/findings.xml).
const PHRASE = 'rural poverty is often hidden';
const LETTER = '/inspections/greywold-2026/';

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

async function search(page, query) {
  await page.goto(`${env.base}/search/?q=${encodeURIComponent(query)}`, { waitUntil: 'load' });
  const status = page.locator('#search-status');
  await page.waitForFunction(() => /match|not available/.test(document.getElementById('search-status').textContent),
    null, { timeout: 20000 });
  return (await status.textContent()).trim();
}

test('a phrase from one letter finds that letter', async () => {
  const page = await context.newPage();
  const problems = h.watch(page);
  try {
    const status = await search(page, PHRASE);
    assert.match(status, /^\d+ reports? match/, `status: ${status}`);
    assert.equal(await page.locator('#search-input').inputValue(), PHRASE, 'the query stays in the box');
    const hrefs = await page.locator('#search-results li a').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(hrefs.length > 0, 'results are listed');
    assert.ok(hrefs.includes(env.base + LETTER), `results do not include ${LETTER}:\n${hrefs.join('\n')}`);
    const count = Number(status.match(/^\d+/)[0]);
    assert.equal(count, hrefs.length, 'the status counts the results shown');
    // The excerpt highlights the words searched for.
    const marks = await page.locator('#search-results mark').count();
    assert.ok(marks > 0, 'excerpts highlight the matched words');
    // Following the result opens the letter.
    await page.locator(`#search-results a[href="${new URL(env.base + LETTER).pathname}"]`).first().click();
    await page.waitForURL(env.base + LETTER);
    assert.match(await page.locator('h1').innerText(), /Greywold/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('a nonsense query says no reports match', async () => {
  const page = await context.newPage();
  const problems = h.watch(page);
  try {
    const status = await search(page, 'qzxvjwkpl flurbigax');
    assert.match(status, /^No reports match/, `status: ${status}`);
    assert.equal(await page.locator('#search-results li').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the home page search form leads to the results', async () => {
  const page = await context.newPage();
  const problems = h.watch(page);
  try {
    await page.goto(env.base + '/', { waitUntil: 'load' });
    await page.getByLabel('Search the reports').fill(PHRASE);
    await page.getByLabel('Search the reports').press('Enter');
    await page.waitForURL(/\/search\/\?q=/);
    await page.waitForFunction(() => /match/.test(document.getElementById('search-status').textContent), null, { timeout: 20000 });
    const hrefs = await page.locator('#search-results li a').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(hrefs.includes(env.base + LETTER), `results do not include ${LETTER}`);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
