import { describe, expect, it } from 'vitest';
import { optimizerNamesWritten } from './optimizerNames.js';
import { parseSweepText } from './parse.js';

const namesIn = (yaml: string) => optimizerNamesWritten(parseSweepText(yaml, 'x.yaml').doc);

describe('optimizerNamesWritten', () => {
  it('finds every place an optimizer name can be written, claims apart', () => {
    const found = namesIn(`
name: adam
description: sgd versus lion
plugins: [./lion.ts]
optimizer: { name: sgd, lr: 0.1 }
base: &b { name: momentum, lr: 0.01 }
parameters:
  optimizer:
    values:
      - { name: adam, lr: 0.001 }
      - *b
  optimizer.name: { distribution: categorical, values: [rmsprop, lion] }
  problem.dataset.name: { values: [digits] }
claims:
  - { claim: x, metric: final_loss, a: { optimizer.name: nesterov }, b: { optimizer.name: sgd }, expect: a < b }
`);
    expect([...found.runs].sort()).toEqual(['adam', 'lion', 'momentum', 'rmsprop', 'sgd']);
    expect([...found.claims].sort()).toEqual(['nesterov', 'sgd']);
  });
});
