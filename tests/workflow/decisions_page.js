'use strict';
// Drives the local decisions page (`letterpress corrections ID decide --page`) in headless Chromium as a lead
// inspector would, and reports what it saw as one JSON object for workflow_test.py to check:
//
//   1. the page opened; axe-core run on it;
//   2. one correction accepted and another declined with no reason given: saved, the GOV.UK error summary
//      comes back (focused, "Error:" in the title, a link per problem, fields marked and described);
//   3. the reason and why given: saved, the confirmation (focused) says what was recorded;
//   4. at 320 px wide: nothing wider than the screen; axe-core again.
//
//   node decisions_page.js SOURCE_DIR URL PLAN_JSON
//
// PLAN_JSON: {"accept": id, "decline": id, "because": value, "reason": text}.

const path = require('node:path');

const [sourceDir, url, planJson] = process.argv.slice(2);
const plan = JSON.parse(planJson);
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

// The number the page gives a correction (its section is correction-N), found by its id in the heading.
const numberOf = (page, id) => page.$$eval('section.correction', (sections, wanted) => {
  const s = sections.find((x) => x.querySelector('h2').textContent.includes(`correction ${wanted} `));
  return s ? s.id.replace('correction-', '') : null;
}, id);

async function save(page) {
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const result = { console: [] };
  try {
    const page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') result.console.push(m.text()); });
    await page.goto(url);
    result.title = await page.title();
    result.headings = await page.$$eval('section.correction h2', (hs) => hs.map((h) => h.textContent));
    result.axe = { first: await axe(page) };
    const accept = await numberOf(page, plan.accept);
    const decline = await numberOf(page, plan.decline);
    result.numbers = [accept, decline];
    await page.check(`#decision-${accept}-accepted`);
    await page.check(`#decision-${decline}-declined`);
    await save(page);
    result.errors = await page.evaluate(() => ({
      title: document.title,
      focused: document.activeElement ? document.activeElement.id : null,
      links: Array.from(document.querySelectorAll('#error-summary a')).map((a) => [a.getAttribute('href'), a.textContent]),
      invalid: Array.from(document.querySelectorAll('[aria-invalid="true"]')).map((e) => e.id),
      described: Array.from(document.querySelectorAll('[aria-invalid="true"]')).map((e) => e.getAttribute('aria-describedby')),
      kept: Array.from(document.querySelectorAll('input[type=radio]:checked')).map((e) => e.id),
    }));
    result.axe.errors = await axe(page);
    // Following a link in the summary moves to its field.
    await page.click('#error-summary a[href^="#reason-"]');
    result.errors.link_target = await page.evaluate(() => location.hash);
    await page.selectOption(`#because-${decline}`, plan.because);
    await page.fill(`#reason-${decline}`, plan.reason);
    await save(page);
    result.saved = await page.evaluate(() => ({
      title: document.title,
      focused: document.activeElement ? document.activeElement.id : null,
      text: (document.querySelector('#saved p') || {}).textContent || null,
      recorded: Array.from(document.querySelectorAll('section.correction')).map((s) => [s.querySelector('h2').textContent,
        (Array.from(s.querySelectorAll('p')).find((p) => p.textContent.startsWith('Decision recorded')) || {}).textContent || null]),
    }));
    await page.setViewportSize({ width: 320, height: 640 });
    result.narrow = await page.evaluate(() => ({
      scroll_width: document.documentElement.scrollWidth,
      wider: Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > 321).map((e) => e.tagName + (e.id ? '#' + e.id : '')).slice(0, 10),
    }));
    result.axe.narrow = await axe(page);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch((e) => { console.error(e); process.exit(1); });
