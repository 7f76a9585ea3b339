"""The spec's metrics, computed exactly over a whole split as nnspec does.

Precision, AUC, RMSE or R² are not means of per-example values, so a mean of per-batch values
would be wrong. Every metric is therefore an accumulator (nnspec's
src/train/trainer/metric-accumulator.ts): each batch gives a few sums (confusion counts, a sum of
squared errors, ...), the sums are added up over batches, and over ranks with one all-reduce,
and the metric's ``finalize`` turns the totals into its value. A mean of per-example values
(accuracy, MAE) is the special case of one sum divided by the number of examples.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import torch

from .losses import label_kind, mean_absolute_error, mean_squared_error

# Keras's AUC(num_thresholds=200): 198 thresholds evenly spaced inside (0, 1), one just below 0
# and one just above 1, so that every prediction lies between two of them.
AUC_THRESHOLDS = 200
AUC_EPSILON = 1e-7

Statistics = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass
class Accumulator:
    """A metric as sums: ``statistics(y_true, y_pred)`` gives ``size`` sums for a batch (float64),
    ``finalize(sums, examples)`` the metric's value from the totals."""

    size: int
    statistics: Statistics
    finalize: Callable[[Sequence[float], int], float]


def _sample_mean(per_example: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> Accumulator:
    return Accumulator(
        1,
        lambda y_true, y_pred: per_example(y_true, y_pred).double().sum().reshape(1),
        lambda sums, examples: sums[0] / examples,
    )


def _true_classes(kind: str, y_true: torch.Tensor) -> torch.Tensor:
    return y_true.reshape(-1).long() if kind == "index" else y_true.argmax(-1)


def _binary_truth(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
    """Binary labels shaped as the predictions (one 0/1 value per output unit)."""
    return y_true.reshape(y_pred.shape) if y_true.numel() == y_pred.numel() else y_true + torch.zeros_like(y_pred)


def _accuracy(kind: str) -> Accumulator:
    if kind == "binary":
        return _sample_mean(lambda t, p: ((p > 0.5) == (_binary_truth(t, p) > 0.5)).float().mean(-1))
    return _sample_mean(lambda t, p: (p.argmax(-1) == _true_classes(kind, t)).float())


def _top_k_accuracy(kind: str, k: int) -> Accumulator:
    """Whether fewer than ``k`` classes score strictly higher than the true one (TF's ``in_top_k``:
    classes tied at the boundary all count as in the top ``k``)."""

    def per_example(t: torch.Tensor, p: torch.Tensor) -> torch.Tensor:
        true_score = p.gather(-1, _true_classes(kind, t).reshape(-1, 1))
        return ((p > true_score).float().sum(-1) < k).float()

    return _sample_mean(per_example)


def _confusion_counts(kind: str, classes: int) -> Statistics:
    """Per class ``[true positives (C), predicted (C), actual (C)]``; for a binary loss the one
    "class" is the positive one (a probability above 0.5)."""

    def statistics(t: torch.Tensor, p: torch.Tensor) -> torch.Tensor:
        if kind == "binary":
            predicted = (p > 0.5).double().reshape(-1, 1)
            actual = (_binary_truth(t, p) > 0.5).double().reshape(-1, 1)
        else:
            predicted = torch.nn.functional.one_hot(p.argmax(-1), classes).double()
            actual = torch.nn.functional.one_hot(_true_classes(kind, t), classes).double()
        return torch.cat([(predicted * actual).sum(0), predicted.sum(0), actual.sum(0)])

    return statistics


def _class_average(kind: str, classes: int, per_class: Callable[[float, float, float], float]) -> Accumulator:
    """Macro average over the classes present in the labels or the predictions (scikit-learn's
    ``average='macro'``, ``zero_division=0``); no class present gives 0."""
    width = 1 if kind == "binary" else classes

    def finalize(sums: Sequence[float], _examples: int) -> float:
        total, present = 0.0, 0
        for c in range(width):
            tp, predicted, actual = sums[c], sums[width + c], sums[2 * width + c]
            if predicted + actual == 0:
                continue
            total += per_class(tp, predicted, actual)
            present += 1
        return 0.0 if present == 0 else total / present

    return Accumulator(3 * width, _confusion_counts(kind, classes), finalize)


def _precision(tp: float, predicted: float, _actual: float) -> float:
    return 0.0 if predicted == 0 else tp / predicted


def _recall(tp: float, _predicted: float, actual: float) -> float:
    return 0.0 if actual == 0 else tp / actual


def _f1(tp: float, predicted: float, actual: float) -> float:
    return 0.0 if predicted + actual == 0 else 2 * tp / (predicted + actual)


def _auc() -> Accumulator:
    """Keras's ROC AUC: TP, FP, TN, FN at the thresholds, then a trapezoid sum."""
    count = AUC_THRESHOLDS
    thresholds = torch.tensor(
        [-AUC_EPSILON if i == 0 else 1 + AUC_EPSILON if i == count - 1 else i / (count - 1) for i in range(count)],
        dtype=torch.float32,
    ).reshape(1, count)

    def statistics(t: torch.Tensor, p: torch.Tensor) -> torch.Tensor:
        scores = p.reshape(-1, 1)
        positive = (_binary_truth(t, p) > 0.5).double().reshape(-1, 1)
        negative = 1 - positive
        above = (scores > thresholds.to(scores.device)).double()
        below = 1 - above
        return torch.cat([(above * positive).sum(0), (above * negative).sum(0), (below * negative).sum(0), (below * positive).sum(0)])

    def finalize(sums: Sequence[float], _examples: int) -> float:
        def ratio(a: float, b: float) -> float:
            return 0.0 if b == 0 else a / b

        tp, fp, tn, fn = (sums[k * count:(k + 1) * count] for k in range(4))
        recall = [ratio(tp[i], tp[i] + fn[i]) for i in range(count)]
        false_positive_rate = [ratio(fp[i], fp[i] + tn[i]) for i in range(count)]
        # The thresholds rise, so the false-positive rate falls from one to the next.
        return sum(
            (false_positive_rate[i] - false_positive_rate[i + 1]) * (recall[i] + recall[i + 1]) / 2 for i in range(count - 1)
        )

    return Accumulator(4 * count, statistics, finalize)


def _rmse() -> Accumulator:
    """The root of the mean over the split of the per-example mean squared errors."""
    return Accumulator(
        1,
        lambda t, p: mean_squared_error(t, p).double().sum().reshape(1),
        lambda sums, examples: math.sqrt(sums[0] / examples),
    )


def _r2(targets: int) -> Accumulator:
    """R² per target, ``1 - SSE / (Σy² - (Σy)²/n)``, averaged over the targets; a constant target
    gives 1 when predicted exactly, else 0 (scikit-learn's ``force_finite``)."""

    def statistics(t: torch.Tensor, p: torch.Tensor) -> torch.Tensor:
        truth = t.reshape(-1, targets).double()
        errors = p.reshape(-1, targets).double() - truth
        return torch.cat([errors.square().sum(0), truth.sum(0), truth.square().sum(0)])

    def finalize(sums: Sequence[float], examples: int) -> float:
        total = 0.0
        for j in range(targets):
            sse = sums[j]
            sst = sums[2 * targets + j] - sums[targets + j] ** 2 / examples
            total += 1 - sse / sst if sst > 0 else 1.0 if sse == 0 else 0.0
        return total / targets

    return Accumulator(3 * targets, statistics, finalize)


def create_metrics(names: Sequence[str], loss: dict, params: dict, output_units: int) -> dict[str, Accumulator]:
    """The accumulators of the spec's metrics, by report name, in the spec's order.

    ``params`` holds the parameters of the metrics that take some (``{"top_k_accuracy": {"k": 5}}``),
    ``output_units`` is the model's last axis (classes, or regression targets).
    """
    kind = label_kind(loss)
    metrics: dict[str, Accumulator] = {}
    for name in names:
        if name == "accuracy":
            metrics[name] = _accuracy(kind)
        elif name == "top_k_accuracy":
            metrics[name] = _top_k_accuracy(kind, int(params[name]["k"]))
        elif name in ("precision", "recall", "f1"):
            per_class = {"precision": _precision, "recall": _recall, "f1": _f1}[name]
            metrics[name] = _class_average(kind, output_units, per_class)
        elif name == "auc":
            metrics[name] = _auc()
        elif name in ("mse", "mean_squared_error"):
            metrics[name] = _sample_mean(mean_squared_error)
        elif name in ("mae", "mean_absolute_error"):
            metrics[name] = _sample_mean(mean_absolute_error)
        elif name in ("rmse", "root_mean_squared_error"):
            metrics[name] = _rmse()
        elif name == "r2":
            metrics[name] = _r2(output_units)
        else:
            raise ValueError(f"unknown metric {name!r}")
    return metrics


class StatsLayout:
    """Where each metric's sums sit in a statistics row ``[loss sum, *metric sums]`` (float64):
    rows of batches, and of ranks, simply add up."""

    def __init__(self, metrics: dict[str, Accumulator]):
        self.names = list(metrics)
        self.accumulators = list(metrics.values())
        self.offsets: list[int] = []
        width = 1
        for accumulator in self.accumulators:
            self.offsets.append(width)
            width += accumulator.size
        self.width = width

    def row(self, loss_sum: torch.Tensor, y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
        """One batch's row: its loss sum (already summed over its examples), then every metric's sums."""
        parts = [loss_sum.detach().double().reshape(1)]
        parts += [accumulator.statistics(y_true, y_pred).double().cpu() for accumulator in self.accumulators]
        return torch.cat([part.cpu() for part in parts])

    def finalize(self, sums: torch.Tensor, examples: int) -> tuple[float, dict[str, float]]:
        """The mean loss and the metrics from the column sums of a split's rows."""
        values = sums.tolist()
        metrics = {}
        for name, accumulator, offset in zip(self.names, self.accumulators, self.offsets):
            metrics[name] = accumulator.finalize(values[offset:offset + accumulator.size], examples)
        loss = values[0] / examples if examples > 0 else float("nan")
        return loss, metrics
