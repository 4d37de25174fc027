export { lion } from './lion.js';
export { default } from './lion.js';
