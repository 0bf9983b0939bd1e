'use strict';
// Keyboard only, on a letter: the first Tab focuses the skip link and Enter moves focus to main; Tab
// reaches every link on the page, and whatever has focus always shows it (an outline or a box shadow).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

const LETTER = '/inspections/merrowgate-2025/';

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

async function openLetter() {
  const page = await context.newPage();
  const problems = h.watch(page);
  await page.goto(env.base + LETTER, { waitUntil: 'networkidle' });
  return { page, problems };
}

// What has focus, and whether it shows: a visible outline or a box shadow.
function focusState(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { none: true };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow !== 'none' && cs.boxShadow !== '';
    const r = el.getBoundingClientRect();
    return {
      none: false,
      tag: el.tagName.toLowerCase(),
      id: el.id,
      key: el.getAttribute('data-kb-index'),
      text: (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60),
      html: el.outerHTML.slice(0, 160),
      visible: outline || shadow,
      onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0,
      styles: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`,
    };
  });
}

test('the first Tab focuses the skip link, and Enter moves focus to main', async () => {
  const { page, problems } = await openLetter();
  try {
    await page.keyboard.press('Tab');
    const first = await focusState(page);
    assert.equal(first.none, false, 'Tab focused nothing');
    assert.equal(first.tag, 'a');
    assert.match(first.html, /class="skip-link"/, `first Tab focused ${first.html}`);
    assert.ok(first.visible, `the skip link shows no focus: ${first.styles}`);
    assert.ok(first.onScreen, 'the focused skip link is on screen');
    await page.keyboard.press('Enter');
    const after = await focusState(page);
    assert.equal(after.tag, 'main', `Enter moved focus to ${after.html}`);
    assert.equal(after.id, 'main');
    assert.match(page.url(), /#main$/);
    // The next Tab continues from main, inside the content, not from the top of the page.
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => document.querySelector('main').contains(document.activeElement));
    assert.ok(next, 'Tab after the skip link stays inside main');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('Tab reaches every link on the letter, and focus is always visible', async () => {
  const { page, problems } = await openLetter();
  try {
    const links = await page.$$eval('a[href]', (as) => as.map((a, i) => {
      a.setAttribute('data-kb-index', String(i));
      return { key: String(i), html: a.outerHTML.slice(0, 160) };
    }));
    assert.ok(links.length > 10, `only ${links.length} links on the letter`);
    const reached = new Set();
    const invisible = [];
    const offScreen = [];
    const order = [];
    for (let i = 0; i < links.length * 2 + 20; i++) {
      await page.keyboard.press('Tab');
      const s = await focusState(page);
      if (s.none) {
        if (order.length) break; // past the last focusable element: back to the document
        continue;
      }
      const id = s.key !== null ? `link ${s.key}` : s.html;
      if (order.length && id === order[0]) break; // wrapped round to the first
      order.push(id);
      if (s.key !== null) reached.add(s.key);
      if (!s.visible) invisible.push(`${s.html}\n    ${s.styles}`);
      if (!s.onScreen) offScreen.push(s.html);
    }
    const missed = links.filter((l) => !reached.has(l.key)).map((l) => l.html);
    assert.deepEqual(missed, [], `Tab never reached ${missed.length} of ${links.length} links:\n${missed.join('\n')}`);
    assert.deepEqual(invisible, [], `focus not visible on:\n${invisible.join('\n')}`);
    assert.deepEqual(offScreen, [], `focused elements off screen:\n${offScreen.join('\n')}`);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
