"""PyTorch's side of the end-to-end benchmark (bench/end-to-end.ts): the same work as `nnspec train`
on the spec that benchmark writes, as one whole process.

Usage: python3 bench/torch_train.py DIR THREADS EPOCHS PATIENCE SEED
DIR holds train-images-idx3-ubyte and train-labels-idx1-ubyte (MNIST's format). Like nnspec's
runner it reads the IDX files, splits them 80/10/10 (validation and test rounded, train the rest),
fits per-pixel min-max scaling on the training split and applies it to all three, then trains the
784-256-128-10 MLP (ReLU, dropout 0.2, softmax cross-entropy, Adam 1e-3, batch 64, reshuffled every
epoch) and after every epoch evaluates the whole training split without dropout and the validation
split (batches of 256, loss and accuracy), with early stopping on val_loss (Keras's patience rule,
best weights saved on each improvement and restored at the end); finally it evaluates the test
split (the restored epoch's train and validation evaluations stand for the final ones, as in
nnspec's runner), and prints a short report. The last line is JSON with the timings of the
data steps (read and parse with numpy, split, normalise) for the benchmark to print.
"""
import copy
import json
import os
import sys
import time

directory, threads, epochs, patience, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
# OpenBLAS sizes its own pool from this when torch loads it (see torch_mlp.py).
os.environ["OPENBLAS_NUM_THREADS"] = str(threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from torch_blas import blas_in_use  # noqa: E402

torch.set_num_threads(threads)
torch.manual_seed(seed)
timings = {}


def read_idx(path):
    """An IDX file as a numpy array: the header's big-endian sizes, then unsigned bytes."""
    raw = np.fromfile(path, dtype=np.uint8)
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    ndims = int(raw[3])
    dims = [int(d) for d in np.frombuffer(raw[4 : 4 + 4 * ndims].tobytes(), dtype=">u4")]
    return raw[4 + 4 * ndims :].reshape(dims)


started = time.perf_counter()
images = read_idx(os.path.join(directory, "train-images-idx3-ubyte")).reshape(-1, 28 * 28).astype(np.float32)
labels = read_idx(os.path.join(directory, "train-labels-idx1-ubyte")).astype(np.int64)
timings["load"] = time.perf_counter() - started

started = time.perf_counter()
count = len(labels)
n_validation, n_test = round(count * 0.1), round(count * 0.1)
order = np.random.default_rng(seed).permutation(count)
parts = {
    "validation": order[:n_validation],
    "test": order[n_validation : n_validation + n_test],
    "train": order[n_validation + n_test :],
}
splits = {name: (images[index], labels[index]) for name, index in parts.items()}
timings["split"] = time.perf_counter() - started

started = time.perf_counter()
low = splits["train"][0].min(axis=0)
span = splits["train"][0].max(axis=0) - low
constant = span == 0
span[constant] = 1
for name, (x, y) in splits.items():
    scaled = (x - low) / span
    scaled[:, constant] = 0  # a constant pixel of the training split maps to 0, as nnspec's minmax does
    splits[name] = (torch.from_numpy(scaled), torch.from_numpy(y))
timings["normalize"] = time.perf_counter() - started

model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
loss_fn = nn.CrossEntropyLoss(reduction="sum")


def train_epoch(x, y, batch=64):
    model.train()
    perm = torch.randperm(len(y))
    total, correct = 0.0, 0
    for start in range(0, len(y), batch):
        index = perm[start : start + batch]
        optimizer.zero_grad()
        logits = model(x[index])
        loss = loss_fn(logits, y[index])
        (loss / len(index)).backward()
        optimizer.step()
        total += loss.item()
        correct += int((logits.argmax(1) == y[index]).sum())
    return total / len(y), correct / len(y)


@torch.no_grad()
def evaluate(x, y, batch=256):
    model.eval()
    total, correct = 0.0, 0
    for start in range(0, len(y), batch):
        logits = model(x[start : start + batch])
        total += loss_fn(logits, y[start : start + batch]).item()
        correct += int((logits.argmax(1) == y[start : start + batch]).sum())
    return total / len(y), correct / len(y)


best, best_epoch, best_state, wait = float("inf"), 0, None, 0
for epoch in range(1, epochs + 1):
    started = time.perf_counter()
    loss, accuracy = train_epoch(*splits["train"])
    clean_loss, clean_accuracy = evaluate(*splits["train"])
    val_loss, val_accuracy = evaluate(*splits["validation"])
    print(
        f"epoch {epoch}: loss {loss:.4f} acc {accuracy:.4f}  clean {clean_loss:.4f} {clean_accuracy:.4f}"
        f"  val {val_loss:.4f} {val_accuracy:.4f}  {time.perf_counter() - started:.2f}s"
    )
    wait += 1
    if val_loss < best:
        best, best_epoch, best_state, wait = val_loss, epoch, copy.deepcopy(model.state_dict()), 0
        best_evaluations = {"train": (clean_loss, clean_accuracy), "validation": (val_loss, val_accuracy)}
    elif wait >= patience and epoch > 1:
        print(f"early stop: val_loss did not improve for {patience} epochs after epoch {best_epoch}")
        break
model.load_state_dict(best_state)
# As nnspec's runner does: the restored epoch's train and validation evaluations are those of the
# final weights, so only the test split is evaluated again.
final = {**best_evaluations, "test": evaluate(*splits["test"])}
for name in ("train", "validation", "test"):
    print(f"{name}: loss {final[name][0]:.4f} accuracy {final[name][1]:.4f}")
print(
    json.dumps(
        {"timings": timings, "epochsRun": epoch, "bestEpoch": best_epoch, "test": final["test"], "torch": torch.__version__, "blas": blas_in_use(), "threads": threads}
    )
)
