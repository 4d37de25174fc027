import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * Open a report in Firefox ESR, which the reports must work in (issue 19), without a driver: playwright-core drives
 * stock Firefox only over WebDriver BiDi commands that Firefox ESR does not have yet (it stops at
 * `emulation.setMediaFeaturesOverride`). Instead Firefox's own headless screenshot mode loads a small page beside
 * the report that holds it in an iframe (a throw-away profile lets file pages of one folder read each other),
 * waits for the page script, runs a probe on the report's document and logs the result; the profile sends the
 * console to standard output, where uncaught errors appear too.
 */

/** Where Firefox ESR lives: $DESCENT_FIREFOX, else Debian's /usr/bin/firefox-esr. */
export function firefoxPath(): string {
  return process.env.DESCENT_FIREFOX ?? '/usr/bin/firefox-esr';
}

const PREFERENCES = [
  // Content console messages and uncaught errors to standard output.
  'user_pref("devtools.console.stdout.content", true);',
  // The probe page reads the report's document: both are files of one folder.
  'user_pref("security.fileuri.strict_origin_policy", false);',
  // A closed network: no update, telemetry or settings requests to wait for.
  'user_pref("app.update.enabled", false);',
  'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
  'user_pref("toolkit.telemetry.enabled", false);',
].join('\n');

const RESULT_MARK = 'DESCENT-PROBE ';

export interface FirefoxProbe {
  /** What the probe returned (JSON), or null when it never reported (the page script never got ready). */
  result: unknown;
  /** Uncaught errors and console errors of the report's page, as Firefox printed them. */
  errors: string[];
  /** Firefox's version line. */
  version: string;
}

/**
 * Load `reportFile` (with `hash`, e.g. '#explore:…') in headless Firefox ESR, wait until its page script has made it
 * explorable, then run `probe` (the body of a function of `doc`, the report's document, returning JSON-able data).
 */
export async function probeInFirefox(reportFile: string, hash: string, probe: string, timeoutMs = 60_000): Promise<FirefoxProbe> {
  const executable = firefoxPath();
  if (!existsSync(executable)) throw new Error(`Firefox ESR is not installed at ${executable}: run 'bash scripts/setup-test-env.sh' (as root) from the repo root, or set DESCENT_FIREFOX`);
  const profile = await mkdtemp(join(tmpdir(), 'descent-firefox-'));
  const probePage = join(dirname(reportFile), `probe-${basename(reportFile)}`);
  try {
    await writeFile(join(profile, 'user.js'), PREFERENCES);
    await writeFile(probePage, probePageHtml(basename(reportFile) + hash, probe));
    const version = (await run(executable, ['--version'], timeoutMs)).stdout.trim();
    const { stdout } = await run(executable, ['--headless', '--no-remote', '--profile', profile, '--window-size=1300,1000', '--screenshot', join(profile, 'shot.png'), `file://${probePage}`], timeoutMs);
    const lines = stdout.split('\n');
    const reported = lines.find((line) => line.includes(RESULT_MARK));
    // console.log: "DESCENT-PROBE {\"rows\":12}": the message is printed as a JSON string.
    const result = reported === undefined ? null : JSON.parse(JSON.parse(reported.slice(reported.indexOf('"')) as string).slice(RESULT_MARK.length) as string);
    // Content errors name the page's file; Firefox's own (settings, telemetry on a closed network) name resources.
    const errors = lines.filter((line) => /^JavaScript error: file:|^console\.error: "/.test(line));
    return { result, errors, version };
  } finally {
    await rm(profile, { recursive: true, force: true });
    await rm(probePage, { force: true });
  }
}

function probePageHtml(reportUrl: string, probe: string): string {
  return `<!doctype html><html><body><iframe id="report" width="1280" height="960" src="${reportUrl}"></iframe><script>
const frame = document.getElementById('report');
const started = Date.now();
const report = (value) => console.log(${JSON.stringify(RESULT_MARK)} + JSON.stringify(value));
function check() {
  const doc = frame.contentDocument;
  if (doc && doc.documentElement.classList.contains('explorable')) {
    try { report((function (doc) { ${probe} })(doc)); } catch (error) { report({ probeError: String(error) }); }
    return;
  }
  if (Date.now() - started > 20000) return report(null);
  setTimeout(check, 50);
}
frame.addEventListener('load', check);
</script></body></html>
`;
}

function run(executable: string, args: string[], timeoutMs: number): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOZ_HEADLESS: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout });
      else reject(new Error(`${basename(executable)} ${args[0]} exited with ${code ?? signal}: ${stderr.slice(-2000)}`));
    });
  });
}
