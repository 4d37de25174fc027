"""PyTorch as a contender of `pnpm bench`: a long-lived process that src/contenders/pytorch.ts talks to.

Protocol: one JSON request per line on stdin, one JSON response per line on stdout, in order. A failing
request answers {"error": "<traceback>"} and the process carries on. Arrays cross as base64 of raw
little-endian bytes ("f32" float32, "i32" int32), never as JSON number lists. The process ends at EOF on
stdin, so it cannot outlive the Node process that started it.

Timing happens here, with time.perf_counter() around the training (or matmul) loop: a call from Node
crosses a pipe (tens of microseconds), which at batch 1 would be most of what was measured. Everything a
timed block needs (data, index tensors of every batch) is built before the clock starts.

Requests ("op", then fields):
  hello                                   -> torch, python, threads, interop_threads
  mlp_setup      workload fields, data, initial weights [in x out] row-major and biases -> id
  mlp_step       id, indices (i32)        -> loss (before the update)
  mlp_time       id, indices (i32, every batch concatenated), lengths (list) -> seconds
  mlp_parameters id                       -> parameters: [W1 as in x out, b1, W2, b2, ...] (f32)
  matmul_setup   n, a, b (f32, row-major) -> id
  matmul_time    id, count                -> seconds
  matmul_result  id                       -> c (f32)
  drop           id                       -> {}
"""

import base64
import json
import sys
import time
import traceback

import torch
import torch.nn.functional as F

# One thread against one thread: Descent and TF.js each run on one core. Threads inside ops are also a
# trap on a 2-core machine. The interop setting must come before any parallel work starts.
torch.set_num_threads(1)
torch.set_num_interop_threads(1)

# Trap: anything a library prints to stdout would be read as a response and shift every later answer.
# Responses go to the real stdout; stray prints go to stderr.
PROTOCOL_OUT = sys.stdout
sys.stdout = sys.stderr

DTYPES = {"f32": torch.float32, "i32": torch.int32}


def decode(text, kind):
    """base64 of raw little-endian bytes -> 1-D tensor (bytearray: torch.frombuffer wants a writable buffer)."""
    raw = bytearray(base64.b64decode(text))
    if len(raw) == 0:
        return torch.empty(0, dtype=DTYPES[kind])
    return torch.frombuffer(raw, dtype=DTYPES[kind])


def encode(tensor):
    """float32 tensor -> base64 of its raw bytes, row-major."""
    return base64.b64encode(tensor.detach().contiguous().to(torch.float32).numpy().tobytes()).decode("ascii")


ACTIVATIONS = {"sigmoid": torch.nn.Sigmoid, "relu": torch.nn.ReLU, "identity": torch.nn.Identity}


