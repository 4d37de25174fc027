import type { Settings, SettingValues } from '@descent/settings';

/** A point worth marking on a plot and in a report. */
export interface LandscapePoint {
  x: number;
  y: number;
  kind: 'global minimum' | 'local minimum' | 'saddle';
}

/**
 * A 2-D function whose two coordinates ARE the parameters, for watching optimizers move. The runner
 * treats (x, y) as a 2-parameter model; its gradient noise, if any, is added by the runner.
 */
export interface Landscape<S extends Settings = Settings> {
  name: string;
  description: string;
  /** Declared parameters (e.g. the ravine's condition number). */
  settings: S;
  /** Default starting point. */
  start: [number, number];
  /** Plotting window. */
  domain: { x: [number, number]; y: [number, number] };
  /** Minima and saddles (for every value of the settings). */
  points: LandscapePoint[];
  value(x: number, y: number, params: SettingValues<S>): number;
  /** Writes [∂f/∂x, ∂f/∂y] into `out`. */
  gradient(x: number, y: number, params: SettingValues<S>, out: Float64Array): void;
}

/** Returns its argument: exists only so TypeScript infers `params` from the declared `settings`. */
export function defineLandscape<const S extends Settings>(landscape: Landscape<S>): Landscape<S> {
  return landscape;
}
