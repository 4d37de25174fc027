import { declarationProblem, didYouMean } from '@descent/settings';
import { invariances } from './optimizer.js';
import { describeKind } from './state.js';

/** The keys an optimizer object has; a module export with two or more of them is taken for an attempt at one. */
export const optimizerKeys = ['name', 'description', 'rule', 'hyperparameters', 'init', 'update'] as const;

/** A sweep names optimizers in YAML, so names stay simple. */
const namePattern = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * What is wrong with a would-be optimizer object (for plugin authors): missing or mistyped name,
 * description, rule, init or update; badly declared hyperparameters; no `lr`. Empty when it is fine.
 */
export function optimizerProblems(candidate: unknown): string[] {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate))
    return [`it is ${describeKind(candidate)}, not an optimizer object { ${optimizerKeys.join(', ')} }`];
  const o = candidate as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof o.name !== 'string' || !namePattern.test(o.name))
    problems.push(`name is ${o.name === undefined ? 'missing' : JSON.stringify(o.name)}; expected a string of letters, digits, '_' or '-' starting with a letter, e.g. 'lion'`);
  for (const key of ['description', 'rule'] as const) {
    const value = o[key];
    if (typeof value !== 'string' || value.trim() === '')
      problems.push(`${key} is ${value === undefined ? 'missing' : describeKind(value)}; expected a non-empty one-line string${key === 'rule' ? ", e.g. 'θ ← θ − α·g'" : ''}`);
    else if (value.includes('\n')) problems.push(`${key} spans several lines; keep it to one line`);
  }
  for (const key of ['init', 'update'] as const) {
    if (typeof o[key] !== 'function') problems.push(`${key} is ${o[key] === undefined ? 'missing' : describeKind(o[key])}; expected a function`);
  }
  const hyperparameters = o.hyperparameters;
  if (typeof hyperparameters !== 'object' || hyperparameters === null || Array.isArray(hyperparameters)) {
    problems.push(`hyperparameters is ${hyperparameters === undefined ? 'missing' : describeKind(hyperparameters)}; expected an object of declarations like { lr: { type: 'number', default: 0.01, min: 0, log: true, description: 'learning rate' } }`);
    return problems;
  }
  for (const [key, setting] of Object.entries(hyperparameters)) {
    const problem = declarationProblem(key, setting);
    if (problem !== null) problems.push(`hyperparameter ${problem}`);
  }
  problems.push(...invarianceProblems(o.invariances));
  const lr = (hyperparameters as Record<string, { type?: unknown }>).lr;
  if (lr === undefined) problems.push(`hyperparameters has no 'lr'; every optimizer declares a learning rate (the schedule scales it)`);
  else if (lr.type !== 'number') problems.push(`hyperparameter 'lr' has type ${JSON.stringify(lr.type)}; expected 'number'`);
  return problems;
}

/** An optional list of names from `invariances`; anything else is refused with the accepted list. */
function invarianceProblems(declared: unknown): string[] {
  if (declared === undefined) return [];
  const accepted = `accepted: ${invariances.map((name) => `'${name}'`).join(', ')}`;
  if (!Array.isArray(declared)) return [`invariances is ${describeKind(declared)}; expected a list of names (${accepted})`];
  return declared.flatMap((name, index) =>
    (invariances as readonly unknown[]).includes(name)
      ? []
      : [`invariances[${index}] is ${typeof name === 'string' ? `'${name}'` : describeKind(name)}, an invariance the kit does not know${typeof name === 'string' ? didYouMean(name, invariances) : ''} (${accepted})`],
  );
}
