export { renderSweepReport, sweepReportSections } from './renderSweepReport.js';
export { renderComparison } from './renderComparison.js';
export { renderIndex } from './renderIndex.js';
export { escapeHtml } from './_html.js';
export { decideWinner } from './winner.js';
export type { DecidedVerdict, EquivalenceMargin, LeaderComparison, WinnerVerdict } from './winner.js';
export { rankConfigurations, summarizeConfiguration } from './ranking.js';
export type { ConfigurationResult } from './ranking.js';
export { groupConfigurations, configurationLabel, configValue, labelKeys, shortKeyNames } from './configurations.js';
export type { Configuration, ConfigValue, SearchMethod } from './configurations.js';
export { availableAxes, meanCurve } from './curves.js';
export type { CurveAxis, CurvePoint, CurveQuantity } from './curves.js';
export { landscapeKey, problemName } from './problems.js';
export { OKABE_ITO } from './palette.js';
export type {
  LandscapeGrid,
  ReportEnvironment,
  ReportRun,
  SweepIndexEntry,
  SweepInfo,
  SweepMetric,
  SweepReportInput,
} from './types.js';
