export * from './random.js';
export * from './setting.js';
