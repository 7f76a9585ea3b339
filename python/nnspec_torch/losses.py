"""The spec's loss as Keras (and so TF.js, and so nnspec) computes it.

Every loss takes the model's output as nnspec's model gives it: probabilities after the softmax or
sigmoid for classification, values in the target's units for regression. Each returns one value per
example; the training loop averages. Targets are encoded for the loss by :func:`encode_targets`.
"""
from __future__ import annotations

from typing import Callable

import torch

Loss = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
"""``loss(y_true, y_pred) -> [batch]``: one value per example."""

# Keras's backend epsilon: probabilities are clipped to [EPSILON, 1 - EPSILON] before the log.
EPSILON = 1e-7


def categorical_crossentropy(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of one-hot targets against probabilities (clipped, as Keras does)."""
    clipped = y_pred.clamp(EPSILON, 1 - EPSILON)
    return -(y_true * clipped.log()).sum(-1)


def sparse_categorical_crossentropy(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of class indices against probabilities: the categorical one on one-hot targets."""
    one_hot = torch.nn.functional.one_hot(y_true.reshape(-1).long(), y_pred.shape[-1]).to(y_pred.dtype)
    return categorical_crossentropy(one_hot, y_pred)


def binary_crossentropy(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of 0/1 targets against probabilities, averaged over the output units."""
    p = y_pred.clamp(EPSILON, 1 - EPSILON)
    return -(y_true * p.log() + (1 - y_true) * (1 - p).log()).mean(-1)


def mean_squared_error(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
    """Squared error averaged over the targets of an example (also the ``mse`` metric)."""
    return (y_pred - y_true).square().mean(-1)


def mean_absolute_error(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
    """Absolute error averaged over the targets of an example (also the ``mae`` metric)."""
    return (y_pred - y_true).abs().mean(-1)


def huber(delta: float) -> Loss:
    """Keras's Huber loss: squared below ``delta``, linear above, averaged over the targets."""

    def loss(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
        error = (y_pred - y_true).abs()
        quadratic = error.clamp(max=delta)
        linear = error - quadratic
        return (0.5 * quadratic.square() + delta * linear).mean(-1)

    return loss


def create_loss(call: dict) -> Loss:
    """The loss of the spec's ``loss:`` call (``{"type": ..., "params": {...}}``, every parameter filled in)."""
    kind = call["type"]
    if kind == "categorical_crossentropy":
        return categorical_crossentropy
    if kind == "sparse_categorical_crossentropy":
        return sparse_categorical_crossentropy
    if kind == "binary_crossentropy":
        return binary_crossentropy
    if kind in ("mean_squared_error", "mse"):
        return mean_squared_error
    if kind in ("mean_absolute_error", "mae"):
        return mean_absolute_error
    if kind == "huber":
        return huber(float(call["params"]["delta"]))
    raise ValueError(f"unknown loss {kind!r}")


def label_kind(loss: dict) -> str:
    """How the loss takes its labels, which also decides how a prediction becomes a class:
    ``index`` (sparse), ``binary`` (binary crossentropy), ``one-hot`` (categorical) or ``value`` (regression)."""
    kind = loss["type"]
    if kind == "sparse_categorical_crossentropy":
        return "index"
    if kind == "binary_crossentropy":
        return "binary"
    if kind == "categorical_crossentropy":
        return "one-hot"
    return "value"


def encode_targets(y: torch.Tensor, loss: dict, units: int) -> torch.Tensor:
    """The targets as the loss wants them, from data.py's ``y`` (class indices, or values).

    One-hot rows for a categorical loss and for a binary loss with several output units, a column
    for a one-unit binary loss and for regression, the indices themselves for a sparse loss: the
    encoding nnspec's trainer uploads (src/train/runner/tensors.ts).
    """
    kind = loss["type"]
    if kind == "sparse_categorical_crossentropy":
        return y.reshape(-1).long()
    if kind == "categorical_crossentropy" or (kind == "binary_crossentropy" and units > 1):
        return torch.nn.functional.one_hot(y.reshape(-1).long(), units).float()
    return y.reshape(y.shape[0], -1).float()
