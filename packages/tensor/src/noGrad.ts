let gradEnabled = true;

/** Whether ops currently record the graph that backward() walks. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Run `fn` without building a graph: results have requiresGrad false and keep no reference to their inputs.
 * Use it for evaluation and for parameter updates. `fn` must be synchronous (the flag is restored when it returns).
 */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}
