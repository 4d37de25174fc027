import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { renderPlot, roundCoordinates } from './_plot.js';

describe('roundCoordinates', () => {
  it('rounds positions and sizes to 0.1 px, and drops the space before a self-closing slash', () => {
    expect(roundCoordinates('<circle stroke="#0072B2" r="2.5" cy="55.54905720780867" cx="56" />')).toBe('<circle stroke="#0072B2" r="2.5" cy="55.5" cx="56"/>');
    expect(roundCoordinates('<path d="M0,0L-6,0" transform="translate(56,298.34478649065335)" />')).toBe('<path d="M0,0L-6,0" transform="translate(56,298.3)"/>');
    expect(roundCoordinates('<rect x="0.004999" width="12.3456" height="7" />')).toBe('<rect x="0" width="12.3" height="7"/>');
  });

  it('leaves text, titles and other attributes exactly as they were', () => {
    const text = '<text x="1.23456" data-value="0.123456" fill-opacity="0.15">0.123456<title>lr 0.0017782794</title></text>';
    expect(roundCoordinates(text)).toBe('<text x="1.2" data-value="0.123456" fill-opacity="0.15">0.123456<title>lr 0.0017782794</title></text>');
  });

  it('is what renderPlot writes: no position carries more than two decimals', () => {
    const chart = renderPlot('round-test', {
      marks: [Plot.dot([{ x: 1 / 3, y: 2 / 3 }, { x: 1 / 7, y: Math.PI }], { x: 'x', y: 'y' })],
    }).value;
    expect(chart).toMatch(/<circle [^>]*cx="/);
    expect(chart).not.toMatch(/\s(?:cx|cy|x|y|transform)="[^"]*\d\.\d{3,}/);
  });
});
