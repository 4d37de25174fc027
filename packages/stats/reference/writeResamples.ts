// Called by make_reference.py: reads [{ sizes, resamples, seed }] as JSON on stdin and prints, for each
// case, the bootstrap indices this package draws (one array per sample), so that SciPy's formulas are
// applied to exactly the resamples the TypeScript code uses.
import { resampleIndices } from '../src/resample.js';

interface ResampleRequest {
  readonly sizes: number[];
  readonly resamples: number;
  readonly seed: string | number;
}

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const requests = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ResampleRequest[];
const answer = requests.map(({ sizes, resamples, seed }) =>
  resampleIndices(sizes, resamples, seed).map((indices) => Array.from(indices)),
);
process.stdout.write(JSON.stringify(answer));
