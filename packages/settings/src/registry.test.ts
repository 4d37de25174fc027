import { describe, expect, it } from 'vitest';
import { createRegistry } from './registry.js';

interface Shape {
  name: string;
  sides: number;
}

const triangle: Shape = { name: 'triangle', sides: 3 };
const square: Shape = { name: 'square', sides: 4 };
const pentagon: Shape = { name: 'pentagon', sides: 5 };
const shapes = createRegistry('shape', [triangle, square, pentagon]);

describe('createRegistry', () => {
  it('finds items by name, in the order they were given', () => {
    expect(shapes.kind).toBe('shape');
    expect(shapes.names()).toEqual(['triangle', 'square', 'pentagon']);
    expect(shapes.list()).toEqual([triangle, square, pentagon]);
    expect(shapes.get('square')).toBe(square);
    expect(shapes.has('square')).toBe(true);
    expect(shapes.has('hexagon')).toBe(false);
    expect(shapes.sourceOf('square')).toBe('built-in');
    expect(shapes.nameIssue('square')).toBeNull();
  });

  it('answers an unknown name with the kind, the name given, the closest names and every accepted name', () => {
    const accepted = '(expected one of triangle, square, pentagon)';
    expect(() => shapes.get('sqare')).toThrow(`unknown shape 'sqare'; did you mean 'square'? ${accepted}`);
    expect(() => shapes.get('hexagon')).toThrow(`unknown shape 'hexagon' ${accepted}`);
    expect(() => shapes.sourceOf('hexagon')).toThrow(`unknown shape 'hexagon' ${accepted}`);
    expect(shapes.nameIssue('Triangle')).toBe(`unknown shape 'Triangle'; did you mean 'triangle'? ${accepted}`);
    // Several close names, best first (the rule of closest.ts).
    expect(createRegistry('dataset', [{ name: 'moons' }, { name: 'moon2' }]).nameIssue('moon')).toBe(
      "unknown dataset 'moon'; did you mean 'moons' or 'moon2'? (expected one of moons, moon2)",
    );
  });

  it('describes a value that is not a string as what it is', () => {
    expect(shapes.nameIssue(3)).toBe('unknown shape 3 (expected one of triangle, square, pentagon)');
    expect(shapes.nameIssue(undefined)).toBe('unknown shape undefined (expected one of triangle, square, pentagon)');
    expect(shapes.nameIssue(function circle() {})).toBe('unknown shape function circle (expected one of triangle, square, pentagon)');
    expect(createRegistry('shape', []).nameIssue('square')).toBe("unknown shape 'square' (expected nothing (none are registered))");
  });

  it("does not find Object.prototype's members under their names", () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(shapes.has(name), name).toBe(false);
      expect(() => shapes.get(name), name).toThrow(`unknown shape '${name}' (expected one of triangle, square, pentagon)`);
    }
    const odd = createRegistry('shape', [{ name: '__proto__', sides: 0 }, { name: 'constructor', sides: 1 }]);
    expect(odd.get('__proto__').sides).toBe(0);
    expect(odd.get('constructor').sides).toBe(1);
    expect(odd.names()).toEqual(['__proto__', 'constructor']);
  });

  it('rejects a duplicate name, naming both sources', () => {
    expect(() => createRegistry('shape', [triangle, { ...triangle }])).toThrow("shape 'triangle' is defined twice by built-in; rename one of them");
    expect(() => shapes.with([{ name: 'square', sides: 4 }], 'plugins/quad.ts')).toThrow(
      "shape 'square' is defined by built-in and again by plugins/quad.ts; rename one of them",
    );
    expect(() => createRegistry<Shape>('shape', [], 'a.ts').with([square, square], 'b.ts')).toThrow("shape 'square' is defined twice by b.ts; rename one of them");
    expect(() => shapes.with([{ name: 'hexagon', sides: 6 }], 'a.ts').with([{ name: 'hexagon', sides: 6 }], 'b.ts')).toThrow(
      "shape 'hexagon' is defined by a.ts and again by b.ts; rename one of them",
    );
  });

  it('with() returns a new registry and leaves the old one as it was', () => {
    const hexagon: Shape = { name: 'hexagon', sides: 6 };
    const bigger = shapes.with([hexagon], 'plugins/hexagon.ts');
    expect(bigger.get('hexagon')).toBe(hexagon);
    expect(bigger.sourceOf('hexagon')).toBe('plugins/hexagon.ts');
    expect(bigger.sourceOf('square')).toBe('built-in');
    expect(bigger.names()).toEqual(['triangle', 'square', 'pentagon', 'hexagon']);
    expect(bigger.kind).toBe('shape');
    expect(shapes.has('hexagon')).toBe(false);
    expect(shapes.names()).toEqual(['triangle', 'square', 'pentagon']);
    // A failed `with` changes nothing either.
    expect(() => shapes.with([hexagon, square], 'plugins/both.ts')).toThrow();
    expect(shapes.has('hexagon')).toBe(false);
  });

  it('hands out copies, so a caller cannot change what it holds', () => {
    shapes.names().push('circle');
    shapes.list().pop();
    expect(shapes.names()).toEqual(['triangle', 'square', 'pentagon']);
    expect(shapes.list()).toEqual([triangle, square, pentagon]);
  });
});
