export {
  describeAccepted,
  settingProblem,
  declarationProblem,
  withDefaults,
  searchRange,
  describeSearch,
  type SearchRange,
  type Setting,
  type NumberSetting,
  type BooleanSetting,
  type ChoiceSetting,
  type TextSetting,
  type Settings,
  type SettingValue,
  type SettingValues,
} from './setting.js';
export { closest, closestNames, editDistance } from './closest.js';
export { didYouMean, oneOf } from './didYouMean.js';
export { createRegistry, type Registry } from './registry.js';
export { describeThrown } from './describeThrown.js';
