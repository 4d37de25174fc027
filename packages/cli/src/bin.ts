#!/usr/bin/env node
import { exp } from './exp.js';

// `exp`: the only code in Descent that reads argv, prints and exits. Commands live in exp.ts.
let finished = false;
// A backstop: code that ends the process before the command has finished (a plugin's timer calling
// process.exit(0), say) must not look like success. In Node 20, an exit code set in an 'exit' listener
// is the one the process ends with, also after process.exit(0).
process.on('exit', (code) => {
  if (finished || code === 130) return; // 130: a second Ctrl-C, which ends at once on purpose
  process.exitCode = code === 0 ? 1 : code;
  process.stderr.write(`exp: the process was ended (exit code ${code}) before the command finished, by a plugin or other code calling process.exit; treated as a failure (exit code ${process.exitCode})\n`);
});
exp(process.argv.slice(2)).then((code) => {
  finished = true;
  process.exitCode = code;
});
