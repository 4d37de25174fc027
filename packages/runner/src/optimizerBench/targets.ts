// Written by deriveTargets.ts (`pnpm --filter @descent/runner derive-targets <suite>`), with the quick budget (8 trials and
// 3 replicates per built-in on the published variant); not edited by hand. The rule is deriveTargets's doc comment.
export const DERIVED_TARGETS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  "tiny-v1": {
    "ravine": 0.0042,
    "saddle": -0.375,
    "least-squares": 0.000118
  },
  "v2": {
    "ravine": 0.0124,
    "rosenbrock": 0.000191,
    "saddle": -0.375,
    "double-well": 0,
    "least-squares": 0.0000738,
    "lecture": 0.000407,
    "moons": 0.232,
    "digits": 0.819
  }
};
