"""A Descent sweep of MLPs on two moons, run as a PyTorch user would write it: src/torchSweep.ts drives it.

    python3 torch_sweep.py <runs.json> <results.json>

<runs.json> holds the runs Descent itself trained: [{"runId", "replicate", "config"}, ...], each config the
resolved configuration of Descent's record (every default filled in). This script trains every one of them,
in order, on one thread, and computes per run what Descent computes per run:

- two moons as Descent's `moons` generator makes them (scikit-learn's make_moons: size, noise), split by a
  seeded permutation into train and test (test = round(size x test_fraction));
- the MLP (nn.Linear layers, the hidden activation, identity output), Xavier-uniform weights and zero biases;
- BCE on logits (nn.BCEWithLogitsLoss, mean over the batch);
- torch.optim.SGD with the record's momentum, dampening, nesterov and weight decay: v <- m*v + g;
  theta <- theta - lr*v, Descent's heavy-ball convention; the learning rate follows the record's schedule
  through LambdaLR, one scheduler step per optimizer step;
- every epoch a fresh random order of the training rows, consecutive batches, the last partial batch kept;
- every step the batch loss read back (loss.item()) and checked as Descent does (non-finite, or above
  diverge_factor x the first loss: the run stops as diverged);
- every logged step (Descent's max_points rule) the gradient norm and the update norm;
- before training and at every epoch end, the loss and accuracy on the whole training and test sets;
- a summary per run (final and best test loss, the first epoch end at the metric's target), all runs'
  series and summaries written to <results.json> at the end.

Random numbers differ from Descent's (torch's generator, seeded from the replicate), so the runs are
equivalent draws, not the same ones. Anything in a config this script does not implement is an error naming
the key, never a silent substitute.

The last line on stdout is one JSON object: {"runs", "seconds", "cpuSeconds", "torch", "threads"}, seconds
(wall, and CPU of this process) from the first run's start to the results written (torch's import and reading
<runs.json> come before the clocks start).
"""

import json
import math
import sys
import time

import torch

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

ACTIVATIONS = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid}


def warmup_cosine(schedule, total_steps):
    """Descent's warmup_cosine: (t + 1) / w for t < w, then a cosine from 1 down to min_factor at the end."""
    warmup, floor = schedule["warmup"], schedule["min_factor"]

    def factor(t):
        if t < warmup:
            return (t + 1) / warmup
        span = total_steps - warmup
        progress = min(t - warmup, span) / span if span > 0 else 1
        return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress))

    return factor


SCHEDULES = {"constant": lambda schedule, total_steps: (lambda t: 1.0), "warmup_cosine": warmup_cosine}


def require(condition, key, value, accepted):
    if not condition:
        raise ValueError(f"torch_sweep.py: {key} is {json.dumps(value)}; this script implements {accepted}")


def check_supported(config):
    """Refuse a setting this script would not compute as Descent does."""
    problem = config["problem"]
    require(problem["kind"] == "dataset", "problem.kind", problem["kind"], "dataset")
    dataset = problem["dataset"]
    require(dataset["name"] == "moons", "problem.dataset.name", dataset["name"], "moons")
    require(dataset.get("validation_fraction", 0) == 0, "problem.dataset.validation_fraction", dataset.get("validation_fraction"), "0")
    model = problem["model"]
    require(model["activation"] in ACTIVATIONS, "problem.model.activation", model["activation"], ", ".join(ACTIVATIONS))
    require(model["init"] == "xavier", "problem.model.init", model["init"], "xavier")
    require(model["output"] == "identity", "problem.model.output", model["output"], "identity")
    require(problem["loss"] == "bce", "problem.loss", problem["loss"], "bce")
    optimizer = config["optimizer"]
    require(optimizer["name"] in ("momentum", "sgd"), "optimizer.name", optimizer["name"], "momentum, sgd")
    require(config["schedule"]["name"] in SCHEDULES, "schedule.name", config["schedule"]["name"], ", ".join(SCHEDULES))
    train = config["train"]
    require("epochs" in train and "steps" not in train and "examples" not in train, "train", train, "a budget in epochs")
    metric = config["metric"]
    require(metric["name"] == "test_loss" and metric["goal"] == "minimize", "metric", metric, "test_loss, minimize")


def moons(size, noise, generator):
    """make_moons: floor(n/2) points on the upper arc (label 0), the rest on the lower arc (label 1), plus N(0, noise^2)."""
    outer = size // 2
    inner = size - outer
    t_outer = torch.linspace(0, math.pi, outer, dtype=torch.float64) if outer > 1 else torch.zeros(outer, dtype=torch.float64)
    t_inner = torch.linspace(0, math.pi, inner, dtype=torch.float64) if inner > 1 else torch.zeros(inner, dtype=torch.float64)
    x = torch.cat([torch.stack([torch.cos(t_outer), torch.sin(t_outer)], 1), torch.stack([1 - torch.cos(t_inner), 0.5 - torch.sin(t_inner)], 1)])
    x += noise * torch.randn(x.shape, generator=generator, dtype=torch.float64)
    y = torch.cat([torch.zeros(outer), torch.ones(inner)]).reshape(-1, 1)
    return x.to(torch.float32), y


