import { forestImportance, gridImportance } from '@descent/stats';

// A full grid: one point per combination, its metric the mean final loss over the replicates.
const grid = [
  { config: { lr: 0.01, momentum: 0 }, metric: 0.42 },
  { config: { lr: 0.01, momentum: 0.9 }, metric: 0.31 },
  { config: { lr: 0.1, momentum: 0 }, metric: 0.25 },
  { config: { lr: 0.1, momentum: 0.9 }, metric: NaN }, // diverged: counts as the worst finite loss
];
const exact = gridImportance(grid, ['lr', 'momentum'], { goal: 'minimize' });
for (const effect of exact.mainEffects) console.log(`${effect.setting} explains ${(100 * effect.fraction).toFixed(0)} %`);
for (const pair of exact.interactions) console.log(`${pair.settings.join(' × ')} explains ${(100 * pair.fraction).toFixed(0)} %`);

// Sampled configurations (random search): a seeded forest, learning rate on a log scale.
const runs = Array.from({ length: 200 }, (_, i) => {
  const lr = 10 ** (-4 + (3 * ((i * 0.618) % 1)));
  const optimizer = ['sgd', 'adam', 'lion'][i % 3];
  return { config: { lr, optimizer }, metric: (Math.log10(lr) + 2.5) ** 2 + (optimizer === 'sgd' ? 0.5 : 0) };
});
const sampled = forestImportance(runs, [{ name: 'lr', type: 'number', log: true }, { name: 'optimizer', type: 'choice' }], { seed: 'report', goal: 'minimize' });
for (const s of sampled.settings) console.log(`${s.setting}: ${(100 * s.fraction).toFixed(0)} % of the variance (± ${(100 * s.fractionStd).toFixed(0)} over trees)`);
