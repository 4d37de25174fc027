import { describe, expect, it } from 'vitest';
import { OrderedOutputs, type SweepOutput } from './sweepOutputs.js';

/** A terminal that keeps what is printed where, in order. */
function terminal(isTTY: boolean): SweepOutput & { printed: string[] } {
  const printed: string[] = [];
  return {
    printed,
    log: (line) => printed.push(`out ${line}`),
    error: (line) => printed.push(`err ${line}`),
    progress: { isTTY, write: (text) => printed.push(`bar ${JSON.stringify(text)}`) },
  };
}

describe('OrderedOutputs', () => {
  it('prints the first sweep as it goes and holds each later one until those before it have finished', () => {
    const shown = terminal(false);
    const outputs = new OrderedOutputs(3, shown);
    const [first, second, third] = [0, 1, 2].map((i) => outputs.output(i));
    first.log('first: 1');
    third.log('third: 1');
    second.error('second: warning');
    second.progress.write('2/2 runs done\n');
    expect(shown.printed).toEqual(['out first: 1']);
    // The third finishes before the second: it is still held.
    third.log('third: 2');
    outputs.finish(2);
    expect(shown.printed).toEqual(['out first: 1']);
    first.log('first: 2');
    outputs.finish(0);
    // The second prints what it held, in its order, and from then on as it goes.
    expect(shown.printed).toEqual(['out first: 1', 'out first: 2', 'err second: warning', 'bar "2/2 runs done\\n"']);
    second.log('second: 2');
    expect(shown.printed.at(-1)).toBe('out second: 2');
    outputs.finish(1);
    expect(shown.printed.slice(-2)).toEqual(['out third: 1', 'out third: 2']);
  });

  it("drops a held sweep's bar on a terminal, and the newline that would close it", () => {
    const shown = terminal(true);
    const outputs = new OrderedOutputs(2, shown);
    const [first, second] = [outputs.output(0), outputs.output(1)];
    expect(second.progress.isTTY).toBe(true);
    second.progress.write('\r██░░ 1/2');
    second.log('second: round 1');
    first.progress.write('\r████ 2/2');
    first.progress.write('\n');
    outputs.finish(0);
    // Progress ends the bar it drew while held: nothing to close on the terminal.
    second.progress.write('\n');
    second.progress.write('\r████ 2/2');
    second.progress.write('\n');
    expect(shown.printed).toEqual(['bar "\\r████ 2/2"', 'bar "\\n"', 'out second: round 1', 'bar "\\r████ 2/2"', 'bar "\\n"']);
  });
});