def model_of(sizes, activation):
    layers = []
    for k, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = torch.nn.Linear(fan_in, fan_out)
        torch.nn.init.xavier_uniform_(linear.weight)
        torch.nn.init.zeros_(linear.bias)
        layers.append(linear)
        if k < len(sizes) - 2:
            layers.append(ACTIVATIONS[activation]())
    return torch.nn.Sequential(*layers)


def evaluate(model, loss_fn, x, y):
    with torch.no_grad():
        logits = model(x)
        return loss_fn(logits, y).item(), ((logits > 0) == (y > 0.5)).float().mean().item()


def norm(tensors):
    return math.sqrt(sum(float(t.pow(2).sum()) for t in tensors))


def train_run(run):
    config = run["config"]
    check_supported(config)
    dataset = config["problem"]["dataset"]
    model_config = config["problem"]["model"]
    train_config = config["train"]
    generator = torch.Generator().manual_seed(run["replicate"] * 1_000_003 + 17)
    torch.manual_seed(run["replicate"] * 1_000_003 + 29)

    x, y = moons(dataset["size"], dataset["noise"], generator)
    test_size = round(dataset["size"] * dataset["test_fraction"])
    order = torch.randperm(dataset["size"], generator=generator)
    train_rows, test_rows = order[: dataset["size"] - test_size], order[dataset["size"] - test_size :]
    x_train, y_train, x_test, y_test = x[train_rows], y[train_rows], x[test_rows], y[test_rows]
    n = x_train.shape[0]

    model = model_of([x.shape[1], *model_config["hidden"], 1], model_config["activation"])
    loss_fn = torch.nn.BCEWithLogitsLoss()
    hp = config["optimizer"]
    optimizer = torch.optim.SGD(
        model.parameters(),
        lr=hp["lr"],
        momentum=hp.get("momentum", 0),
        dampening=hp.get("dampening", 0),
        nesterov=hp.get("nesterov", False),
        weight_decay=hp.get("weight_decay", 0),
    )
    batch_size = train_config["batch_size"]
    per_epoch = math.ceil(n / batch_size)
    total_steps = train_config["epochs"] * per_epoch
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, SCHEDULES[config["schedule"]["name"]](config["schedule"], total_steps))
    log_every = max(1, math.ceil(total_steps / max(1, train_config["max_points"] - 1)))
    parameters = list(model.parameters())

    def evaluation(epoch, step, examples):
        train_loss, train_accuracy = evaluate(model, loss_fn, x_train, y_train)
        test_loss, test_accuracy = evaluate(model, loss_fn, x_test, y_test)
        return {"epoch": epoch, "step": step, "examples": examples, "trainLoss": train_loss, "testLoss": test_loss, "trainAccuracy": train_accuracy, "testAccuracy": test_accuracy}

    steps, epochs = [], [evaluation(0, 0, 0)]
    first_loss, examples, status, step = None, 0, "finished", 0
    for epoch in range(train_config["epochs"]):
        shuffled = torch.randperm(n, generator=generator)
        for start in range(0, n, batch_size):
            rows = shuffled[start : start + batch_size]
            logged = step % log_every == 0 or step == total_steps - 1
            before = [p.detach().clone() for p in parameters] if logged else None
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[rows]), y_train[rows])
            loss.backward()
            value = loss.item()
            if not math.isfinite(value) or (first_loss is not None and abs(value) > train_config["diverge_factor"] * (abs(first_loss) + 1e-12)):
                status = "diverged"
                break
            first_loss = value if first_loss is None else first_loss
            optimizer.step()
            scheduler.step()
            examples += len(rows)
            if logged:
                update = norm([p.detach() - b for p, b in zip(parameters, before)])
                steps.append({"step": step, "epoch": step / per_epoch, "examples": examples, "loss": value, "gradNorm": norm([p.grad for p in parameters]), "updateNorm": update})
            step += 1
        if status == "diverged":
            break
        epochs.append(evaluation(epoch + 1, step, examples))

    target = config["metric"]["target"]
    test_losses = [e["testLoss"] for e in epochs]
    reached = next((e for e in epochs if target is not None and e["testLoss"] <= target), None)
    summary = {
        "steps": step,
        "examples": examples,
        "evaluations": len(epochs),
        "finalMetric": test_losses[-1] if status == "finished" else None,
        "bestMetric": min(test_losses),
        "examplesToTarget": reached["examples"] if reached else None,
    }
    return {"runId": run["runId"], "status": status, "steps": steps, "epochs": epochs, "summary": summary}


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: torch_sweep.py <runs.json> <results.json>")
    with open(sys.argv[1]) as f:
        runs = json.load(f)
    started, started_cpu = time.perf_counter(), time.process_time()
    results = [train_run(run) for run in runs]
    with open(sys.argv[2], "w") as f:
        json.dump(results, f)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
    print(json.dumps({"runs": len(results), "seconds": seconds, "cpuSeconds": cpu_seconds, "torch": torch.__version__, "threads": torch.get_num_threads()}))


main()
