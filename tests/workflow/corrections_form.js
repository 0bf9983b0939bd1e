'use strict';
// Drives the offline corrections form (corrections-form.html, written by `letterpress draft`) in headless
// Chromium the way an agency's officer would, and reports what it saw as one JSON object for
// workflow_test.py to check:
//
//   1. opened from disk; "Download" with nothing filled in: the error summary (GOV.UK Design System
//      pattern) with a link per field, focus on it, "Error:" in the title, each field marked; axe-core run
//      on the page in that state;
//   2. agency and sender filled in; the paragraph list filtered to the agency's own (and unfiltered);
//      a correction that changes nothing refused; two corrections added (paragraph picked, proposed text
//      edited, evidence given); a second one to the same paragraph refused until ticked as a second;
//   3. the page reloaded: everything restored from the browser's storage; a third correction added;
//   4. the first correction changed (amended), the third removed; the file downloaded;
//   5. a fresh browser profile (nothing stored): the downloaded file opened in the form, one correction
//      amended, downloaded again;
//   6. at 320 px wide: nothing wider than the screen; axe-core again.
//
//   node corrections_form.js SOURCE_DIR FORM_HTML DOWNLOAD_DIR PLAN_JSON
//
// PLAN_JSON: {"today": YYYY-MM-DD, "agency": id, "name", "role", "email", "corrections": [{"paragraph",
// "replace": [from, to], "evidence"}, ...], "third": {"paragraph", "evidence"}, "amend": [from, to],
// "amend_again": text}.

const path = require('node:path');
const { pathToFileURL } = require('node:url');

const [sourceDir, formPath, downloadDir, planJson] = process.argv.slice(2);
const { chromium } = require(path.join(sourceDir, 'node_modules', 'playwright-core'));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function axe(page) {
  await page.addScriptTag({ path: path.join(sourceDir, 'node_modules', 'axe-core', 'axe.min.js') });
  const found = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
  }));
  return found.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

async function errorState(page) {
  return page.evaluate(() => ({
    summary_visible: !document.getElementById('cf-errors').hidden,
    focused: document.activeElement ? document.activeElement.id : null,
    title: document.title,
    links: Array.from(document.querySelectorAll('#cf-errors-list a')).map((a) => [a.getAttribute('href'), a.textContent]),
    invalid: Array.from(document.querySelectorAll('[aria-invalid="true"]')).map((e) => e.id),
    messages: Array.from(document.querySelectorAll('.cf-error-message')).map((e) => [e.id, e.textContent]),
    described: Array.from(document.querySelectorAll('[aria-invalid="true"]')).map((e) => e.getAttribute('aria-describedby')),
  }));
}

const rows = (page) => page.$$eval('#cf-list li', (items) => items.map((li) => Array.from(li.querySelectorAll('dd')).map((d) => d.textContent)));

async function newPage(browser, plan, result, label) {
  const context = await browser.newContext({ acceptDownloads: true });
  // The form dates the file with the browser's today: fix it so the test does not depend on the real date.
  await context.clock.setFixedTime(new Date(`${plan.today}T10:00:00`));
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') result.console.push(`${label}: ${m.text()}`); });
  page.on('pageerror', (e) => result.console.push(`${label}: pageerror: ${e.message}`));
  // The form works offline: it must load nothing but itself.
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('blob:')) result.requests.push(r.url()); });
  await page.goto(pathToFileURL(formPath).href);
  return { context, page };
}

async function download(page, result, key) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#cf-download')]);
  const saved = path.join(downloadDir, `${key}-${file.suggestedFilename()}`);
  await file.saveAs(saved);
  result.downloads[key] = { suggested: file.suggestedFilename(), file: saved, status: await page.textContent('#cf-status') };
}

