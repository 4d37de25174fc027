// The few d3 functions the page script uses, typed by hand: the d3 packages ship no types and @types/d3-*
// is not in this workspace. Only what is called is declared; widen it when the script needs more.

declare module 'd3-selection' {
  export interface Selection<E extends Element> {
    call<A extends unknown[]>(callback: (selection: Selection<E>, ...args: A) => void, ...args: A): Selection<E>;
    attr(name: string, value: string | number): Selection<E>;
    node(): E | null;
  }
  export function select<E extends Element>(node: E): Selection<E>;
}

declare module 'd3-brush' {
  import type { Selection } from 'd3-selection';
  /** [[x0, y0], [x1, y1]] in the SVG's user units. */
  export type Extent = [[number, number], [number, number]];
  export interface BrushEvent {
    /** [y0, y1] (brushY) in pixels, y0 < y1; null when the brush was cleared. */
    selection: [number, number] | null;
    /** The input event behind this one; undefined when code moved the brush (brush.move). */
    sourceEvent: Event | undefined;
    type: 'start' | 'brush' | 'end';
  }
  export interface BrushBehavior {
    (selection: Selection<SVGGElement>): void;
    extent(extent: Extent): BrushBehavior;
    on(typenames: string, listener: (event: BrushEvent) => void): BrushBehavior;
    move(selection: Selection<SVGGElement>, extent: [number, number] | null): void;
  }
  export function brushY(): BrushBehavior;
}

declare module 'd3-scale' {
  export interface ContinuousScale {
    (value: number): number;
    invert(value: number): number;
    domain(domain: [number, number]): ContinuousScale;
    range(range: [number, number]): ContinuousScale;
    ticks(count?: number): number[];
    tickFormat(count?: number, specifier?: string): (value: number) => string;
  }
  export function scaleLinear(): ContinuousScale;
  export function scaleLog(): ContinuousScale;
}
