import { createRegistry, type Registry } from '@descent/settings';
import type { Landscape } from './landscape.js';
import { ravine } from './ravine.js';
import { rosenbrock } from './rosenbrock.js';
import { saddle } from './saddle.js';
import { twoMinima } from './two_minima.js';

/** Every built-in landscape by name, in the order they are listed to users. */
export const landscapes: Registry<Landscape> = createRegistry('landscape', [ravine, rosenbrock, saddle, twoMinima]);
