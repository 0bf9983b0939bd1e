'use strict';
// Search (Pagefind) in the browser: a phrase from one letter finds that letter and links to the section that
// holds it; each result says its type, area, theme and date; filters narrow by document type and theme; the
// addressee block is never searched; the prioritised recommendations, which repeat the letter's text, are
// not a result of their own; nonsense finds nothing and says so; the home page's search form leads to the
// same results.

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
    assert.match(status, /^\d+ results? match/, `status: ${status}`);
    assert.equal(await page.locator('#search-input').inputValue(), PHRASE, 'the query stays in the box');
    const hrefs = await page.locator('#search-results li > a').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(hrefs.length > 0, 'results are listed');
    const count = Number(status.match(/^\d+/)[0]);
    assert.equal(count, hrefs.length, 'the status counts the results shown');
    // The phrase is in the letter's context section: the result links straight to that section's anchor.
    assert.ok(hrefs.includes(env.base + LETTER + '#context'), `results do not link to ${LETTER}#context:\n${hrefs.join('\n')}`);
    const result = page.locator('#search-results li', { has: page.locator(`a[href$="${LETTER}#context"]`) }).first();
    // It says what it is: type, area, theme and date.
    assert.equal((await result.locator('.result-about').innerText()).trim(),
      'Letter of findings \u00b7 Greywold \u00b7 The multi-agency response to serious youth violence \u00b7 9 March 2026');
    assert.match(await result.locator('.result-section').innerText(), /section: Context/);
    // The excerpt highlights the words searched for.
    const marks = await page.locator('#search-results mark').count();
    assert.ok(marks > 0, 'excerpts highlight the matched words');
    // Following the result opens the letter at that section.
    await result.locator('a').first().click();
    await page.waitForURL(env.base + LETTER + '#context');
    assert.match(await page.locator('h1').innerText(), /Greywold/);
    const inView = await page.locator('#context').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    });
    assert.ok(inView, 'the matching section is scrolled into view');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('filters narrow the results by document type and by theme', async () => {
  const page = await context.newPage();
  const problems = h.watch(page);
  try {
    // 'Greywold' is on its letter and on its theme's overview: unfiltered, more than one type is found.
    await search(page, 'Greywold');
    const types = await page.locator('#search-results .result-about').evaluateAll((els) =>
      [...new Set(els.map((e) => e.textContent.split(' \u00b7 ')[0]))].sort());
    assert.ok(types.length > 1, `expected several document types, got ${types}`);
    // The recommendations page repeats the letter's improvements: it is not indexed, so never a result.
    assert.ok(!types.includes('Prioritised recommendations'), `the recommendations page was a result: ${types}`);
    const hrefs = await page.locator('#search-results li > a').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(!hrefs.some((href) => href.includes('/recommendations/')), `a result links to recommendations:\n${hrefs.join('\n')}`);
    // Filtered by type, every result is of that type; the form shows the filter chosen.
    await page.goto(`${env.base}/search/?q=Greywold&type=${encodeURIComponent('Overview report')}`);
    await page.waitForFunction(() => /match/.test(document.getElementById('search-status').textContent), null, { timeout: 20000 });
    const filtered = await page.locator('#search-results .result-about').evaluateAll((els) => els.map((e) => e.textContent));
    assert.ok(filtered.length > 0, 'the filtered search finds something');
    for (const about of filtered) assert.match(about, /^Overview report \u00b7/);
    assert.equal(await page.locator('#search-type').inputValue(), 'Overview report');
    const options = await page.locator('#search-type option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(!options.includes('Prioritised recommendations'), `the type filter offers recommendations: ${options}`);
    // Filtered by a theme none of Greywold's documents belong to, nothing matches.
    await page.goto(`${env.base}/search/?q=Greywold&theme=${encodeURIComponent('The multi-agency response to the identification of initial need and risk')}`);
    await page.waitForFunction(() => /match/.test(document.getElementById('search-status').textContent), null, { timeout: 20000 });
    assert.match(await page.locator('#search-status').innerText(), /^No reports match .* in The multi-agency response to the identification/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the addressee block is never searched', async () => {
  const page = await context.newPage();
  const problems = h.watch(page);
  try {
    // An addressee of greywold-2026's letter, named only in its addressee block: no result shows the name or
    // the addressee lines (Pagefind may still match other words loosely; what it shows is what matters).
    await search(page, 'Catriona Belvedere');
    const excerpts = await page.locator('#search-results li').evaluateAll((els) => els.map((e) => e.textContent));
    for (const text of excerpts) {
      assert.doesNotMatch(text, /Belvedere/, `an excerpt shows the addressee: ${text}`);
      assert.doesNotMatch(text, /Chief Executive, Greywold Council/, `an excerpt shows the addressee block: ${text}`);
    }
    // The same search for words that really are in that letter's text does find it: the test would see a match.
    await search(page, 'Tarrowbridge');
    const hrefs = await page.locator('#search-results li > a').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(hrefs.some((href) => href.startsWith(env.base + LETTER)), `Tarrowbridge did not find ${LETTER}`);
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
    const hrefs = await page.locator('#search-results li > a').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(hrefs.includes(env.base + LETTER + '#context'), `results do not include ${LETTER}#context`);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
