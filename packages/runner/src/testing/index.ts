/** Test helpers for other packages' tests (`@descent/runner/testing`). Not for production code. */
export { startLocalRedis } from '../queue/_localRedis.js';
export type { LocalRedis } from '../queue/_localRedis.js';
export { tempFolder } from './tempFolder.js';
export { crampedFolder, type CrampedFolder } from './crampedFolder.js';
