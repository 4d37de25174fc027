import { parentPort, workerData } from 'node:worker_threads';
import { takeLookShare, type LookWork } from './runFolders.js';

// The thread that takes the look at a sweep folder's runs beside its caller (lookAtRunFoldersAside).
takeLookShare(workerData as LookWork, (message) => parentPort!.postMessage(message));
