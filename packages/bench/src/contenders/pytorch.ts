import { endianness } from 'node:os';
import type { Contender, MatmulSetup, MlpSetup, RemoteMatmulRunner, RemoteMlpTrainer } from '../contender.js';
import type { TorchPython } from './findTorchPython.js';
import { TorchProcess } from './_torchProcess.js';

/** Raw bytes of a typed array as base64 (the Python side reads them as little-endian float32 / int32). */
function toBase64(values: Float32Array | Int32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** base64 of raw little-endian float32 bytes → a Float32Array (copied: the decoded Buffer may be unaligned). */
function float32FromBase64(text: unknown): Float32Array {
  if (typeof text !== 'string') throw new Error(`PyTorch contender: expected a base64 float32 array, got ${typeof text}`);
  const bytes = Buffer.from(text, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function numberField(response: Record<string, unknown>, field: string): number {
  const value = response[field];
  if (typeof value !== 'number') throw new Error(`PyTorch contender: the answer has no number '${field}': ${JSON.stringify(response).slice(0, 200)}`);
  return value;
}

/** The workload's network in torch (nn.Linear layers, SGD with momentum), trained and timed in the Python process. */
class TorchTrainer implements RemoteMlpTrainer {
  private constructor(
    private readonly torch: TorchProcess,
    private readonly id: number,
  ) {}

  static async create(torch: TorchProcess, setup: MlpSetup): Promise<TorchTrainer> {
    const { workload, data, initial } = setup;
    const response = await torch.request({
      op: 'mlp_setup',
      sizes: workload.sizes,
      hidden: workload.hidden,
      output: workload.output,
      loss: workload.loss,
      lr: workload.lr,
      momentum: workload.momentum,
      n: data.n,
      d: data.d,
      outputs: data.outputs,
      inputs: toBase64(data.inputs),
      targets: data.targets && toBase64(data.targets),
      labels: data.labels && toBase64(data.labels),
      weights: initial.weights.map(toBase64),
      biases: initial.biases.map(toBase64),
    });
    return new TorchTrainer(torch, numberField(response, 'id'));
  }

  async step(indices: Int32Array, length: number): Promise<number> {
    return numberField(await this.torch.request({ op: 'mlp_step', id: this.id, indices: toBase64(indices.subarray(0, length)) }), 'loss');
  }

  async parameters(): Promise<Float32Array[]> {
    const response = await this.torch.request({ op: 'mlp_parameters', id: this.id });
    return (response.parameters as unknown[]).map(float32FromBase64);
  }

  async timeSteps(batches: readonly Int32Array[]): Promise<number> {
    const lengths = batches.map((b) => b.length);
    const indices = new Int32Array(lengths.reduce((sum, n) => sum + n, 0));
    let offset = 0;
    for (const batch of batches) {
      indices.set(batch, offset);
      offset += batch.length;
    }
    return numberField(await this.torch.request({ op: 'mlp_time', id: this.id, indices: toBase64(indices), lengths }), 'seconds');
  }

  dispose(): void {
    // Nobody waits for this answer; after the process itself was disposed the request just rejects.
    this.torch.request({ op: 'drop', id: this.id }).catch(() => {});
  }
}

/** torch.mm into a preallocated C (out=), in the Python process. */
class TorchMatmul implements RemoteMatmulRunner {
  private constructor(
    private readonly torch: TorchProcess,
    private readonly id: number,
  ) {}

  static async create(torch: TorchProcess, setup: MatmulSetup): Promise<TorchMatmul> {
    const response = await torch.request({ op: 'matmul_setup', n: setup.workload.size, a: toBase64(setup.a), b: toBase64(setup.b) });
    return new TorchMatmul(torch, numberField(response, 'id'));
  }

  async multiply(): Promise<void> {
    await this.timeMultiplies(1);
  }

  async result(): Promise<Float32Array> {
    return float32FromBase64((await this.torch.request({ op: 'matmul_result', id: this.id })).c);
  }

  async timeMultiplies(count: number): Promise<number> {
    return numberField(await this.torch.request({ op: 'matmul_time', id: this.id, count }), 'seconds');
  }

  dispose(): void {
    this.torch.request({ op: 'drop', id: this.id }).catch(() => {});
  }
}

/** Start the Python process and check that it runs torch on one thread, as the comparison promises. */
async function startTorch(python: TorchPython): Promise<TorchProcess> {
  const torch = new TorchProcess(python.executable);
  try {
    const hello = await torch.request({ op: 'hello' });
    if (hello.threads !== 1 || hello.interop_threads !== 1) {
      throw new Error(`PyTorch contender: torch runs ${String(hello.threads)} threads (${String(hello.interop_threads)} inter-op); the comparison needs 1`);
    }
    return torch;
  } catch (error) {
    torch.dispose();
    throw error;
  }
}

/**
 * PyTorch on the CPU, one thread, in its own python3 process (started on first use, shared by all of this
 * contender's trainers and matmuls, ended by dispose()). Its timed blocks run inside that process; see
 * python/torch_contender.py.
 */
export function pytorchContender(python: TorchPython): Contender {
  // Arrays cross as raw bytes, and torch_contender.py reads them as little-endian.
  if (endianness() !== 'LE') throw new Error('PyTorch contender: this machine is big-endian; the contender ships arrays as little-endian bytes');
  let started: Promise<TorchProcess> | null = null;
  const torch = () => {
    started ??= startTorch(python).catch((error: unknown) => {
      started = null;
      throw error;
    });
    return started;
  };
  return {
    name: 'pytorch',
    label: 'PyTorch',
    description: `PyTorch ${python.torchVersion} on the CPU, 1 thread (${python.executable}${python.blas ? `, BLAS ${python.blas}` : ''}): torch.nn.Linear layers, F.mse_loss or F.cross_entropy, torch.optim.SGD with momentum, loss.item() every step; timed inside its own process around the training loop, with the data and every batch's indices shipped before the clock starts. Matmul: torch.mm into a preallocated out=.`,
    mlp: async (setup) => TorchTrainer.create(await torch(), setup),
    matmul: async (setup) => TorchMatmul.create(await torch(), setup),
    dispose() {
      const current = started;
      started = null;
      void current?.then((process) => process.dispose()).catch(() => {});
    },
  };
}
