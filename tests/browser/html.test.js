'use strict';
// The Nu Html Checker (vnu.jar) finds no errors in any HTML file of the built site, checked in one run
// over the whole folder.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const h = require('./lib/harness');

let env;
before(async () => { env = await h.setUp({ serve: false }); });
after(async () => { await h.tearDown(env); });

test('the Nu Html Checker reports no errors for any page of the site', () => {
  const files = h.htmlFiles(env.siteDir);
  assert.ok(files.length > 40, `expected the whole examples site, found ${files.length} HTML files`);
  const vnu = path.join(h.SOURCE_DIR, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  const r = spawnSync('java', ['-jar', vnu, '--errors-only', '--skip-non-html', '--format', 'gnu', '--stdout',
    env.siteDir + path.sep], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.error, undefined, `could not run java: ${r.error && r.error.message}`);
  const report = (r.stdout + r.stderr).trim().split(env.siteDir + path.sep).join('');
  h.recordResult('html', {
    tool: `Nu Html Checker ${h.packageVersion('vnu-jar')}`,
    description: 'Every page of the site checked for HTML errors',
    pages: files.length,
    problems: report ? report.split('\n').filter((l) => /error/i.test(l)).length || 1 : (r.status === 0 ? 0 : 1),
  });
  assert.equal(r.status, 0, `vnu found errors in ${files.length} HTML files (exit ${r.status}):\n${report}`);
  assert.equal(report, '', `vnu printed:\n${report}`);
});
