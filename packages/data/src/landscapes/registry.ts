import { indexByName, unknownNameError } from '../_namedRegistry.js';
import type { Landscape } from './landscape.js';
import { ravine } from './ravine.js';
import { rosenbrock } from './rosenbrock.js';
import { saddle } from './saddle.js';
import { twoMinima } from './two_minima.js';

/** Every built-in landscape, in the order they are listed to users. */
export const landscapes: readonly Landscape[] = [ravine, rosenbrock, saddle, twoMinima];

const byName = indexByName('landscape', landscapes);

/** The landscape called `name`; an unknown name throws with the closest known names. */
export function getLandscape(name: string): Landscape {
  const landscape = byName.get(name);
  if (landscape === undefined) throw unknownNameError('landscape', name, landscapeNames());
  return landscape;
}

export function landscapeNames(): string[] {
  return landscapes.map((landscape) => landscape.name);
}
