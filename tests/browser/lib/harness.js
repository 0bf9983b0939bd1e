'use strict';
// Shared set-up for the browser tests: build the examples site with the letterpress binary under test,
// serve it on loopback with a small static server, launch Debian's Chromium through playwright-core, and
// watch every page for console errors and failed requests. Each test script calls setUp() once in
// before() and tearDown() in after(); nothing outlives the script except the screenshots it prints.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const SOURCE_DIR = path.resolve(process.env.LETTERPRESS_SOURCE_DIR || path.join(__dirname, '..', '..', '..'));
const BIN = process.env.LETTERPRESS_BIN || path.join(SOURCE_DIR, 'build', 'dev', 'pipeline', 'letterpress');
const AS_OF = '2026-11-23';

const { chromium } = require(path.join(SOURCE_DIR, 'node_modules', 'playwright-core'));

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// The page types a reader can reach, at fixed URLs in the examples corpus (as of AS_OF).
const PAGES = [
  { name: 'home', url: '/' },
  { name: 'reports index', url: '/reports/' },
  { name: 'reports filter (year)', url: '/reports/2025/' },
  { name: 'areas index', url: '/areas/' },
  { name: 'area', url: '/areas/merrowgate/' },
  { name: 'themes index', url: '/themes/' },
  { name: 'theme', url: '/themes/serious-youth-violence/' },
  { name: 'letter with change notes', url: '/inspections/merrowgate-2025/' },
  { name: 'letter with an area for priority action', url: '/inspections/saltmouth-2025/' },
  { name: 'recommendations', url: '/inspections/merrowgate-2025/recommendations/' },
  { name: 'partner responses', url: '/inspections/merrowgate-2025/responses/' },
  { name: 'agency view', url: '/inspections/merrowgate-2025/agencies/police/' },
  { name: 'search', url: '/search/' },
  { name: 'missing URL', url: '/no-such-page/here/', status: 404 },
];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  // Pagefind's index files: compressed binary its own script fetches and decodes.
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
};

function contentType(file) {
  if (path.basename(file) === 'feed.xml') return 'application/atom+xml';
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function buildSite(tmp, extraArgs = []) {
  const out = path.join(tmp, 'site');
  const args = ['build', '--root', path.join(SOURCE_DIR, 'examples'), '--out', out, '--as-of', AS_OF,
    '--resources', SOURCE_DIR, ...extraArgs];
  const r = spawnSync(BIN, args, { encoding: 'utf8', cwd: SOURCE_DIR, timeout: 120000 });
  if (r.status !== 0) {
    throw new Error(`letterpress ${args.join(' ')} exited ${r.status}${r.error ? ` (${r.error.message})` : ''}\n` +
      `${r.stdout}\n${r.stderr}`);
  }
  // --out is a symbolic link to the release; serve the real folder so paths stay inside it.
  return fs.realpathSync(out);
}

// A static server like the hosting the site is published to: index.html for folder URLs (a folder URL
// without its slash is redirected), 404.html with status 404 for anything missing, never a listing.
function startServer(root) {
  const server = http.createServer((req, res) => {
    const send = (status, file, headers = {}) => {
      const body = file ? fs.readFileSync(file) : Buffer.alloc(0);
      res.writeHead(status, {
        'Content-Type': file ? contentType(file) : 'text/plain; charset=utf-8',
        'Content-Length': body.length,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => send(404, path.join(root, '404.html'));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, null, { Allow: 'GET, HEAD' });
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return notFound();
    }
    if (pathname.includes('\0')) return notFound();
    const file = path.resolve(root, '.' + path.posix.normalize(pathname));
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return notFound();
    }
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        const u = new URL(req.url, 'http://127.0.0.1');
        return send(301, null, { Location: u.pathname + '/' + u.search });
      }
      const index = path.join(file, 'index.html');
      return fs.existsSync(index) ? send(200, index) : notFound();
    }
    return stat.isFile() ? send(200, file) : notFound();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function setUp({ serve = true } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'letterpress-browser-'));
  const env = { tmp, siteDir: null, server: null, browser: null, base: null };
  try {
    env.siteDir = buildSite(tmp);
    if (!serve) return env;
    env.server = await startServer(env.siteDir);
    env.base = `http://127.0.0.1:${env.server.address().port}`;
    env.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 60000 });
  } catch (e) {
    await tearDown(env);
    throw e;
  }
  return env;
}

