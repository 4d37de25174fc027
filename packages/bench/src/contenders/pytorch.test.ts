import { BatchSampler } from '@descent/data';
import { rng } from '@descent/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgreementError, checkTrainingAgreement } from '../agreement.js';
import { isRemoteTrainer, type Contender, type MlpSetup, type MlpTrainer, type RemoteMlpTrainer } from '../contender.js';
import { runBenchmark } from '../runBenchmark.js';
import { BENCH_SEED, initialParameters, trainingData, WORKLOADS, type MatmulWorkload, type MlpWorkload } from '../workloads.js';
import { descent } from './descent.js';
import { findTorchPython, noTorchPythonMessage, requireTorchPython, type TorchPython } from './findTorchPython.js';
import { pytorchContender } from './pytorch.js';
import { TorchProcess } from './_torchProcess.js';

const lecture32 = { ...(WORKLOADS[0] as MlpWorkload), id: 'lecture-b32', title: '3-4-1 net, batch 32', batchSize: 32 };
const digits32 = { ...(WORKLOADS[3] as MlpWorkload), id: 'mnist-b32', title: '784-128-10 net, batch 32', batchSize: 32 };

function setupFor(workload: MlpWorkload): MlpSetup {
  return { workload, data: trainingData(workload, { digitsSize: 300 }), initial: initialParameters(workload) };
}

/** Seeded as runBenchmark seeds every contender's sampler, so two of these give the same batches. */
function samplerFor(setup: MlpSetup): BatchSampler {
  return new BatchSampler(setup.data.n, setup.workload.batchSize, rng(BENCH_SEED).stream(`batches/${setup.workload.id}`));
}

function remote(trainer: MlpTrainer | RemoteMlpTrainer): RemoteMlpTrainer {
  if (!isRemoteTrainer(trainer)) throw new Error('expected PyTorch to train in its own process');
  return trainer;
}

// No skipping: without torch every test here fails, saying how to install it (requireTorchPython's message).
let python: TorchPython;
let pytorch: Contender;

beforeAll(() => {
  const found = findTorchPython();
  if (!found) throw new Error(`${noTorchPythonMessage()}; the tests' set-up installs it: run 'bash scripts/setup-test-env.sh' as root from the repo root`);
  python = found;
  pytorch = pytorchContender(python);
}, 60_000);

afterAll(() => pytorch?.dispose?.());

/** Descent (the reference) and PyTorch trained 5 steps on the same batches, compared to 1e-4. */
async function agreementWithDescent(workload: MlpWorkload) {
  const setup = setupFor(workload);
  const contenders = [descent, pytorch].map(async (contender) => ({ name: contender.name, trainer: await contender.mlp!(setup), sampler: samplerFor(setup) }));
  return checkTrainingAgreement(workload.title, await Promise.all(contenders), 5, 1e-4);
}

describe('the PyTorch contender', () => {
  it('trains the 3-4-1 net as Descent does: same losses and parameters after 5 steps of batch 32', async () => {
    const agreement = await agreementWithDescent(lecture32);
    // float32 summed in another order: about 1e-7 apart
    expect(agreement.deviations.pytorch).toBeLessThan(1e-5);
    expect(pytorch.description).toContain(`PyTorch ${python.torchVersion}`);
    expect(pytorch.description).toContain('1 thread');
  }, 30_000);

  it('trains the 784-128-10 relu net on 300 MNIST digits with cross-entropy as Descent does (batch 32)', async () => {
    const agreement = await agreementWithDescent(digits32);
    expect(agreement.deviations.pytorch).toBeLessThan(1e-5);
  }, 30_000);

  it('is caught by the agreement check when it trains with another learning rate', async () => {
    const setup = setupFor(lecture32);
    const wrong = { ...setup, workload: { ...lecture32, lr: lecture32.lr * 1.01 } };
    const check = checkTrainingAgreement(
      lecture32.title,
      [
        { name: 'descent', trainer: await descent.mlp!(setup), sampler: samplerFor(setup) },
        { name: 'pytorch', trainer: await pytorch.mlp!(wrong), sampler: samplerFor(setup) },
      ],
      5,
      1e-4,
    );
    await expect(check).rejects.toThrow(AgreementError);
    await expect(check).rejects.toThrow(/pytorch: relative difference/);
  }, 30_000);

  it('times a block of steps inside Python, training on exactly the batches it was given, in order', async () => {
    const setup = setupFor(lecture32);
    const torchTrainer = remote(await pytorch.mlp!(setup));
    const descentTrainer = (await descent.mlp!(setup)) as MlpTrainer;
    const before = await torchTrainer.parameters();
    const sampler = samplerFor(setup);
    const batches: Int32Array[] = [];
    for (let s = 0; s < 40; s++) {
      const batch = sampler.next();
      batches.push(batch.indices.slice(0, batch.length));
      descentTrainer.step(batch.indices, batch.length);
    }
    const seconds = await torchTrainer.timeSteps(batches);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(5);
    const after = await torchTrainer.parameters();
    // Training moved the weights...
    expect(after[0]).not.toEqual(before[0]);
    // ...to where Descent's 40 steps on the same batches took its own (float32 rounding apart).
    const reference = descentTrainer.parameters();
    after.forEach((p, k) => p.forEach((value, i) => expect(Math.abs(value - reference[k][i])).toBeLessThan(1e-4)));
    torchTrainer.dispose();
  }, 30_000);

  it('takes part in runBenchmark: agreement, a rate of its own from remote blocks, the matmul, then its process ends', async () => {
    const own = pytorchContender(python);
    const lecture4 = { ...lecture32, id: 'lecture-b4', title: '3-4-1 net, batch 4', batchSize: 4 };
    const matmul: MatmulWorkload = { kind: 'matmul', id: 'matmul-32', title: 'matmul 32×32', size: 32 };
    const results = await runBenchmark({ workloads: [lecture4, matmul], contenders: [descent, own], rounds: 2, blockMs: 5, agreementSteps: 3 });
    for (const workload of results.workloads) {
      expect(workload.agreement.deviations.pytorch).toBeLessThan(1e-5);
      expect(workload.results.find((r) => r.contender === 'pytorch')!.rate.rounds.every((rate) => rate > 0)).toBe(true);
      expect(workload.ratios.map((r) => r.versus)).toEqual(['pytorch']);
    }
  }, 30_000);
});

describe('the PyTorch process', () => {
  it('rejects a request Python fails on with Python’s message, keeps serving, and is gone after dispose', async () => {
    const torch = new TorchProcess(python.executable);
    await expect(torch.request({ op: 'no_such_op' })).rejects.toThrow(/'no_such_op' failed in Python: ValueError: unknown op 'no_such_op'; expected one of hello/);
    await expect(torch.request({ op: 'mlp_step', id: 99 })).rejects.toThrow(/no MlpTraining with id 99/);
    expect((await torch.request({ op: 'hello' })).threads).toBe(1);
    const pid = torch.pid!;
    expect(() => process.kill(pid, 0)).not.toThrow();
    torch.dispose();
    await torch.exited;
    // Signal 0 only checks that the process exists.
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    await expect(torch.request({ op: 'hello' })).rejects.toThrow(/disposed/);
  }, 30_000);

  it('says how to install torch when no candidate python has it', () => {
    expect(findTorchPython(['/nonexistent/python3'])).toBeNull();
    expect(() => requireTorchPython(['/nonexistent/python3'])).toThrow(/tried \/nonexistent\/python3; apt install python3-torch, or set DESCENT_PYTHON/);
  });
});
