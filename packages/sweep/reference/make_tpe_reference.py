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

reference = {
    "generator": {"optuna": optuna.__version__, "scipy": scipy.__version__, "numpy": np.__version__, "mpmath": mpmath.__version__},
    "gamma": {str(n): default_gamma(n) for n in [1, 5, 9, 10, 11, 20, 29, 30, 31, 60, 70, 100, 240, 250, 251, 1000]},
    "estimators": ESTIMATORS,
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