async function main() {
  const plan = JSON.parse(planJson);
  const result = { console: [], requests: [], statuses: {}, corrections: [], downloads: {}, axe: {} };
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const { page } = await newPage(browser, plan, result, 'first');
    result.title = await page.title();

    // 1. Nothing filled in.
    await page.click('#cf-download');
    result.empty = await errorState(page);
    result.axe.errors = await axe(page);

    // 2. Filled in, with the paragraph list filtered to the agency's own.
    await page.selectOption('#cf-agency', plan.agency);
    await page.fill('#cf-name', plan.name);
    await page.fill('#cf-role', plan.role);
    await page.fill('#cf-email', plan.email);
    result.own_paragraphs = await page.$$eval('#cf-paragraph option', (o) => o.map((x) => x.value));
    await page.uncheck('#cf-own');
    result.all_paragraphs = await page.$$eval('#cf-paragraph option', (o) => o.map((x) => x.value));
    await page.check('#cf-own');

    await page.selectOption('#cf-paragraph', plan.corrections[0].paragraph);
    await page.click('#cf-add');
    result.unchanged = await errorState(page);

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
    // A second correction to the first paragraph: refused until ticked.
    await page.selectOption('#cf-paragraph', plan.corrections[0].paragraph);
    await page.fill('#cf-evidence', 'Another point.');
    await page.fill('#cf-proposed', (await page.inputValue('#cf-proposed')) + ' More.');
    await page.click('#cf-add');
    result.duplicate = await errorState(page);
    result.second_offered = await page.isVisible('#cf-second');
    result.rows_after_duplicate = (await rows(page)).length;

    // 3. Reload: everything is still there.
    await page.reload();
    result.statuses.reloaded = await page.textContent('#cf-status');
    result.reloaded = {
      rows: await rows(page),
      agency: await page.inputValue('#cf-agency'), name: await page.inputValue('#cf-name'),
      role: await page.inputValue('#cf-role'), email: await page.inputValue('#cf-email'),
    };
    await page.selectOption('#cf-paragraph', plan.third.paragraph);
    await page.fill('#cf-proposed', (await page.inputValue('#cf-proposed')) + ' Added.');
    await page.fill('#cf-evidence', plan.third.evidence);
    await page.click('#cf-add');
    result.statuses.third = await page.textContent('#cf-status');

    // 4. Amend the first, remove the third, download.
    await page.click('#cf-list li:nth-child(1) .cf-change');
    result.editing_focus = await page.evaluate(() => document.activeElement.id);
    const before = await page.inputValue('#cf-proposed');
    await page.fill('#cf-proposed', before.replace(plan.amend[0], plan.amend[1]));
    await page.click('#cf-add');
    result.statuses.amended = await page.textContent('#cf-status');
    await page.click('#cf-list li:nth-child(3) .cf-remove');
    result.statuses.removed = await page.textContent('#cf-status');
    result.rows = await rows(page);
    await download(page, result, 'first');

    // 5. A fresh profile: open the downloaded file, amend, download again.
    const second = await newPage(browser, plan, result, 'reopened');
    result.fresh_rows = (await rows(second.page)).length;
    await second.page.setInputFiles('#cf-open', result.downloads.first.file);
    await second.page.waitForFunction(() => document.querySelectorAll('#cf-list li').length > 0);
    result.statuses.opened = await second.page.textContent('#cf-status');
    result.reopened = { rows: await rows(second.page), name: await second.page.inputValue('#cf-name'),
      agency: await second.page.inputValue('#cf-agency') };
    await second.page.click('#cf-list li:nth-child(2) .cf-change');
    await second.page.fill('#cf-evidence', plan.amend_again);
    await second.page.click('#cf-add');
    await download(second.page, result, 'amended');

    // 6. A phone: 320 px wide.
    await second.page.setViewportSize({ width: 320, height: 640 });
    result.narrow = await second.page.evaluate(() => {
      const wide = Array.from(document.querySelectorAll('#main *')).filter((e) => e.getBoundingClientRect().right > 320.5)
        .map((e) => e.id || e.tagName.toLowerCase());
      return { scroll_width: document.documentElement.scrollWidth, wider: wide.slice(0, 10) };
    });
    result.axe.narrow = await axe(second.page);
  } finally {
    await browser.close();
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
