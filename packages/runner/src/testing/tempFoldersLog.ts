/**
 * The environment variable naming the file where tempFolder lists every folder it makes, for the test run's
 * global teardown (scripts/vitest/tempFolders.ts). Its own module, with no vitest import, so that the teardown,
 * which runs outside any test, can import it.
 */
export const TEMP_FOLDERS_LOG = 'DESCENT_TEST_TEMP_FOLDERS';
