'use strict';
// Every page type works on a phone: at 320 and at 1280 CSS pixels wide, the document is never wider than
// the viewport (wide tables scroll inside their own labelled region or reflow), and the overview's chart
// keeps its labels at 12 px or more and states its scale.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

const WIDTHS = [320, 1280];

let env;
before(async () => { env = await h.setUp(); });
after(async () => { await h.tearDown(env); });

test('no page type is wider than the viewport at 320 and 1280 px', async (t) => {
  const pages = h.pageTypes(env.siteDir);
  assert.ok(pages.some((p) => p.url.includes('/overview/')), 'the overview is among the page types');
  const measured = [];
  let tooWide = 0;
  t.after(() => h.recordResult('widths', {
    tool: `Chromium ${env.browser.version()}`,
    description: 'Every page type at 320 and 1280 pixels wide: no sideways scrolling',
    pages: pages.length,
    problems: tooWide,
  }));
  for (const width of WIDTHS) {
    const context = await env.browser.newContext({ viewport: { width, height: 800 } });
    try {
      for (const p of pages) {
        await t.test(`${width} px: ${p.name} (${p.url})`, async () => {
          const page = await context.newPage();
          try {
            await page.goto(env.base + p.url, { waitUntil: 'load' });
            if (p.ready) await page.waitForSelector(p.ready, { timeout: 15000 });
            const facts = await page.evaluate(() => {
              const wider = [];
              for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                // Inside a region that scrolls on its own, overflowing is that region's business.
                if (el.closest('.table-scroll, .chart-scroll')) continue;
                if (r.right > window.innerWidth + 0.5 && r.width > 0) wider.push(`${el.tagName.toLowerCase()}.${el.className}`);
              }
              return { doc: document.documentElement.scrollWidth, viewport: window.innerWidth, wider: wider.slice(0, 5) };
            });
            measured.push(`${width} ${p.url} ${facts.doc}`);
            if (facts.doc > facts.viewport) tooWide += 1;
            assert.ok(facts.doc <= facts.viewport,
              `${p.url} is ${facts.doc} px wide in a ${facts.viewport} px viewport; too wide: ${facts.wider.join(', ')}`);
            // Every scrolling region can be reached from the keyboard and is named.
            const regions = await page.$$eval('.table-scroll, .chart-scroll', (els) => els.map((e) => ({
              tabindex: e.getAttribute('tabindex'), role: e.getAttribute('role'),
              named: Boolean(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')),
            })));
            for (const r of regions) assert.deepEqual(r, { tabindex: '0', role: 'region', named: true });
          } finally {
            await page.close();
          }
        });
      }
    } finally {
      await context.close();
    }
  }
  console.log(`measured document widths:\n${measured.join('\n')}`);
});

test('the chart keeps legible labels at 320 px and states its scale', async () => {
  const overview = h.pageTypes(env.siteDir).find((p) => p.url.includes('/overview/'));
  const context = await env.browser.newContext({ viewport: { width: 320, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(env.base + overview.url, { waitUntil: 'load' });
    const sizes = await page.$$eval('svg.bar-chart text', (texts) => texts.map((t) => {
      const svg = t.ownerSVGElement;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return { text: t.textContent, px: parseFloat(t.getAttribute('font-size')) * scale };
    }));
    assert.ok(sizes.length > 5, 'the chart has labels');
    for (const s of sizes) assert.ok(s.px >= 12, `chart label "${s.text}" is ${s.px.toFixed(1)} px at 320 px`);
    assert.ok(sizes.some((s) => /out of \d+ areas/.test(s.text)), 'the chart states its scale');
    const ticks = sizes.filter((s) => /^\d+$/.test(s.text)).map((s) => Number(s.text));
    assert.ok(ticks.includes(0), 'the axis starts at 0');
  } finally {
    await context.close();
  }
});
