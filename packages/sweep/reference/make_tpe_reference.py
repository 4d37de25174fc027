#!/usr/bin/env python3
"""Reference values for the TPE module (src/tpe), computed by Optuna 3.1 and SciPy for fixed inputs.

Run from packages/sweep with Debian's Python (apt-get install python3-optuna python3-scipy; Optuna is not a
dependency of the project, only of this script):

    /usr/bin/python3 reference/make_tpe_reference.py

It writes reference/tpe.json, which src/tpe/reference.test.ts reads (the tests never run Python).

Optuna 3.1's `_truncnorm.logpdf` leaves out the -log(scale) of a scaled density (optuna/optuna#5109, fixed in
Optuna 3.5). So for continuous dimensions each case stores both Optuna 3.1's own `log_pdf` ("optuna_log_pdf")
and the normalised mixture density computed from Optuna's own weights, means and bandwidths with SciPy's
truncnorm ("log_pdf"); the TypeScript module computes the latter, and the test checks that adding log(sigma)
back into each of its components gives Optuna's number.
"""
import json
import math
import os
import warnings

import mpmath
import numpy as np
import optuna
import scipy
import scipy.special
import scipy.stats
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_gamma, default_weights

HERE = os.path.dirname(os.path.abspath(__file__))
mpmath.mp.dps = 50


def parameters(multivariate=False, consider_endpoints=False, consider_magic_clip=True, prior_weight=1.0):
    return _ParzenEstimatorParameters(
        consider_prior=True,
        prior_weight=prior_weight,
        consider_magic_clip=consider_magic_clip,
        consider_endpoints=consider_endpoints,
        weights=default_weights,
        multivariate=multivariate,
    )


def dimension_json(dist):
    if isinstance(dist, CategoricalDistribution):
        return {"kind": "categorical", "choices": list(dist.choices)}
    if isinstance(dist, IntDistribution):
        return {"kind": "int", "min": dist.low, "max": dist.high, "log": dist.log}
    return {"kind": "log" if dist.log else "uniform", "min": dist.low, "max": dist.high}


def normalised_log_pdf(pe, space, queries):
    """log of the mixture density with each continuous component normalised (SciPy's truncnorm)."""
    n = len(next(iter(queries.values())))
    out = []
    for s in range(n):
        component = np.log(pe._weights).copy()
        for name, dist in space.items():
            x = queries[name][s]
            if isinstance(dist, CategoricalDistribution):
                component += np.log(pe._categorical_weights[name][:, dist.choices.index(x)])
                continue
            mus, sigmas, low, high = pe._mus[name], pe._sigmas[name], pe._low[name], pe._high[name]
            if pe._q[name] is not None:  # integers: the cell's mass, which Optuna 3.1 computes right
                q = pe._q[name]
                lo, hi = max(x - q / 2, low), min(x + q / 2, high)
                cdf = lambda v: scipy.stats.norm.cdf((v - mus) / sigmas)
                component += np.log(cdf(hi) - cdf(lo)) - np.log(cdf(high) - cdf(low))
                continue
            xi = math.log(x) if dist.log else x
            component += scipy.stats.truncnorm.logpdf(xi, (low - mus) / sigmas, (high - mus) / sigmas, loc=mus, scale=sigmas)
        out.append(float(scipy.special.logsumexp(component)))
    return out


def estimator_case(name, space, observations, queries, **kwargs):
    internal_obs = {k: np.asarray([space[k].to_internal_repr(x) for x in v], dtype=float) for k, v in observations.items()}
    pe = _ParzenEstimator(internal_obs, space, parameters(**kwargs))
    internal_queries = {k: np.asarray([space[k].to_internal_repr(x) for x in v]) for k, v in queries.items()}
    case = {
        "name": name,
        "options": {
            "multivariate": kwargs.get("multivariate", False),
            "considerEndpoints": kwargs.get("consider_endpoints", False),
            "considerMagicClip": kwargs.get("consider_magic_clip", True),
            "priorWeight": kwargs.get("prior_weight", 1.0),
        },
        "space": {k: dimension_json(d) for k, d in space.items()},
        "observations": {k: list(v) for k, v in observations.items()},
        "queries": {k: list(v) for k, v in queries.items()},
        "weights": pe._weights.tolist(),
        "mus": {k: pe._mus[k].tolist() for k in space if pe._mus[k] is not None},
        "sigmas": {k: pe._sigmas[k].tolist() for k in space if pe._sigmas[k] is not None},
        "categorical": {k: pe._categorical_weights[k].tolist() for k in space if pe._categorical_weights[k] is not None},
        "optuna_log_pdf": pe.log_pdf(internal_queries).tolist(),
        "log_pdf": normalised_log_pdf(pe, space, queries),
    }
    return case


