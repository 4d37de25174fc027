#!/usr/bin/env python3
"""Reference values for @descent/stats, computed by SciPy / statsmodels for fixed inputs.

Run from packages/stats with Debian's Python (python3-scipy 1.10, python3-numpy, python3-statsmodels):

    /usr/bin/python3 reference/make_reference.py      # or: pnpm reference

It writes reference/expected.json, which the vitest suite reads (the tests never run Python).
The bootstrap cases need this package's own resamples: the script asks reference/writeResamples.ts (through
node + tsx) for the indices the TypeScript code draws from each seed, then applies SciPy's percentile and
BCa code (scipy.stats._resampling._bca_interval, _percentile_along_axis, numpy.percentile) to exactly those
resamples. It stores a SHA-256 of the indices so a changed generator is reported as such.
Means are math.fsum(x) / n (correctly rounded), as in the TypeScript code, so that a resample that merely
permutes the data has exactly the data's mean and BCa's "fraction below the estimate" counts the same.
"""
import hashlib
import json
import math

import mpmath
import os
import re
import subprocess
import sys
import warnings

import numpy as np
import scipy
import scipy.special
import scipy.stats
import statsmodels
from scipy.stats import _resampling
from statsmodels.stats.multitest import multipletests

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)


def rounded(rng, values, decimals=3):
    return [round(float(v), decimals) for v in values]


def distinct_magnitudes(values):
    magnitudes = [abs(v) for v in values if v != 0]
    return len(set(magnitudes)) == len(magnitudes) and 0 not in values


def random_differences(seed, n, shift, scale=1.0):
    """n differences N(shift, scale²) rounded to 4 decimals, drawn again until |d| has no ties and no zeros."""
    rng = np.random.default_rng(seed)
    while True:
        values = rounded(rng, rng.normal(shift, scale, n), 4)
        if distinct_magnitudes(values):
            return values


# ---------------------------------------------------------------------------------------------- inputs
# Paired differences d_k = A_k - B_k: small and medium n, positive and negative effects, ties and zeros.
DIFFERENCES = {
    'n1': [0.5],
    'n5 all positive': [0.8, 1.3, 0.4, 2.1, 0.9],
    'n6 mixed': [1.5, -0.3, 2.2, 0.7, -1.1, 3.4],
    'n7 one zero': [0.6, -0.2, 1.7, 0.0, 2.5, 0.9, -0.4],
    'n8 negative': random_differences(8, 8, -0.9),
    'n10 null': random_differences(10, 10, 0.0),
    'n12 ties': [1, 2, 2, 3, -1, 4, 2, -3, 5, 1, 6, 3],
    'n15 zeros and ties': [0, 0.5, -0.5, 1.0, 0, 1.5, 2.0, 1.0, -0.25, 0, 3.0, 0.75, 1.5, -1.0, 2.0],
    'n15 positive': random_differences(15, 15, 0.6),
    'n20 small effect': random_differences(20, 20, 0.25),
    'n30 negative': random_differences(30, 30, -0.4),
    'n40 null': random_differences(40, 40, 0.05),
    'n50 positive': random_differences(50, 50, 0.3),
    'n60 positive': random_differences(60, 60, 0.3),
}

# Independent samples (metric values of A and of B).
def random_sample(seed, n, location, decimals=4):
    rng = np.random.default_rng(seed)
    return rounded(rng, rng.normal(location, 1.0, n), decimals)


TWO_SAMPLES = {
    '5 vs 6': (random_sample(101, 5, 1.0), random_sample(102, 6, 0.0)),
    '10 vs 12': (random_sample(103, 10, 0.3), random_sample(104, 12, 0.0)),
    '30 vs 25': (random_sample(105, 30, -0.5), random_sample(106, 25, 0.0)),
    '8 vs 9 ties': ([3, 5, 5, 7, 2, 8, 6, 5], [4, 2, 3, 5, 1, 2, 4, 3, 6]),
    '40 vs 40 ties': (random_sample(107, 40, 0.4, 1), random_sample(108, 40, 0.0, 1)),
    '60 vs 55': (random_sample(109, 60, 0.2), random_sample(110, 55, 0.0)),
}

HOLM = [
    [0.01, 0.04, 0.03, 0.005],
    [0.02, 0.02, 0.5, 0.001],
    [0.3, 0.6, 0.9, 0.2, 0.8],
    [0.04],
    [0.0, 1.0, 0.049, 0.012, 0.012, 0.3],
    [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01],
]

NORMAL_X = [-20, -10, -8.3, -6, -5, -4, -3.5, -3, -2.5, -1.96, -1, -0.5, -1e-5, 0, 0.3, 1, 1.6448536, 2, 2.9999, 3,
            3.1, 5, 8]
NORMAL_P = [1e-300, 1e-20, 1e-10, 1e-5, 0.001, 0.0125, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.49, 0.5, 0.51, 0.75, 0.9,
            0.975, 0.99, 0.999999]
