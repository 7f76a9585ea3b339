"""One rank's share of nnspec's epoch: the training pass over the (global) batches and the
evaluation of a whole split, every figure all-reduced (see training.py for the run around them)."""
from __future__ import annotations

import math
import signal
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Optional

import numpy as np
import torch
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DistributedSampler

from . import distributed
from .config import TrainingConfig
from .distributed import Context, UsageError
from .losses import create_loss, encode_targets
from .metrics import StatsLayout, create_metrics
from .optimizers import create_optimizer

# Inference needs no gradients: evaluation runs in bigger batches than training (as nnspec's).
MIN_EVALUATION_BATCH = 256


@dataclass
class Split:
    """One split on this process: features and targets encoded for the loss."""

    x: torch.Tensor
    y: torch.Tensor

    @property
    def count(self) -> int:
        return int(self.x.shape[0])


def _tensor(value) -> torch.Tensor:
    return value if isinstance(value, torch.Tensor) else torch.from_numpy(np.ascontiguousarray(value))


def load_data(config: TrainingConfig, data: ModuleType) -> dict:
    """data.py's splits as tensors (a missing or empty split is None)."""
    splits = {}
    for name, value in data.load_splits().items():
        if value is None or len(value[0]) == 0:
            splits[name] = None
            continue
        x, y = value
        splits[name] = Split(_tensor(x).float(), encode_targets(_tensor(y), config.loss, config.output_units))
    if splits.get("train") is None:
        raise UsageError("data.py gave no training examples")
    return splits


class Interrupt:
    """Ctrl-C as nnspec takes it: the first one stops the run at the next batch (one process) or
    after the epoch (ranks, which agree on it with an all-reduce), evaluated and reported as
    ``interrupted``; a second one aborts at once."""

    def __init__(self):
        self.requested = False
        self._previous = None

    def __enter__(self) -> "Interrupt":
        def handler(signum, frame):
            if self.requested:
                raise KeyboardInterrupt
            self.requested = True
            print("stopping (Ctrl-C again to abort)", file=sys.stderr, flush=True)

        try:
            self._previous = signal.signal(signal.SIGINT, handler)
        except ValueError:  # not the main thread: no handler, no Ctrl-C handling
            self._previous = None
        return self

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def anywhere(self, context: Context) -> bool:
        """Whether any rank was interrupted (every rank must call it at the same point)."""
        flag = torch.tensor([1.0 if self.requested else 0.0], dtype=torch.float64)
        return bool(distributed.all_reduce_sum(context, flag)[0] > 0)


