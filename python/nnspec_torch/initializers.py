"""Keras's initializers and regularizers, as nnspec's TF.js backend applies them (docs/export.md).

Every initializer draws its values in TF.js's layout (a dense kernel is ``[in, out]``, a
convolution's ``[k..., in, out]``), so fan-in and fan-out are those Keras computes; the layer then
converts the tensor to PyTorch's layout with the same function that converts trained weights
(``weights.to_torch``). The draws come from PyTorch's generator (``torch.manual_seed``), so they
follow the same distributions as nnspec's, not the same numbers.
"""
from __future__ import annotations

import math
from typing import Sequence

import torch

# Keras's correction for a normal truncated at two standard deviations: the standard deviation of
# a standard normal truncated to [-2, 2], so the truncated draw has the intended variance.
TRUNCATED_NORMAL_STDDEV = 0.87962566103423978


class Initializer:
    """One initializer of the catalogue (``glorot_uniform``, ``random_normal(stddev: 0.02)``, ...)."""

    def __init__(self, kind: str, **params: float) -> None:
        self.kind = kind
        self.params = params

    def __repr__(self) -> str:
        args = "".join(f", {key}={value!r}" for key, value in self.params.items())
        return f"Initializer({self.kind!r}{args})"

    def sample(self, shape: Sequence[int]) -> torch.Tensor:
        """A new float32 tensor of ``shape`` (TF.js's layout of the weight)."""
        shape = tuple(int(size) for size in shape)
        p = self.params
        if self.kind == "zeros":
            return torch.zeros(shape)
        if self.kind == "ones":
            return torch.ones(shape)
        if self.kind == "constant":
            return torch.full(shape, float(p["value"]))
        if self.kind == "random_normal":
            return torch.randn(shape) * float(p["stddev"]) + float(p["mean"])
        if self.kind == "random_uniform":
            return torch.rand(shape) * (float(p["maxval"]) - float(p["minval"])) + float(p["minval"])
        if self.kind == "truncated_normal":
            return truncated_normal(shape, float(p["mean"]), float(p["stddev"]))
        if self.kind in VARIANCE_SCALING:
            scale, mode, distribution = VARIANCE_SCALING[self.kind]
            return variance_scaling(shape, scale, mode, distribution)
        if self.kind == "orthogonal":
            return orthogonal(shape, float(p["gain"]))
        raise ValueError(f"unknown initializer {self.kind!r}")


# name: (scale, mode, distribution), Keras's VarianceScaling arguments of each named initializer.
VARIANCE_SCALING = {
    "glorot_uniform": (1.0, "fan_avg", "uniform"),
    "glorot_normal": (1.0, "fan_avg", "truncated_normal"),
    "he_uniform": (2.0, "fan_in", "uniform"),
    "he_normal": (2.0, "fan_in", "truncated_normal"),
    "lecun_uniform": (1.0, "fan_in", "uniform"),
    "lecun_normal": (1.0, "fan_in", "truncated_normal"),
}


def compute_fans(shape: Sequence[int]) -> tuple[float, float]:
    """Fan-in and fan-out as TF.js computes them for a channels-last weight of ``shape``."""
    if len(shape) == 2:
        return float(shape[0]), float(shape[1])
    if len(shape) in (3, 4, 5):
        receptive_field = math.prod(shape[:-2])
        return float(shape[-2] * receptive_field), float(shape[-1] * receptive_field)
    # A bias or another rank: TF.js takes the square root of the size for both.
    root = math.sqrt(math.prod(shape))
    return root, root


def truncated_normal(shape: Sequence[int], mean: float, stddev: float) -> torch.Tensor:
    """Normal values redrawn when further than two standard deviations from the mean."""
    tensor = torch.empty(tuple(shape))
    if stddev == 0:
        return tensor.fill_(mean)
    return torch.nn.init.trunc_normal_(tensor, mean, stddev, mean - 2 * stddev, mean + 2 * stddev)


def variance_scaling(shape: Sequence[int], scale: float, mode: str, distribution: str) -> torch.Tensor:
    """Keras's VarianceScaling: variance ``scale / n``, ``n`` the fan-in or the mean of both fans."""
    fan_in, fan_out = compute_fans(shape)
    n = fan_in if mode == "fan_in" else (fan_in + fan_out) / 2
    variance = scale / max(1.0, n)
    if distribution == "uniform":
        limit = math.sqrt(3 * variance)
        return torch.rand(tuple(shape)) * (2 * limit) - limit
    return truncated_normal(shape, 0.0, math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV)


def orthogonal(shape: Sequence[int], gain: float) -> torch.Tensor:
    """A random orthogonal matrix times ``gain`` (QR of a normal matrix, signs made uniform), as TF.js."""
    rows = math.prod(shape[:-1])
    cols = shape[-1]
    normal = torch.randn(max(rows, cols), min(rows, cols), dtype=torch.float64)
    q, r = torch.linalg.qr(normal)
    q = q * torch.sign(torch.diagonal(r))
    if rows < cols:
        q = q.t()
    return (gain * q).reshape(tuple(shape)).to(torch.float32)


class Regularizer:
    """Keras's L1/L2 penalty of one weight: ``l1 * sum(|w|) + l2 * sum(w ** 2)``, added to the loss."""

    def __init__(self, kind: str, l1: float = 0.0, l2: float = 0.0) -> None:
        # The generated model.py passes every factor of its kind from the spec; an absent one is no term.
        self.kind = kind
        self.l1 = l1
        self.l2 = l2

    def __repr__(self) -> str:
        return f"Regularizer({self.kind!r}, l1={self.l1!r}, l2={self.l2!r})"

    def __call__(self, weight: torch.Tensor) -> torch.Tensor:
        penalty = weight.new_zeros(())
        if self.l1:
            penalty = penalty + self.l1 * weight.abs().sum()
        if self.l2:
            penalty = penalty + self.l2 * weight.square().sum()
        return penalty