T_P = [0.6, 0.9, 0.95, 0.975, 0.995, 0.9995]
T_DF = [1, 2, 3, 4, 5, 7, 10, 19, 29, 39, 58, 100, 500]
T_X = [-40, -3.2, -1, -0.1, 0.5, 1.96, 2.5, 7]

# Bootstrap with the same resamples: one sample = paired differences, two = independent samples.
BOOTSTRAP = [
    {'name': 'paired n5', 'samples': [DIFFERENCES['n5 all positive']], 'seed': 'n5', 'resamples': 2000},
    {'name': 'paired n8 integers', 'samples': [[2, -1, 3, 3, 0, 5, 1, 2]], 'seed': 7, 'resamples': 2000},
    {'name': 'paired n15 zeros and ties', 'samples': [DIFFERENCES['n15 zeros and ties']], 'seed': 'zeros',
     'resamples': 2000},
    {'name': 'paired n30 negative', 'samples': [DIFFERENCES['n30 negative']], 'seed': 'n30', 'resamples': 2000,
     'confidence': 0.9},
    {'name': 'paired n40 default resamples', 'samples': [DIFFERENCES['n40 null']], 'seed': 'descent',
     'resamples': 10000},
    {'name': 'independent 5 vs 6', 'samples': list(TWO_SAMPLES['5 vs 6']), 'seed': 'i56', 'resamples': 2000},
    {'name': 'independent 8 vs 9 ties', 'samples': [list(map(float, s)) for s in TWO_SAMPLES['8 vs 9 ties']],
     'seed': 'ties', 'resamples': 2000},
    {'name': 'independent 30 vs 25', 'samples': list(TWO_SAMPLES['30 vs 25']), 'seed': 'i3025',
     'resamples': 3000, 'confidence': 0.99},
]

# SciPy's own bootstrap (its own random resamples) on large samples: agreement only within Monte Carlo error.
LARGE = [
    {'name': 'paired n200', 'samples': [random_sample(201, 200, 0.3)]},
    {'name': 'independent 150 vs 120', 'samples': [random_sample(202, 150, 0.5), random_sample(203, 120, 0.0)]},
]


# ------------------------------------------------------------------------------------------ statistics
def fsum_mean(x, axis=-1):
    x = np.moveaxis(np.asarray(x, dtype=float), axis, -1)
    return np.apply_along_axis(lambda v: math.fsum(v) / len(v), -1, x)


def statistic_one(x, axis=-1):
    return fsum_mean(x, axis)


def statistic_two(x, y, axis=-1):
    return fsum_mean(x, axis) - fsum_mean(y, axis)


def t_quantile(p, df):
    """Student's t quantile to 40 digits with mpmath: SciPy 1.10's t.ppf (Cephes stdtrit) is only good to ~1e-9."""
    mpmath.mp.dps = 40
    nu = mpmath.mpf(df)

    def cdf(t):
        upper = mpmath.betainc(nu / 2, mpmath.mpf(1) / 2, 0, nu / (nu + t * t), regularized=True) / 2
        return 1 - upper if t > 0 else upper

    root = mpmath.findroot(lambda t: cdf(t) - mpmath.mpf(p), mpmath.mpf(float(scipy.stats.t.ppf(p, df))))
    return float(root)


def exact_or_normal_wilcoxon(d):
    """The TypeScript rule: exact when n <= 50 with no zeros and no tied |d|, else normal approximation."""
    nonzero = [v for v in d if v != 0]
    exact = len(nonzero) <= 50 and len(nonzero) == len(d) and distinct_magnitudes(d)
    method = 'exact' if exact else 'approx'
    result = scipy.stats.wilcoxon(d, method=method)
    entry = {'statistic': float(result.statistic), 'pValue': float(result.pvalue),
             'method': 'exact' if exact else 'normal'}
    if not exact:
        entry['zStatistic'] = float(result.zstatistic)
    return entry


def mann_whitney(a, b):
    both = a + b
    exact = len(set(both)) == len(both) and len(a) <= 50 and len(b) <= 50
    result = scipy.stats.mannwhitneyu(a, b, method='exact' if exact else 'asymptotic')
    return {'statistic': float(result.statistic), 'pValue': float(result.pvalue),
            'method': 'exact' if exact else 'normal'}


def resamples_from_typescript(cases):
    requests = [{'sizes': [len(s) for s in case['samples']], 'resamples': case['resamples'], 'seed': case['seed']}
                for case in cases]
    output = subprocess.run(
        ['node', '--conditions=development', '--import', 'tsx', os.path.join(HERE, 'writeResamples.ts')],
        input=json.dumps(requests), capture_output=True, text=True, check=True, cwd=PACKAGE)
    return json.loads(output.stdout)


