import { describeAccepted, settingProblem } from '@descent/settings';
import type { CatalogSetting } from './catalog.js';
import { didYouMean } from '@descent/settings';
import { describeNode, type Position, type SweepNode } from './tree.js';

export interface ValueIssue {
  /** Where to point, when not at the value itself. */
  at?: Position;
  message: string;
  got: string;
  expected: string;
}

const NUMBER_PATTERN = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * Why a node is not an acceptable value for a declared setting, or null. `settingProblem` decides; this
 * only splits its verdict into the parts of a located message (what is wrong, what was got, what would do).
 */
export function settingIssue(setting: CatalogSetting, node: SweepNode): ValueIssue | null {
  if (setting.type === 'string') {
    if (node.kind === 'scalar' && typeof node.value === 'string') return null;
    return { message: node.kind === 'scalar' && typeof node.value === 'number' ? 'wrong type: quote it to make it text' : 'wrong type', got: describeNode(node), expected: 'a string' };
  }
  const expected = describeAccepted(setting);
  if (node.kind !== 'scalar') return { message: 'wrong type', got: describeNode(node), expected };
  const value = node.value;
  if (settingProblem(setting, value) === null) {
    // A random-search range stands in for its draws: whole-number bounds of a continuous distribution still draw fractions.
    const drawn = node.drawnFrom;
    if (setting.type === 'integer' && drawn !== undefined && drawn.distribution !== 'int_uniform')
      return { at: drawn.pos, message: `${drawn.distribution} draws fractional numbers; use int_uniform`, got: JSON.stringify(drawn.distribution), expected: `int_uniform for ${expected}` };
    return null;
  }
  const gotTyped = describeNode(node, { stringsAsType: true });
  switch (setting.type) {
    case 'boolean':
      return { message: typeof value === 'string' ? 'wrong type: YAML reads only true and false as booleans' : 'wrong type', got: gotTyped, expected };
    case 'choice':
      if (typeof value !== 'string') return { message: 'wrong type', got: gotTyped, expected };
      return { message: `unknown choice${didYouMean(value, setting.choices)}`, got: describeNode(node), expected };
    case 'number':
    case 'integer': {
      if (typeof value === 'string' && NUMBER_PATTERN.test(value))
        return { message: 'wrong type: a number in quotes is a string; remove the quotes', got: gotTyped, expected };
      if (typeof value !== 'number') return { message: 'wrong type', got: gotTyped, expected };
      if (!Number.isFinite(value)) return { message: 'not a finite number', got: gotTyped, expected };
      if (setting.type === 'integer' && !Number.isInteger(value)) return { message: 'not an integer', got: gotTyped, expected };
      return { message: 'out of range', got: gotTyped, expected };
    }
  }
}