class MlpTraining:
    """The workload's network as plain torch.nn.Linear layers, trained with torch.optim.SGD(momentum)."""

    def __init__(self, request):
        sizes = request["sizes"]
        layers = []
        for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            linear = torch.nn.Linear(fan_in, fan_out)
            with torch.no_grad():
                # Descent's weights are [in x out]; torch keeps [out x in] and computes x @ W.T + b.
                weights = decode(request["weights"][layer], "f32").reshape(fan_in, fan_out)
                linear.weight.copy_(weights.t())
                linear.bias.copy_(decode(request["biases"][layer], "f32"))
            activation = request["output"] if layer == len(sizes) - 2 else request["hidden"]
            layers += [linear, ACTIVATIONS[activation]()]
        self.model = torch.nn.Sequential(*layers)
        self.loss_name = request["loss"]
        n, d = request["n"], request["d"]
        self.inputs = decode(request["inputs"], "f32").reshape(n, d)
        if self.loss_name == "squared_error":
            self.targets = decode(request["targets"], "f32").reshape(n, request["outputs"])
        elif self.loss_name == "cross_entropy":
            # F.cross_entropy wants int64 class indices.
            self.targets = decode(request["labels"], "i32").to(torch.int64)
        else:
            raise ValueError(f"loss is {self.loss_name!r}; expected 'squared_error' or 'cross_entropy'")
        # dampening 0, no Nesterov: v <- momentum*v + g; theta <- theta - lr*v, as Descent and TF.js.
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=request["lr"], momentum=request["momentum"])

    def step(self, indices):
        """One training step on the rows `indices` (an int64 tensor); returns the loss before the update."""
        x = self.inputs[indices]
        y = self.targets[indices]
        self.optimizer.zero_grad(set_to_none=True)
        prediction = self.model(x)
        if self.loss_name == "squared_error":
            loss = 0.5 * F.mse_loss(prediction, y)  # E = 1/2 * mean((y_hat - y)^2) over all elements
        else:
            loss = F.cross_entropy(prediction, y)  # -mean ln softmax(z)[label]
        loss.backward()
        self.optimizer.step()
        return loss.item()  # read every step, as a training loop must (it also waits for the step)

    def time_steps(self, indices, lengths):
        """Train on each batch in turn; seconds of the loop alone (the batches are sliced before the clock)."""
        batches = list(torch.split(indices.to(torch.int64), lengths))
        started = time.perf_counter()
        for batch in batches:
            self.step(batch)
        return time.perf_counter() - started

    def parameters(self):
        """[W1 as in x out, b1, W2, b2, ...], the layout of Descent's parameters."""
        out = []
        for module in self.model:
            if isinstance(module, torch.nn.Linear):
                out += [module.weight.t(), module.bias]
        return out


class Matmul:
    """C = A.B with torch.mm into one preallocated C, as Descent writes into a reused array."""

    def __init__(self, request):
        n = request["n"]
        self.a = decode(request["a"], "f32").reshape(n, n)
        self.b = decode(request["b"], "f32").reshape(n, n)
        self.c = torch.empty(n, n, dtype=torch.float32)

    def time(self, count):
        started = time.perf_counter()
        for _ in range(count):
            torch.mm(self.a, self.b, out=self.c)
        return time.perf_counter() - started


objects = {}
next_id = 0


def keep(obj):
    global next_id
    next_id += 1
    objects[next_id] = obj
    return next_id


def find(request, kind):
    obj = objects.get(request.get("id"))
    if not isinstance(obj, kind):
        raise ValueError(f"no {kind.__name__} with id {request.get('id')!r} (set up: {sorted(objects)})")
    return obj


def hello(request):
    return {
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
    }


def drop(request):
    objects.pop(request.get("id"), None)
    return {}


def mlp_time(request):
    training = find(request, MlpTraining)
    return {"seconds": training.time_steps(decode(request["indices"], "i32"), request["lengths"])}


HANDLERS = {
    "hello": hello,
    "mlp_setup": lambda r: {"id": keep(MlpTraining(r))},
    "mlp_step": lambda r: {"loss": find(r, MlpTraining).step(decode(r["indices"], "i32").to(torch.int64))},
    "mlp_time": mlp_time,
    "mlp_parameters": lambda r: {"parameters": [encode(p) for p in find(r, MlpTraining).parameters()]},
    "matmul_setup": lambda r: {"id": keep(Matmul(r))},
    "matmul_time": lambda r: {"seconds": find(r, Matmul).time(r["count"])},
    "matmul_result": lambda r: {"c": encode(find(r, Matmul).c)},
    "drop": drop,
}


def answer(line):
    try:
        request = json.loads(line)
        op = request.get("op")
        if op not in HANDLERS:
            raise ValueError(f"unknown op {op!r}; expected one of {', '.join(HANDLERS)}")
        return HANDLERS[op](request)
    except Exception:
        return {"error": traceback.format_exc()}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        PROTOCOL_OUT.write(json.dumps(answer(line)) + "\n")
        PROTOCOL_OUT.flush()


if __name__ == "__main__":
    main()
