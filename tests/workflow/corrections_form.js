'use strict';
// Drives the offline corrections form (corrections-form.html, written by `letterpress draft`) in headless
// Chromium the way an agency's officer would: opened from disk, agency and sender filled in, two corrections
// added (each a paragraph picked, its proposed text edited and evidence given), the file downloaded. Runs
// axe-core on the form too. Prints one JSON object for workflow_test.py to check:
//
//   node corrections_form.js SOURCE_DIR FORM_HTML DOWNLOAD_DIR PLAN_JSON
//
// PLAN_JSON: {"today": YYYY-MM-DD, "agency": id, "name", "role", "email", "corrections": [{"paragraph",
// "replace": [from, to], "evidence"}]}.

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const [sourceDir, formPath, downloadDir, planJson] = process.argv.slice(2);
const { chromium } = require(path.join(sourceDir, 'node_modules', 'playwright-core'));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function main() {
  const plan = JSON.parse(planJson);
  const result = { console: [], requests: [], statuses: {}, corrections: [] };
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    // The form dates the file with the browser's today: fix it so the test does not depend on the real date.
    await context.clock.setFixedTime(new Date(`${plan.today}T10:00:00`));
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') result.console.push(m.text()); });
    page.on('pageerror', (e) => result.console.push(`pageerror: ${e.message}`));
    // The form works offline: it must load nothing but itself.
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('blob:')) result.requests.push(r.url()); });
    await page.goto(pathToFileURL(formPath).href);
    result.title = await page.title();

    // Downloading before anything is filled in explains every missing thing.
    await page.click('#cf-download');
    result.statuses.empty = await page.textContent('#cf-status');

    await page.selectOption('#cf-agency', plan.agency);
    await page.fill('#cf-name', plan.name);
    await page.fill('#cf-role', plan.role);
    await page.fill('#cf-email', plan.email);

    // Adding a correction that changes nothing is refused.
    await page.selectOption('#cf-paragraph', plan.corrections[0].paragraph);
    await page.click('#cf-add');
    result.statuses.unchanged = await page.textContent('#cf-status');

    for (const c of plan.corrections) {
      await page.selectOption('#cf-paragraph', c.paragraph);
      const current = await page.textContent('#cf-current');
      const proposed = await page.inputValue('#cf-proposed');
      if (!current.includes(c.replace[0]) || proposed !== current) {
        throw new Error(`paragraph ${c.paragraph}: the form shows ${JSON.stringify(current)} / ${JSON.stringify(proposed)}`);
      }
      await page.fill('#cf-proposed', proposed.replace(c.replace[0], c.replace[1]));
      await page.fill('#cf-evidence', c.evidence);
      await page.click('#cf-add');
      result.statuses[`added ${c.paragraph}`] = await page.textContent('#cf-status');
      result.corrections.push({ paragraph: c.paragraph, current });
    }
    result.rows = await page.$$eval('#cf-list tbody tr', (rows) => rows.map((r) => r.cells[0].textContent));

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#cf-download')]);
    result.suggested = download.suggestedFilename();
    result.file = path.join(downloadDir, result.suggested);
    await download.saveAs(result.file);
    result.statuses.downloaded = await page.textContent('#cf-status');

    await page.addScriptTag({ path: path.join(sourceDir, 'node_modules', 'axe-core', 'axe.min.js') });
    const axe = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    }));
    result.axe = axe.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  } finally {
    await browser.close();
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