ESTIMATORS = [
    estimator_case(
        "uniform, 4 observations",
        {"x": FloatDistribution(0.0, 1.0)},
        {"x": [0.2, 0.35, 0.9, 0.41]},
        {"x": [0.0, 0.05, 0.3, 0.5, 0.77, 1.0]},
    ),
    estimator_case(
        "uniform, ties and an observation at a bound, endpoints considered",
        {"x": FloatDistribution(-2.0, 3.0)},
        {"x": [1.0, -2.0, 1.0, 2.5, 0.5]},
        {"x": [-2.0, -1.0, 0.5, 1.0, 2.9]},
        consider_endpoints=True,
    ),
    estimator_case(
        "uniform, 12 observations, no magic clip, prior weight 2",
        {"x": FloatDistribution(0.0, 10.0)},
        {"x": [3.1, 3.15, 3.2, 0.4, 9.9, 5.0, 5.01, 7.7, 2.2, 8.8, 6.6, 1.1]},
        {"x": [0.1, 3.14, 5.005, 9.95]},
        consider_magic_clip=False,
        prior_weight=2.0,
    ),
    estimator_case(
        "log, 5 observations",
        {"lr": FloatDistribution(1e-4, 1.0, log=True)},
        {"lr": [1e-3, 3e-3, 0.1, 0.5, 2e-4]},
        {"lr": [1e-4, 1e-3, 0.02, 0.9]},
    ),
    estimator_case(
        "int, 6 observations",
        {"width": IntDistribution(1, 10)},
        {"width": [2, 3, 3, 9, 10, 5]},
        {"width": [1, 3, 6, 10]},
    ),
    estimator_case(
        "categorical, 5 observations",
        {"act": CategoricalDistribution(["relu", "tanh", "gelu"])},
        {"act": ["tanh", "tanh", "relu", "tanh", "gelu"]},
        {"act": ["relu", "tanh", "gelu"]},
    ),
    estimator_case(
        "multivariate: uniform and log and categorical, 5 observations",
        {
            "m": FloatDistribution(0.0, 0.99),
            "lr": FloatDistribution(1e-4, 1.0, log=True),
            "act": CategoricalDistribution(["relu", "tanh"]),
        },
        {"m": [0.9, 0.5, 0.95, 0.1, 0.8], "lr": [0.01, 0.3, 0.02, 1e-4, 0.05], "act": ["relu", "tanh", "relu", "relu", "tanh"]},
        {"m": [0.9, 0.2, 0.5], "lr": [0.01, 0.5, 0.001], "act": ["relu", "tanh", "relu"]},
        multivariate=True,
    ),
]

# The normal in log form and the truncated normal, from SciPy.
Z = [-200.0, -40.0, -10.0, -5.0, -3.0, -2.5, -2.0, -1.999, -1.0, -0.3, 0.0, 0.3, 1.0, 2.0, 5.0, 8.0, 10.0, 30.0]
INTERVALS = [(-3.0, -1.0), (-40.0, -38.0), (-1.0, 2.0), (0.5, 4.0), (37.0, 39.0), (-0.1, 0.1), (-60.0, 60.0), (5.0, 5.000001), (0.1, 0.1001), (-38.0, -37.9999999), (-0.02, 0.03)]
KERNELS = [
    # (mu, sigma, low, high, xs, us)
    (0.3, 0.1, 0.0, 1.0, [0.0, 0.25, 0.3, 0.9, 1.0], [0.0, 0.1, 0.5, 0.99]),
    (0.0, 0.01, 0.0, 1.0, [0.0, 0.005, 0.05, 0.5], [0.001, 0.5, 0.999]),
    (0.95, 2.0, 0.0, 1.0, [0.0, 0.5, 1.0], [0.2, 0.7]),
    (-9.2, 0.05, -9.21, -6.9, [-9.21, -9.0, -7.0], [0.3, 0.9]),
    (0.5, 0.001, 0.0, 1.0, [0.499, 0.5, 0.6], [0.01, 0.5, 0.99]),
]

# Optuna's own TPESampler (and RandomSampler) on the problems of src/tpe/tpe.test.ts: 10 seeds × 60 trials, 10 of
# them random startup, the mean over seeds of the median distance of the last 20 trials to the optimum and of the
# best value, and the share of the last 20 at the optimum itself (for the categorical problem: the best choice).
# Optuna draws from other generators than Descent, so only the size of these numbers compares.
optuna.logging.set_verbosity(optuna.logging.WARNING)


