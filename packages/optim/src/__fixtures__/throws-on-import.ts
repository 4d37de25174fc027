// A plugin whose top-level code throws while it is being imported.
export const ready = false;
throw new Error('the fixture refuses to load');
