"""PyTorch reference for bench/training.ts: the same models, optimizer and batch sizes, CPU.

Usage: python3 bench/torch_mlp.py MODEL N BATCH EPOCHS THREADS   (MODEL: mlp | small | conv)
Prints one JSON line: {"samplesPerSecond": median over timed epochs, "epochs": [...], "loss": last epoch mean loss,
"threads": T, "torch": version, "blas": the BLAS library loaded}.
One untimed warm-up epoch first. Synthetic data, seeded.
"""
import json
import os
import statistics
import sys
import time

model_name, n, batch, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
# OpenBLAS keeps its own thread pool, sized from this variable when torch loads it: without it
# "1 thread" would still run OpenBLAS's GEMMs on every core.
os.environ["OPENBLAS_NUM_THREADS"] = str(threads)

import torch  # noqa: E402
from torch import nn  # noqa: E402

from torch_blas import blas_in_use  # noqa: E402

torch.set_num_threads(threads)
torch.manual_seed(0)

if model_name == "mlp":
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
    x = torch.rand(n, 784)
    classes = 10
elif model_name == "small":
    model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
    x = torch.randn(n, 2)
    classes = 3
elif model_name == "conv":
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3), nn.ReLU(), nn.Flatten(), nn.Linear(32 * 11 * 11, 10)
    )
    x = torch.rand(n, 1, 28, 28)
    classes = 10
else:
    raise SystemExit(f"unknown model {model_name}")
y = torch.randint(0, classes, (n,))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()


def epoch():
    model.train()
    perm = torch.randperm(n)
    total = 0.0
    for start in range(0, n, batch):
        idx = perm[start : start + batch]
        optimizer.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    return total / n


epoch()  # warm-up
rates = []
last = float("nan")
for _ in range(epochs):
    t = time.perf_counter()
    last = epoch()
    rates.append(n / (time.perf_counter() - t))
print(json.dumps({"samplesPerSecond": statistics.median(rates), "epochs": rates, "loss": last, "threads": torch.get_num_threads(), "torch": torch.__version__, "blas": blas_in_use()}))
