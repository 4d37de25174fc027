"""Optuna as a contender of `pnpm bench search`: a long-lived process that src/search/optunaProcess.ts talks to.

Optuna proposes, Descent trains: Node asks for a trial's parameters, trains that configuration with Descent's
own trainer (the same sweep, data and seed rule as Descent's samplers), and tells the result back. A run is
deterministic, so Node trains a configuration's whole budget once and sends its whole curve (the sweep
metric at every evaluation: epoch ends, or the points of a landscape's path); with a pruner this script
reports the curve to the trial point by point and stops at the first should_prune(), so a pruned trial saw
exactly what it would have seen had it been trained live. Node counts its compute up to that point.

Protocol: one JSON request per line on stdin, one JSON response per line on stdout, in order. A failing
request answers {"error": "<traceback>"} and the process carries on. The process ends at EOF on stdin.

Requests ("op", then fields):
  hello                                         -> optuna, python
  create   study, sampler ("tpe" | "random"), pruner ("none" | "hyperband" | "successive_halving"),
           seed, direction ("minimize" | "maximize"),
           space: [{name, kind: "float", low, high, log} | {name, kind: "categorical", choices: [str, ...]}]
                                                -> {}
  ask      study                                -> trial (its number), params {name: value}
  tell     study, trial, curve [value, ...] (null = not finite), final (null: the run diverged or failed)
                                                -> state ("complete" | "pruned" | "fail"), reported (points reported)
  drop     study                                -> {}

Every sampler and pruner takes Optuna's defaults (3.1): TPESampler(seed) has n_startup_trials 10;
HyperbandPruner() has min_resource 1, max_resource "auto", reduction_factor 3; SuccessiveHalvingPruner() has
min_resource "auto", reduction_factor 4, min_early_stopping_rate 0.
"""

import json
import math
import platform
import sys
import traceback

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution
from optuna.trial import TrialState

# Trap: anything a library prints to stdout would be read as a response and shift every later answer.
PROTOCOL_OUT = sys.stdout
sys.stdout = sys.stderr
optuna.logging.set_verbosity(optuna.logging.WARNING)

SAMPLERS = {
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
}
PRUNERS = {
    "none": lambda: optuna.pruners.NopPruner(),
    "hyperband": lambda: optuna.pruners.HyperbandPruner(),
    "successive_halving": lambda: optuna.pruners.SuccessiveHalvingPruner(),
}

studies = {}  # study id -> (study, distributions)
open_trials = {}  # (study id, trial number) -> optuna Trial


def distribution(dimension):
    if dimension["kind"] == "categorical":
        return CategoricalDistribution(dimension["choices"])
    return FloatDistribution(dimension["low"], dimension["high"], log=dimension["log"])


def create(request):
    study = optuna.create_study(
        study_name=request["study"],
        direction=request["direction"],
        sampler=SAMPLERS[request["sampler"]](request["seed"]),
        pruner=PRUNERS[request["pruner"]](),
    )
    studies[request["study"]] = (study, {d["name"]: distribution(d) for d in request["space"]})
    return {}


def ask(request):
    study, distributions = studies[request["study"]]
    trial = study.ask(distributions)
    open_trials[(request["study"], trial.number)] = trial
    return {"trial": trial.number, "params": trial.params}


def tell(request):
    study, _ = studies[request["study"]]
    trial = open_trials.pop((request["study"], request["trial"]))
    if request["final"] is None:
        study.tell(trial, state=TrialState.FAIL)
        return {"state": "fail", "reported": 0}
    reported = 0
    for step, value in enumerate(request["curve"], start=1):
        if value is None or not math.isfinite(value):
            break
        trial.report(value, step)
        reported = step
        # As an Optuna objective's training loop does: report, then ask, at every point (the last one too).
        if trial.should_prune():
            study.tell(trial, state=TrialState.PRUNED)
            return {"state": "pruned", "reported": reported}
    study.tell(trial, request["final"])
    return {"state": "complete", "reported": reported}


def drop(request):
    studies.pop(request["study"], None)
    for key in [k for k in open_trials if k[0] == request["study"]]:
        del open_trials[key]
    return {}


OPS = {
    "hello": lambda request: {"optuna": optuna.__version__, "python": platform.python_version()},
    "create": create,
    "ask": ask,
    "tell": tell,
    "drop": drop,
}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            response = OPS[request["op"]](request)
        except Exception:
            response = {"error": traceback.format_exc()}
        PROTOCOL_OUT.write(json.dumps(response) + "\n")
        PROTOCOL_OUT.flush()


if __name__ == "__main__":
    main()
