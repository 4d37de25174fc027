/** Test helpers: fixture records and sweeps, and a real browser to open reports in. Not for production code. */
export { chromiumPath, CHROMIUM_ARGS, launchChromium, openReport } from './browser.js';
export type { OpenedReport } from './browser.js';
export { firefoxPath, probeInFirefox } from './firefox.js';
export type { FirefoxProbe } from './firefox.js';
export { FIXTURE_METRIC, fixtureConfig, makeReportRun, makeRunMeta, makeRunRecord, makeSweepInput, sampleGrid, wiggle } from './fixtures.js';
export type { FixtureRunOptions, FixtureSweepOptions } from './fixtures.js';
export { landscapeSweepFixture, largeRandomSearchFixture, momentumSweepFixture, SAMPLED_SEARCH_FIXTURE_CONFIGURATIONS, searchSweepFixture, THOUSAND_RUN_METRIC, thousandRunSweepFixture } from './sampleSweeps.js';
export { BENCH_BASELINES, BENCH_WORKLOADS, benchSummaryFixture } from './benchSummary.js';
export type { BenchSummaryOptions } from './benchSummary.js';
export { BENCH_TIMING_MACHINE, benchTimingFixture } from './benchTiming.js';
