#!/usr/bin/env python3
"""AlgoPerf's performance profile and score for a fixed table of times to target, for src/performanceProfile.test.ts.

The steps are those of mlcommons/algorithmic-efficiency (commit 2c90454f), scoring/performance_profile.py
`compute_performance_profiles` and scoring/score_submissions.py `compute_leaderboard_score(normalize=True)`,
called as score_submissions.py calls them (min_tau=1, max_tau=4, num_points=100, scale='linear'), written with
numpy alone (their code needs pandas and their workload registry; each line below names the line it mirrors).

Run from packages/stats with any Python 3 and numpy:  python3 reference/algoperf_profile.py
It writes reference/algoperf-profile.json (the tests never run Python). Infinity is written as null.
"""
import json

import numpy as np

# Rows: submissions; columns: workloads (sorted, as AlgoPerf sorts them). inf = target not reached.
# Chosen so ratios fall between the 100 grid points, one tie for fastest, one time above 4x the best,
# one submission that reaches nothing and one workload that nobody reaches.
submissions = ['adam', 'lion', 'momentum', 'never', 'signum']
workloads = ['digits', 'moons', 'nobody', 'ravine', 'rosenbrock', 'saddle', 'well']
inf = float('inf')
times = np.array([
    [1200., 310., inf, 700., 2333., 97., 405.],
    [1500., 290., inf, 650., 1750., 97., inf],
    [1000., 455., inf, 910., 1400., 130., 260.],
    [inf, inf, inf, inf, inf, inf, inf],
    [3100., 600., inf, 2700., inf, 101., 800.],
])
NUM_BASE_WORKLOADS = len(workloads)  # AlgoPerf's n counts every workload, reached by anyone or not

df = times.copy()
best_scores = df.min(axis=0)                        # best_scores = df.min(axis=0)
with np.errstate(invalid='ignore'):
    df[df > 4 * best_scores] = np.inf               # df[df.apply(lambda x: x > 4 * best_scores, axis=1)] = np.inf
    ratios = df / df.min(axis=0)                    # df.update(df.div(df.min(axis=0), axis=1)); inf/inf = nan
points = np.linspace(1.0, 4.0, num=100)             # np.linspace(min_tau, max_tau, num=num_points)
with np.errstate(invalid='ignore'):
    perf = np.stack([(ratios <= tau).sum(axis=1) / NUM_BASE_WORKLOADS for tau in points], axis=1)  # rho(r, tau)
scores = np.trapezoid(perf, x=points, axis=1)       # np.trapz(df, x=df.columns) (renamed in numpy 2)
scores /= points.max() - points.min()               # normalize=True

def clean(x):
    return None if not np.isfinite(x) else float(x)

out = {
    'source': 'mlcommons/algorithmic-efficiency@2c90454f scoring/performance_profile.py, score_submissions.py',
    'numpy': np.__version__,
    'submissions': submissions,
    'workloads': workloads,
    'times': [[clean(t) for t in row] for row in times],
    'taus': [float(t) for t in points],
    'numBaseWorkloads': NUM_BASE_WORKLOADS,
    'profiles': perf.tolist(),
    'scores': scores.tolist(),
}
with open('reference/algoperf-profile.json', 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print(dict(zip(submissions, scores.round(6))))
