"""Convolutions and pooling on channels-last values, with TF's ``same`` padding (docs/export.md, "model.py").

Values stay ``[batch, steps, channels]`` or ``[batch, height, width, channels]`` between layers, as
in TF.js; each layer here moves the channels to PyTorch's axis 1 around its own operator only.
"""
from __future__ import annotations

import math
from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from .activations import activation_function
from .base import WeightedLayer
from .initializers import Initializer, Regularizer


def same_padding(size: int, window: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """TF's ``same`` padding of one axis: output ``ceil(size / stride)``, the odd extra at the end."""
    effective = (window - 1) * dilation + 1
    output = -(-size // stride)
    total = max((output - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def _pad_same(x: torch.Tensor, window: Sequence[int], strides: Sequence[int], dilation: Sequence[int], value: float = 0.0) -> torch.Tensor:
    """Pads a channels-first ``x`` as TF's ``same``; F.pad lists the last axis first."""
    pads: list[int] = []
    for axis in reversed(range(len(window))):
        before, after = same_padding(x.shape[2 + axis], window[axis], strides[axis], dilation[axis])
        pads += [before, after]
    return F.pad(x, pads, value=value) if any(pads) else x


def _channels_first(x: torch.Tensor) -> torch.Tensor:
    return x.movedim(-1, 1)


def _channels_last(x: torch.Tensor) -> torch.Tensor:
    return x.movedim(1, -1)


class Conv(WeightedLayer):
    """``conv1d``/``conv2d``: ``weight`` is ``[filters, in, k...]`` (TF.js's kernel ``[k..., in, filters]``)."""

    def __init__(
        self,
        in_channels: int,
        filters: int,
        *,
        kernel_size: Sequence[int],
        strides: Sequence[int],
        padding: str,
        dilation_rate: Sequence[int],
        activation: str,
        use_bias: bool,
        kernel_initializer: Initializer,
        bias_initializer: Initializer,
        kernel_regularizer: Optional[Regularizer],
        bias_regularizer: Optional[Regularizer],
    ) -> None:
        super().__init__()
        self.kernel_size = tuple(kernel_size)
        self.strides = tuple(strides)
        self.padding = padding
        self.dilation_rate = tuple(dilation_rate)
        self.add_weight("weight", [*kernel_size, in_channels, filters], "conv", kernel_initializer, kernel_regularizer)
        self.bias: Optional[nn.Parameter] = None
        if use_bias:
            self.add_weight("bias", [filters], "same", bias_initializer, bias_regularizer)
        self.activation = activation_function(activation)
        self.convolve = F.conv1d if len(self.kernel_size) == 1 else F.conv2d

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = _channels_first(x)
        if self.padding == "same":
            x = _pad_same(x, self.kernel_size, self.strides, self.dilation_rate)
        y = self.convolve(x, self.weight, self.bias, stride=self.strides, dilation=self.dilation_rate)
        return self.activation(_channels_last(y))


class Conv1D(Conv):
    """``conv1d`` on ``[batch, steps, channels]``."""


class Conv2D(Conv):
    """``conv2d`` on ``[batch, height, width, channels]``."""


class Pool(nn.Module):
    """Max and average pooling, ``same`` padding as TF (an average counts only the values inside)."""

    KIND = "max"

    def __init__(self, *, pool_size: Sequence[int], strides: Sequence[int], padding: str) -> None:
        super().__init__()
        self.pool_size = tuple(pool_size)
        self.strides = tuple(strides)
        self.padding = padding

    def extra_repr(self) -> str:
        return f"pool_size={self.pool_size}, strides={self.strides}, padding={self.padding!r}"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = _channels_first(x)
        two_d = len(self.pool_size) == 2
        ones = (1,) * len(self.pool_size)
        if self.KIND == "max":
            if self.padding == "same":
                x = _pad_same(x, self.pool_size, self.strides, ones, value=-math.inf)
            pool = F.max_pool2d if two_d else F.max_pool1d
            return _channels_last(pool(x, self.pool_size, self.strides))
        pool = F.avg_pool2d if two_d else F.avg_pool1d
        if self.padding != "same":
            return _channels_last(pool(x, self.pool_size, self.strides))
        # Zero padding, then divide by the share of each window that lies inside the input.
        inside = _pad_same(torch.ones_like(x[:1, :1]), self.pool_size, self.strides, ones)
        x = _pad_same(x, self.pool_size, self.strides, ones)
        return _channels_last(pool(x, self.pool_size, self.strides) / pool(inside, self.pool_size, self.strides))


class MaxPool1D(Pool):
    """``max_pool1d``."""


class MaxPool2D(Pool):
    """``max_pool2d``."""


class AvgPool1D(Pool):
    """``avg_pool1d``."""

    KIND = "avg"


class AvgPool2D(Pool):
    """``avg_pool2d``."""

    KIND = "avg"


class GlobalPool(nn.Module):
    """``global_avg_pool1d/2d``, ``global_max_pool1d/2d``: over every axis but the batch and channels."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def extra_repr(self) -> str:
        return repr(self.kind)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        axes = tuple(range(1, x.dim() - 1))
        return x.mean(dim=axes) if self.kind == "avg" else x.amax(dim=axes)
