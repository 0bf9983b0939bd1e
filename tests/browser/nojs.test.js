'use strict';
// Pages read fully without JavaScript: with it switched off, each letter shows every heading and every
// finding in its findings.xml, visibly, and the search page says how to browse instead.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./lib/harness');

let env;
let context;
before(async () => {
  env = await h.setUp();
  context = await env.browser.newContext({ javaScriptEnabled: false });
});
after(async () => {
  if (context) await context.close().catch(() => {});
  await h.tearDown(env);
});

const SECTION_HEADINGS = {
  'area-for-priority-action': 'Areas for priority action',
  'area-for-improvement': 'What needs to improve?',
  strength: 'Strengths',
  'main-finding': 'Main findings',
  // Each study carries its own heading, as published letters print them (the default wording of each kind).
  'practice-study-effective': 'Practice study: highly effective practice',
  'practice-study-improvement': 'Practice study: practice that needs to improve',
};

function decodeXml(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

// Findings of one inspection, straight from its source: id, kind, and the plain words its body opens with.
function findingsOf(id) {
  const xml = fs.readFileSync(path.join(h.SOURCE_DIR, 'examples', 'inspections', id, 'findings.xml'), 'utf8');
  const out = [];
  const re = /<finding\s+id="([^"]+)"\s+kind="([^"]+)"[\s\S]*?<body>([\s\S]*?)<\/body>/g;
  for (let m; (m = re.exec(xml));) {
    const body = decodeXml(m[3]).replace(/\s+/g, ' ').trim();
    // The longest opening run of words with no Markdown syntax in it, up to 40 characters.
    const plain = (body.match(/^[A-Za-z0-9 ,'’.()-]+/) || [''])[0].slice(0, 40).replace(/\s\S*$/, '').trim();
    out.push({ id: m[1], kind: m[2], opening: plain });
  }
  return out;
}

for (const [id, area] of [['merrowgate-2025', 'Merrowgate'], ['saltmouth-2025', 'Saltmouth'], ['greywold-2026', 'Greywold']]) {
  test(`the ${id} letter reads fully without JavaScript`, async () => {
    const page = await context.newPage();
    const problems = h.watch(page);
    try {
      const response = await page.goto(`${env.base}/inspections/${id}/`, { waitUntil: 'load' });
      assert.equal(response.status(), 200);

      const h1 = page.locator('main h1');
      assert.ok(await h1.isVisible(), 'the h1 is visible');
      assert.match(await h1.innerText(), new RegExp(area));

      const findings = findingsOf(id);
      assert.ok(findings.length > 5, `findings.xml of ${id} has ${findings.length} findings`);
      const expected = ['Context', 'Headline findings', ...new Set(findings.map((f) => SECTION_HEADINGS[f.kind]).filter(Boolean)),
        'Next steps'];
      const h2s = await page.locator('main h2').evaluateAll((els) => els.map((e) => e.textContent.trim()));
      for (const heading of expected) {
        assert.ok(h2s.includes(heading), `heading "${heading}" missing; the page has: ${h2s.join(' | ')}`);
        assert.ok(await page.locator('main h2', { hasText: heading }).first().isVisible(), `heading "${heading}" is hidden`);
      }
      const hiddenHeadings = [];
      for (const loc of await page.locator('main h2, main h3').all()) {
        if (!(await loc.isVisible())) hiddenHeadings.push(await loc.textContent());
      }
      assert.deepEqual(hiddenHeadings, [], 'headings hidden without JavaScript');

      const missing = [];
      for (const f of findings) {
        const el = page.locator(`[id="finding-${f.id}"]`);
        if ((await el.count()) !== 1) { missing.push(`${f.id}: no element #finding-${f.id}`); continue; }
        if (!(await el.isVisible())) { missing.push(`${f.id}: hidden`); continue; }
        const text = (await el.innerText()).replace(/\s+/g, ' ');
        if (f.opening && !text.includes(f.opening)) missing.push(`${f.id}: text does not include "${f.opening}"`);
      }
      assert.deepEqual(missing, [], `findings not readable without JavaScript:\n${missing.join('\n')}`);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
}

test('without JavaScript the search page points to the report lists', async () => {
  const page = await context.newPage();
  try {
    await page.goto(`${env.base}/search/?q=exploitation`, { waitUntil: 'load' });
    await page.waitForTimeout(300);
    assert.equal(await page.locator('#search-status').textContent(), '', 'scripts did not run');
    // (Playwright's text selectors skip <noscript>, so find the message by CSS.)
    const note = page.locator('main noscript p');
    assert.ok(await note.isVisible(), 'the noscript message shows');
    assert.match(await note.innerText(), /Search needs JavaScript/);
    const link = page.locator('main a[href$="reports/"]');
    assert.ok(await link.isVisible(), 'it links to all reports');
  } finally {
    await page.close();
  }
});