class Trainer:
    """The model, its optimizer, loss and metrics on this rank, and the epoch and evaluation passes."""

    def __init__(self, config: TrainingConfig, model: torch.nn.Module, context: Context, seed: int, gradient_factor: float):
        self.config = config
        self.context = context
        self.module = model
        self.model = DistributedDataParallel(model, device_ids=[context.device.index] if context.device.type == "cuda" else None) if context.distributed else model
        self.optimizer = create_optimizer(config.optimizer, model.parameters())
        self.loss = create_loss(config.loss)
        self.layout = StatsLayout(create_metrics(config.metrics, config.loss, config.metric_params, config.output_units))
        self.seed = seed
        self.gradient_factor = gradient_factor
        self.local_batch = config.batch_size // context.world_size

    def regularization(self) -> torch.Tensor:
        return self.module.regularization_loss()

    def train_epoch(self, split: Split, epoch: int, interrupt: "Interrupt") -> dict:
        """One pass over the training split; the global mean loss and metrics (dropout on), the
        first batch whose loss is not finite, and whether Ctrl-C cut the epoch short (one process only:
        ranks cannot leave an epoch at different batches)."""
        context, device = self.context, self.context.device
        n, world = split.count, context.world_size
        sampler = DistributedSampler(range(n), num_replicas=world, rank=context.rank, shuffle=self.config.shuffle, seed=self.seed, drop_last=False)
        sampler.set_epoch(epoch)
        indices = torch.tensor(list(sampler), dtype=torch.long)
        # The sampler pads the split to a multiple of the ranks by repeating its first examples;
        # the repeats (this rank's positions rank + j·world past n) weigh 0, so every batch is
        # exactly the one-process batch.
        real = (context.rank + torch.arange(len(indices)) * world) < n
        batches = math.ceil(len(indices) / self.local_batch) if len(indices) else 0
        self.model.train()
        rows, batch_losses = [], []
        examples = 0
        interrupted = False
        for number, start in enumerate(range(0, len(indices), self.local_batch), start=1):
            batch = indices[start:start + self.local_batch]
            weight = real[start:start + self.local_batch].float().to(device)
            # Examples of this global batch over all ranks: the batch's place in the padded order.
            first = (number - 1) * self.config.batch_size
            global_count = max(0, min(first + self.config.batch_size, n) - first)
            x, y = split.x[batch].to(device), split.y[batch].to(device)
            prediction = self.model(x)
            per_example = self.loss(y, prediction)
            data_sum = (per_example * weight).sum()
            regularization = self.regularization()
            # DDP averages the ranks' gradients: world · (this rank's share of the batch's sum) / count
            # makes that average the gradient of the global batch's mean loss.
            objective = data_sum * (world * self.gradient_factor / global_count) + regularization
            self.optimizer.zero_grad(set_to_none=True)
            objective.backward()
            self.optimizer.step()
            with torch.no_grad():
                kept = weight > 0
                local_real = int(kept.sum())
                examples += local_real
                loss_sum = data_sum + regularization.detach() * local_real
                rows.append(self.layout.row(loss_sum, y[kept], prediction.detach()[kept]))
                batch_losses.append(float(loss_sum))
            if not context.distributed and interrupt.requested and number < batches:
                interrupted = True
                break
        sums = torch.stack(rows).sum(0) if rows else torch.zeros(self.layout.width, dtype=torch.float64)
        # One all-reduce per epoch: the examples, the statistics, then every batch's loss sum (to find a bad one).
        local = torch.cat([torch.tensor([examples], dtype=torch.float64), sums, torch.tensor(batch_losses, dtype=torch.float64)])
        totals = distributed.all_reduce_sum(context, local)
        loss, metrics = self.layout.finalize(totals[1:1 + self.layout.width], int(totals[0]))
        first_bad = None
        batch_totals = totals[1 + self.layout.width:].tolist()
        for number, value in enumerate(batch_totals, start=1):
            if not math.isfinite(value):
                count = max(0, min(number * self.config.batch_size, n) - (number - 1) * self.config.batch_size)
                first_bad = {"batch": number, "value": value / max(count, 1)}
                break
        return {"loss": loss, "metrics": metrics, "batches": batches, "batches_run": len(batch_totals), "first_bad": first_bad, "interrupted": interrupted}

    @torch.no_grad()
    def evaluate(self, split: Optional[Split]) -> Optional[tuple]:
        """Inference-mode loss (regularization included) and metrics over a whole split; each rank
        takes every world-th example, the sums are all-reduced. None without the split."""
        if split is None:
            return None
        context = self.context
        self.module.eval()
        mine = torch.arange(context.rank, split.count, context.world_size)
        size = max(self.config.batch_size, MIN_EVALUATION_BATCH)
        sums = torch.zeros(self.layout.width, dtype=torch.float64)
        for start in range(0, len(mine), size):
            batch = mine[start:start + size]
            x, y = split.x[batch].to(context.device), split.y[batch].to(context.device)
            prediction = self.module(x)
            sums += self.layout.row(self.loss(y, prediction).sum(), y, prediction)
        totals = distributed.all_reduce_sum(context, sums)
        loss, metrics = self.layout.finalize(totals, split.count)
        return loss + float(self.regularization()), metrics
