// Sums the vitest JSON reports that each package's `test` script writes to .vitest/result.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
const missing = [];
for (const pkg of readdirSync('packages')) {
  const manifest = join('packages', pkg, 'package.json');
  if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
  const file = join('packages', pkg, '.vitest', 'result.json');
  if (!existsSync(file)) {
    missing.push(pkg);
    continue;
  }
  const result = JSON.parse(readFileSync(file, 'utf8'));
  passed += result.numPassedTests;
  // A test file that failed to load has no test results of its own: count it as one failure.
  const brokenFiles = (result.testResults ?? []).filter((file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0).length;
  failed += result.numFailedTests + brokenFiles;
}
// A package whose tests did not run at all counts as a failure, never as silence.
if (missing.length) console.log(`no test report from: ${missing.join(', ')}`);
failed += missing.length;
console.log(`${passed} passed, ${failed} failed`);
