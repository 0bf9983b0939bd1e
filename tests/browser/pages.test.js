'use strict';
// Every page type of the built examples site loads in Chromium with no console errors and no failed
// requests, and axe-core finds no WCAG 2.2 A/AA violations on it. Besides the fixed list in the harness,
// one page of every other kind found in the built site is checked too, so a new page type is covered.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./lib/harness');

let env;
before(async () => { env = await h.setUp(); });
after(async () => { await h.tearDown(env); });

function pagesToCheck() {
  return h.pageTypes(env.siteDir);
}

test('every page type loads cleanly and passes axe', async (t) => {
  const pages = pagesToCheck();
  let violations = 0;
  t.after(() => h.recordResult('axe', {
    tool: `axe-core ${h.packageVersion('axe-core')} in Chromium ${env.browser.version()}`,
    description: 'Every page type checked against the WCAG 2.0, 2.1 and 2.2 A and AA rules',
    pages: pages.length,
    problems: violations,
  }));
  for (const p of pages) {
    await t.test(`${p.name} (${p.url})`, async (st) => {
      const context = await env.browser.newContext();
      const page = await context.newPage();
      const expectedStatus = p.status || 200;
      const problems = h.watch(page, { expectedStatus });
      try {
        const response = await page.goto(env.base + p.url, { waitUntil: 'load' });
        assert.equal(response.status(), expectedStatus, `HTTP status of ${p.url}`);
        if (p.ready) {
          await page.waitForSelector(p.ready, { timeout: 15000 });
        }
        await page.waitForLoadState('networkidle');
        await st.test('no console errors or failed requests', () => {
          assert.deepEqual(problems, [], `problems loading ${p.url}:\n${problems.join('\n')}`);
        });
        await st.test('the page is styled and has one h1', async () => {
          const facts = await page.evaluate(() => ({
            rules: [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0),
            skipLinkLeft: getComputedStyle(document.querySelector('.skip-link')).left,
            h1: document.querySelectorAll('h1').length,
            title: document.title,
          }));
          assert.ok(facts.rules > 20, `stylesheet not applied on ${p.url} (${facts.rules} rules)`);
          assert.equal(facts.skipLinkLeft, '-9999px', 'skip link is hidden until focused');
          assert.equal(facts.h1, 1, 'exactly one h1');
          assert.ok(facts.title.trim().length > 0, 'has a title');
        });
        if (expectedStatus === 404) {
          await st.test('the 404 page links work from a deep URL', async () => {
            const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
            assert.ok(hrefs.some((u) => u.endsWith('/reports/')), 'links to all reports');
            assert.ok(hrefs.some((u) => u.endsWith('/search/')), 'links to search');
            const broken = [];
            for (const u of hrefs) {
              // Only other pages of the site: the skip link's target is on this page.
              if (!u.startsWith(env.base) || u.split('#')[0] === page.url().split('#')[0]) continue;
              const r = await context.request.get(u.split('#')[0]);
              if (r.status() !== 200) broken.push(`${u}: HTTP ${r.status()}`);
            }
            assert.deepEqual(broken, [], `broken links on the 404 page:\n${broken.join('\n')}`);
          });
        }
        await st.test('axe-core: no WCAG 2.2 AA violations', async () => {
          const results = await h.runAxe(page);
          violations += results.violations.length;
          assert.equal(results.violations.length, 0,
            `axe violations on ${p.url}:\n${h.formatAxeViolations(results.violations)}`);
        });
      } finally {
        await context.close();
      }
    });
  }
});

test('the static server behaves like the hosting', async () => {
  const get = (u) => fetch(env.base + u, { redirect: 'manual' });
  let r = await get('/areas');
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), '/areas/');
  r = await get('/assets/');
  assert.equal(r.status, 404, 'no directory listing');
  r = await get('/../../etc/passwd');
  assert.equal(r.status, 404);
  const css = fs.readdirSync(path.join(env.siteDir, 'assets')).find((f) => f.endsWith('.css'));
  r = await get('/assets/' + css);
  assert.equal(r.headers.get('content-type'), 'text/css; charset=utf-8');
  r = await get('/pagefind/pagefind.js');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/javascript; charset=utf-8');
});
