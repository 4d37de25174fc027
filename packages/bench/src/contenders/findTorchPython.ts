import { spawnSync } from 'node:child_process';

/** A Python interpreter that imports torch, the version it reports (`torch.__version__`), and its BLAS. */
export interface TorchPython {
  executable: string;
  torchVersion: string;
  /**
   * The BLAS library torch loaded for a matmul (from /proc/self/maps; symlinks resolved), or null when none
   * shows up as its own file (MKL linked into torch, or not Linux). Debian's torch links whatever provides
   * libblas.so.3: the slow Netlib reference (…/blas/libblas.so.3…) unless OpenBLAS is installed.
   */
  blas: string | null;
}

// Prints torch's version, then the BLAS it uses once a matmul has run (empty line when none is found).
const PROBE = `
import torch
torch.mm(torch.ones(64, 64), torch.ones(64, 64))
try:
    blas = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.lower() and "/" in line})
except OSError:
    blas = []
print(torch.__version__)
print(blas[0] if blas else "")
`;

/**
 * Where to look for a Python with torch: DESCENT_PYTHON when set (alone: an explicit choice is not silently
 * replaced by another interpreter), else Debian's /usr/bin/python3 (where `apt install python3-torch` puts
 * torch), else the python3 on PATH. Trap: on these machines the python3 on PATH is a pyenv one without torch.
 */
export function torchPythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = env.DESCENT_PYTHON?.trim();
  return chosen ? [chosen] : ['/usr/bin/python3', 'python3'];
}

// Importing torch takes 1–2 s, so each list of candidates is probed once per process.
const found = new Map<string, TorchPython | null>();

function probe(executable: string): TorchPython | null {
  const result = spawnSync(executable, ['-c', PROBE], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
  if (result.error || result.status !== 0) return null;
  const [torchVersion, blas] = result.stdout.split('\n').map((line) => line.trim());
  return { executable, torchVersion, blas: blas || null };
}

/** The first candidate whose Python imports torch, or null when none does. */
export function findTorchPython(candidates: readonly string[] = torchPythonCandidates()): TorchPython | null {
  const key = candidates.join('\n');
  if (!found.has(key)) {
    let first: TorchPython | null = null;
    for (const executable of candidates) {
      first = probe(executable);
      if (first) break;
    }
    found.set(key, first);
  }
  return found.get(key)!;
}

/** What to say when no candidate imports torch: what was tried and how to get one. */
export function noTorchPythonMessage(candidates: readonly string[] = torchPythonCandidates()): string {
  return `no python3 with torch found (tried ${candidates.join(', ')}; apt install python3-torch, or set DESCENT_PYTHON to a python that imports torch)`;
}

/** findTorchPython, or an Error saying what was tried and how to install torch. */
export function requireTorchPython(candidates: readonly string[] = torchPythonCandidates()): TorchPython {
  const python = findTorchPython(candidates);
  if (!python) throw new Error(`PyTorch contender: ${noTorchPythonMessage(candidates)}`);
  return python;
}
