// Sums the vitest JSON reports that each test run writes to .vitest/result.json in the folder it ran in: one
// per package with a `test` script, and the repo's own checks (the root's `test:repo`) at the root; and the
// reports given as arguments (`node .ci/count.mjs .vitest/node24.json`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const folders = ['.', ...readdirSync('packages').map((name) => join('packages', name))].filter((folder) => {
  const manifest = join(folder, 'package.json');
  const scripts = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).scripts ?? {} : {};
  return folder === '.' ? Boolean(scripts['test:repo']) : Boolean(scripts.test);
});

let passed = 0;
let failed = 0;
const missing = [];
const counts = [];
// Each folder's report, then the reports of extra runs that .ci/run names (the whole suite on Node 24).
const reports = [...folders.map((folder) => ({ folder, file: join(folder, '.vitest', 'result.json') })), ...process.argv.slice(2).map((file) => ({ folder: file, file }))];
for (const { folder, file } of reports) {
  if (!existsSync(file)) {
    missing.push(folder);
    continue;
  }
  const result = JSON.parse(readFileSync(file, 'utf8'));
  const failedBefore = failed;
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  // Each report's own numbers, so that a total that moved between machines says where.
  const skipped = result.numPendingTests + result.numTodoTests;
  counts.push(`${folder} ${result.numPassedTests}${result.numFailedTests ? `/${result.numFailedTests} failed` : ''}${skipped ? `/${skipped} skipped` : ''}`);
  // A file that failed without a failed test (it did not load, or a beforeAll threw and its tests were
  // skipped): each of its tests that did not pass is a failure, and the file is at least one.
  for (const testFile of result.testResults ?? []) {
    const tests = testFile.assertionResults ?? [];
    if (testFile.status === 'failed' && !tests.some((test) => test.status === 'failed')) {
      failed += Math.max(1, tests.filter((test) => test.status !== 'passed').length);
    }
  }
  // A run that failed outside any test file (a global setup threw, an unhandled error) or ran no test at all.
  if ((result.success === false || result.numTotalTests === 0) && failed === failedBefore) {
    console.log(`${folder}: the test run failed outside its tests or ran none`);
    failed += 1;
  }
}
console.log(`passed by report: ${counts.join(', ')}`);
// A package whose tests did not run at all counts as a failure, never as silence.
if (missing.length) console.log(`no test report from: ${missing.join(', ')}`);
failed += missing.length;
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