async function tearDown(env) {
  if (!env) return;
  if (env.browser) await env.browser.close().catch(() => {});
  if (env.server) {
    env.server.closeAllConnections();
    await new Promise((resolve) => env.server.close(resolve));
  }
  if (env.tmp) fs.rmSync(env.tmp, { recursive: true, force: true });
}

// Records everything that went wrong while a page loaded: console errors, uncaught exceptions, requests
// that failed, and responses with an error status (except the document's own, when one is expected).
function watch(page, { expectedStatus = 200 } = {}) {
  const problems = [];
  let documentUrl = null;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location();
    // Chromium logs the document's own status as a console error; that status is checked separately.
    if (expectedStatus !== 200 && where && where.url === documentUrl &&
        /Failed to load resource: the server responded with a status of/.test(msg.text())) return;
    problems.push(`console error: ${msg.text()}${where && where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.stack || err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.method()} ${req.url()}: ${req.failure() && req.failure().errorText}`));
  page.on('response', (res) => {
    const isDocument = res.request().isNavigationRequest() && res.request().frame() === page.mainFrame();
    if (isDocument) documentUrl = res.url();
    if (res.status() >= 400 && !(isDocument && res.status() === expectedStatus)) {
      problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
    }
  });
  return problems;
}

// Every HTML file of the built site, as site-relative URLs ('/', '/areas/', '/404.html').
function htmlFiles(siteDir) {
  const found = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) found.push(p);
    }
  };
  walk(siteDir);
  return found.sort();
}

function urlOf(siteDir, file) {
  const rel = path.relative(siteDir, file).split(path.sep).join('/');
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return '/' + rel.slice(0, -'index.html'.length);
  return '/' + rel;
}

// The kind of a page: its URL with the parts that name one inspection, area, theme, agency or year replaced.
function shapeOf(url) {
  const segs = url.split('/').filter(Boolean);
  const names = { inspections: '{inspection}', areas: '{area}', themes: '{theme}', agencies: '{agency}',
    agency: '{agency-type}', theme: '{theme}' };
  return '/' + segs.map((s, i) => {
    const parent = segs[i - 1];
    if (parent && names[parent] && s !== 'index.html') return names[parent];
    if (parent === 'reports' && /^\d{4}$/.test(s)) return '{year}';
    return s;
  }).join('/') + (url.endsWith('/') && segs.length ? '/' : '');
}

// Every page type to check: the fixed list, a search with results, and one page of every other kind found
// in the built site, so a new page type is covered without being listed.
function pageTypes(siteDir) {
  const pages = [
    ...PAGES,
    { name: 'search with results', url: '/search/?q=exploitation', ready: '#search-results li' },
  ];
  const covered = new Set(pages.map((p) => (p.status === 404 ? '/404.html' : shapeOf(p.url.split('?')[0]))));
  for (const file of htmlFiles(siteDir)) {
    const url = urlOf(siteDir, file);
    const shape = shapeOf(url);
    if (covered.has(shape)) continue;
    covered.add(shape);
    pages.push({ name: `other page type ${shape}`, url });
  }
  return pages;
}

// Records one check's result for the site's accessibility statement when LETTERPRESS_A11Y_RESULTS_DIR is
// set (see README "Accessibility statement"): {check, tool, description, tested, pages, problems}. The date is
// the day the test ran; the build reads it from the file and never from its own clock.
function recordResult(check, fields) {
  const dir = process.env.LETTERPRESS_A11Y_RESULTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const result = { check, ...fields, tested: new Date().toISOString().slice(0, 10) };
  const file = path.join(dir, `${check}.json`);
  fs.writeFileSync(file + '.tmp', JSON.stringify(result, null, 1) + '\n');
  fs.renameSync(file + '.tmp', file);
}

function packageVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(SOURCE_DIR, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function formatAxeViolations(violations) {
  return violations.map((v) => [
    `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
    ...v.nodes.map((n) => `    at ${n.target.join(' ')}\n      ${n.html}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`),
  ].join('\n')).join('\n');
}

async function runAxe(page) {
  await page.addScriptTag({ path: path.join(SOURCE_DIR, 'node_modules', 'axe-core', 'axe.min.js') });
  return page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
  }));
}

module.exports = {
  SOURCE_DIR, BIN, AS_OF, PAGES, CHROMIUM_ARGS, chromium,
  setUp, tearDown, buildSite, startServer, watch, htmlFiles, urlOf, runAxe, formatAxeViolations, contentType,
  shapeOf, pageTypes, recordResult, packageVersion,
};
