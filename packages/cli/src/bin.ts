#!/usr/bin/env node
import { exp } from './exp.js';

// `exp`: the only code in Descent that reads argv, prints and exits. Commands live in exp.ts.
exp(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
