import { parentPort, workerData } from 'node:worker_threads';
import { lookAtRunFolders, lookMessage } from './runFolders.js';

// The thread that takes the look at a sweep folder's runs (lookAtRunFoldersAside): workerData is the folder.
try {
  parentPort!.postMessage(lookMessage(lookAtRunFolders(workerData as string)));
} catch (error) {
  parentPort!.postMessage({ error: String(error) });
}