def indices_digest(indices):
    digest = hashlib.sha256()
    for sample_indices in indices:
        digest.update(np.asarray(sample_indices, dtype='<i4').tobytes())
    return digest.hexdigest()


def bootstrap_same_resamples(case, indices):
    samples = [np.asarray(s, dtype=float) for s in case['samples']]
    statistic = statistic_one if len(samples) == 1 else statistic_two
    resamples = case['resamples']
    rows = [np.asarray(ix, dtype=np.int64).reshape(resamples, len(s)) for ix, s in zip(indices, samples)]
    theta_hat_b = np.array([
        statistic(*[s[row[r]] for s, row in zip(samples, rows)]) for r in range(resamples)], dtype=float)
    confidence = case.get('confidence', 0.95)
    alpha = (1 - confidence) / 2  # as scipy.stats.bootstrap computes it
    alpha_1, alpha_2, a_hat = _resampling._bca_interval(samples, statistic, axis=-1, alpha=alpha,
                                                        theta_hat_b=theta_hat_b, batch=None)
    return {
        'name': case['name'],
        'samples': case['samples'],
        'seed': case['seed'],
        'resamples': resamples,
        'confidence': confidence,
        'indicesSha256': indices_digest(indices),
        'estimate': float(statistic(*samples)),
        'percentile': [float(np.percentile(theta_hat_b, alpha * 100)),
                       float(np.percentile(theta_hat_b, (1 - alpha) * 100))],
        'bca': [float(_resampling._percentile_along_axis(theta_hat_b, alpha_1 * 100)),
                float(_resampling._percentile_along_axis(theta_hat_b, alpha_2 * 100))],
        'acceleration': float(a_hat),
        'standardError': float(np.std(theta_hat_b, ddof=1)),
    }


def scipy_bootstrap(case):
    samples = [np.asarray(s, dtype=float) for s in case['samples']]
    statistic = statistic_one if len(samples) == 1 else statistic_two
    entry = {'name': case['name'], 'samples': case['samples'], 'resamples': 10000, 'confidence': 0.95}
    for method in ['percentile', 'BCa']:
        result = scipy.stats.bootstrap(samples, statistic, n_resamples=10000, method=method, vectorized=True,
                                       random_state=np.random.default_rng(20261206))
        entry[method.lower()] = [float(result.confidence_interval.low), float(result.confidence_interval.high)]
        entry['standardError'] = float(result.standard_error)
    return entry


def main():
    # The normal approximation on 6 non-zero differences is what the TypeScript does too; SciPy's warning is known.
    warnings.filterwarnings('ignore', message='Sample size too small for normal approximation')
    bootstrap_indices = resamples_from_typescript(BOOTSTRAP)
    reference = {
        'generatedBy': 'packages/stats/reference/make_reference.py',
        'versions': {'python': sys.version.split()[0], 'numpy': np.__version__, 'scipy': scipy.__version__, 'mpmath': mpmath.__version__,
                     'statsmodels': statsmodels.__version__},
        'normal': {
            'cdf': [[x, float(scipy.special.ndtr(x))] for x in NORMAL_X],
            'quantile': [[p, float(scipy.special.ndtri(p))] for p in NORMAL_P],
        },
        'studentTQuantile': [[p, df, t_quantile(p, df)] for df in T_DF for p in T_P],
        'studentTCdf': [[x, df, float(scipy.stats.t.cdf(x, df))] for df in T_DF for x in T_X],
        'signTest': [
            {'name': name, 'differences': d,
             'pValue': float(scipy.stats.binomtest(sum(v > 0 for v in d), sum(v != 0 for v in d)).pvalue)}
            for name, d in DIFFERENCES.items()
        ],
        'wilcoxon': [{'name': name, 'differences': d, **exact_or_normal_wilcoxon(d)}
                     for name, d in DIFFERENCES.items()],
        'mannWhitney': [{'name': name, 'a': a, 'b': b, **mann_whitney(a, b)} for name, (a, b) in TWO_SAMPLES.items()],
        'holm': [{'pValues': p, 'adjusted': [float(v) for v in multipletests(p, method='holm')[1]]} for p in HOLM],
        'bootstrap': [bootstrap_same_resamples(case, ix) for case, ix in zip(BOOTSTRAP, bootstrap_indices)],
        'scipyBootstrap': [scipy_bootstrap(case) for case in LARGE],
    }
    text = json.dumps(reference, indent=1)
    # One line per list of plain numbers or strings, so the file reads (and diffs) case by case.
    text = re.sub(r'\[[^\[\]{}]*\]', lambda m: re.sub(r'\s*\n\s*', ' ', m.group(0)).replace('[ ', '[').replace(' ]', ']'), text)
    with open(os.path.join(HERE, 'expected.json'), 'w') as out:
        out.write(text + '\n')


if __name__ == '__main__':
    main()