def branin(p):
    x, y = p["x"], p["y"]
    b = 5.1 / (4 * math.pi**2)
    return (y - b * x * x + 5 / math.pi * x - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x) + 10


BRANIN_OPTIMA = [(-math.pi, 12.275), (math.pi, 2.275), (9.42478, 2.475)]
CATEGORICAL_COST = {"relu": 0.6, "tanh": 0, "gelu": 0.3}
PROBLEMS = {
    "1-D": (lambda t: {"x": t.suggest_float("x", 0, 1)}, lambda p: (p["x"] - 0.3) ** 2, lambda p: abs(p["x"] - 0.3)),
    "branin": (
        lambda t: {"x": t.suggest_float("x", -5, 10), "y": t.suggest_float("y", 0, 15)},
        branin,
        lambda p: min(math.hypot(p["x"] - a, p["y"] - b) for a, b in BRANIN_OPTIMA),
    ),
    "log lr": (lambda t: {"lr": t.suggest_float("lr", 1e-6, 1, log=True)}, lambda p: (math.log10(p["lr"]) + 3) ** 2, lambda p: abs(math.log10(p["lr"]) + 3)),
    "int": (lambda t: {"k": t.suggest_int("k", 1, 200)}, lambda p: (p["k"] - 70) ** 2, lambda p: abs(p["k"] - 70)),
    "int log": (lambda t: {"k": t.suggest_int("k", 1, 1000, log=True)}, lambda p: math.log(p["k"] / 30) ** 2, lambda p: abs(math.log(p["k"] / 30))),
    "categorical": (
        lambda t: {"act": t.suggest_categorical("act", ["relu", "tanh", "gelu"]), "x": t.suggest_float("x", 0, 1)},
        lambda p: CATEGORICAL_COST[p["act"]] + (p["x"] - 0.5) ** 2,
        lambda p: 0 if p["act"] == "tanh" else 1,
    ),
}


def search(name, sampler, multivariate=False):
    space, f, distance = PROBLEMS[name]
    distances, bests, shares = [], [], []
    for seed in range(10):
        chosen = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate) if sampler == "tpe" else optuna.samplers.RandomSampler(seed=seed)
        study = optuna.create_study(sampler=chosen)
        study.optimize(lambda trial: f(space(trial)), n_trials=60)
        points = [trial.params for trial in study.trials]
        distances.append(float(np.median([distance(p) for p in points[40:]])))
        shares.append(sum(distance(p) == 0 for p in points[40:]) / 20)
        bests.append(min(trial.value for trial in study.trials))
    return {"distance": float(np.mean(distances)), "best": float(np.mean(bests)), "atOptimum": float(np.mean(shares))}


with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # multivariate is "experimental" in 3.1
    SEARCH = {name: {"tpe": search(name, "tpe"), "random": search(name, "random")} for name in PROBLEMS}
    SEARCH["branin"]["tpe multivariate"] = search("branin", "tpe", multivariate=True)

reference = {
    "generator": {"optuna": optuna.__version__, "scipy": scipy.__version__, "numpy": np.__version__, "mpmath": mpmath.__version__},
    "gamma": {str(n): default_gamma(n) for n in [1, 5, 9, 10, 11, 20, 29, 30, 31, 60, 70, 100, 240, 250, 251, 1000]},
    "estimators": ESTIMATORS,
    "search": SEARCH,
    "logNormalCdf": [[z, float(scipy.special.log_ndtr(z))] for z in Z],
    # 50 digits (mpmath), as SciPy's cdf differences underflow far in a tail.
    "logNormalMass": [[a, b, float(mpmath.log(mpmath.ncdf(-a) - mpmath.ncdf(-b) if a > 0 else mpmath.ncdf(b) - mpmath.ncdf(a)))] for a, b in INTERVALS],
    "truncatedNormals": [
        {
            "mu": mu,
            "sigma": sigma,
            "low": low,
            "high": high,
            "logPdf": [[x, float(scipy.stats.truncnorm.logpdf(x, (low - mu) / sigma, (high - mu) / sigma, loc=mu, scale=sigma))] for x in xs],
            "quantile": [[u, float(scipy.stats.truncnorm.ppf(u, (low - mu) / sigma, (high - mu) / sigma, loc=mu, scale=sigma))] for u in us],
        }
        for mu, sigma, low, high, xs, us in KERNELS
    ],
}

with open(os.path.join(HERE, "tpe.json"), "w") as out:
    json.dump(reference, out, indent=1)
    out.write("\n")
print(f"wrote {os.path.join(HERE, 'tpe.json')}")
