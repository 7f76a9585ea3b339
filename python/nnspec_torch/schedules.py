"""Learning-rate schedules acting once per epoch, as nnspec's (src/train/schedules.ts).

Epochs are 1-based and epoch 1 trains at the optimizer's initial rate. The training loop asks
``rate_for_epoch(e)`` before epoch ``e`` and reports the epoch's logs with ``end_epoch`` afterwards
(only ``reduce_on_plateau`` reacts).
"""
from __future__ import annotations

import math
from typing import Mapping, Optional

import numpy as np


class Schedule:
    """A fixed schedule: ``rate(epoch)`` for every epoch."""

    def __init__(self, kind: str, rate):
        self.kind = kind
        self._rate = rate

    def rate_for_epoch(self, epoch: int) -> float:
        return self._rate(epoch)

    def end_epoch(self, epoch: int, logs: Mapping[str, Optional[float]]) -> None:
        """Fixed schedules ignore the logs."""


class ReduceOnPlateau(Schedule):
    """Keras's ``ReduceLROnPlateau.on_epoch_end``, exactly.

    An improvement is ``current < best - min_delta`` (min) or ``current > best + min_delta`` (max),
    ``best`` starting at ±inf. In cooldown the counter runs down and ``wait`` is cleared; on an
    improvement ``best`` is taken and ``wait`` cleared; otherwise, out of cooldown, ``wait += 1``
    and at ``patience`` the rate is multiplied by ``factor`` (not below ``min_lr``).
    """

    def __init__(self, initial: float, monitor: str, mode: str, factor: float, patience: int, min_delta: float, min_lr: float, cooldown: int):
        super().__init__("reduce_on_plateau", lambda epoch: self.learning_rate)
        self.learning_rate = initial
        self.monitor = monitor
        self.is_max = mode == "max"
        self.factor, self.patience, self.min_delta, self.min_lr, self.cooldown = factor, patience, min_delta, min_lr, cooldown
        self.best = -math.inf if self.is_max else math.inf
        self.wait = 0
        self.cooldown_counter = 0

    def _improves(self, current: float) -> bool:
        return current > self.best + self.min_delta if self.is_max else current < self.best - self.min_delta

    def end_epoch(self, epoch: int, logs: Mapping[str, Optional[float]]) -> None:
        current = logs.get(self.monitor)
        if current is None:
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self._improves(current):
            self.best = current
            self.wait = 0
            return
        if self.cooldown_counter > 0:
            return
        self.wait += 1
        # Keras compares in float32, the optimizer's precision: a rate already at min_lr stays put.
        if self.wait >= self.patience and np.float32(self.learning_rate) > np.float32(self.min_lr):
            self.learning_rate = max(self.learning_rate * self.factor, self.min_lr)
            self.cooldown_counter = self.cooldown
            self.wait = 0


def create_schedule(call: Optional[dict], initial: float, epochs: int) -> Optional[Schedule]:
    """The schedule of the spec's ``schedule:`` call, or None.

    ``epochs`` is the run's length (``--epochs`` applied): the length of a ``cosine_decay`` whose
    ``epochs`` is None. A ``reduce_on_plateau`` has its mode resolved (train.py writes ``auto`` as
    the direction nnspec's catalogue gives the monitored metric).
    """
    if call is None:
        return None
    p = call["params"]
    kind = call["type"]
    if kind == "step_decay":
        drop, every = float(p["drop"]), int(p["every"])
        return Schedule(kind, lambda e: initial * drop ** math.floor((e - 1) / every))
    if kind == "exponential_decay":
        rate, steps = float(p["rate"]), float(p["steps"])
        return Schedule(kind, lambda e: initial * rate ** ((e - 1) / steps))
    if kind == "cosine_decay":
        length = int(p["epochs"]) if p.get("epochs") is not None else epochs
        min_lr = float(p["min_lr"])

        def cosine(e: int) -> float:
            progress = min(max(e - 1, 0), length) / length
            return min_lr + (initial - min_lr) * 0.5 * (1 + math.cos(math.pi * progress))

        return Schedule(kind, cosine)
    if kind == "reduce_on_plateau":
        return ReduceOnPlateau(
            initial, p["monitor"], p["mode"], float(p["factor"]), int(p["patience"]), float(p["min_delta"]), float(p["min_lr"]), int(p["cooldown"])
        )
    raise ValueError(f"unknown schedule {kind!r}")
