import { landscapes } from '@descent/data';
import type { LandscapeConfig } from '@descent/sweep';

/** A 2-D function sampled on a regular grid over its plotting window, for drawing trajectories on its contours. */
export interface LandscapeGrid {
  /** The landscape's name; a report renames it to its `landscapeKey` (name and own settings, e.g. 'ravine (condition=190)') and draws the runs with that key on it. */
  name: string;
  /** Evenly spaced grid coordinates, ascending. */
  x: number[];
  y: number[];
  /** Row-major, y-major: values[j * x.length + i] = f(x[i], y[j]). */
  values: number[];
  /** Landmarks: kind 'minimum', 'saddle', 'maximum' or anything else (shown by name). */
  points: { x: number; y: number; kind: string }[];
}

/** Sample `config`'s landscape on a `resolution` × `resolution` grid over its domain. */
export function sampleLandscape(config: LandscapeConfig, resolution = 80): LandscapeGrid {
  const landscape = landscapes.get(config.name);
  const params = config as unknown as Record<string, never>;
  const axis = ([lo, hi]: [number, number]) => Array.from({ length: resolution }, (_, i) => lo + ((hi - lo) * i) / (resolution - 1));
  const x = axis(landscape.domain.x);
  const y = axis(landscape.domain.y);
  const values: number[] = [];
  for (const yj of y) for (const xi of x) values.push(landscape.value(xi, yj, params));
  return { name: config.name, x, y, values, points: landscape.points.map((p) => ({ ...p })) };
}
