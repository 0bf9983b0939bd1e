'use strict';
// Full-page screenshots of the home page and a letter, for people to look at; nothing is compared. They are
// kept in a temporary folder whose path is printed (LETTERPRESS_SCREENSHOTS names another folder).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./lib/harness');

let env;
before(async () => { env = await h.setUp(); });
after(async () => { await h.tearDown(env); });

test('full-page screenshots of the home page and a letter', async () => {
  const dir = process.env.LETTERPRESS_SCREENSHOTS ||
    fs.mkdtempSync(path.join(os.tmpdir(), 'letterpress-screenshots-'));
  fs.mkdirSync(dir, { recursive: true });
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    for (const [name, url] of [['home', '/'], ['letter-saltmouth-2025', '/inspections/saltmouth-2025/'],
      ['letter-narrow-merrowgate-2025', '/inspections/merrowgate-2025/']]) {
      const page = await context.newPage();
      if (name.includes('narrow')) await page.setViewportSize({ width: 390, height: 844 });
      const problems = h.watch(page);
      await page.goto(env.base + url, { waitUntil: 'networkidle' });
      const file = path.join(dir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(fs.statSync(file).size > 10000, `${file} is a real image`);
      assert.deepEqual(problems, []);
      console.log(`screenshot: ${file}`);
      await page.close();
    }
  } finally {
    await context.close();
  }
});
