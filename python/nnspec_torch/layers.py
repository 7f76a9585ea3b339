"""nnspec's layers as PyTorch modules, computing what TF.js computes (docs/export.md, "model.py").

Values between layers stay channels-last, as in TF.js: ``[batch, steps, channels]``,
``[batch, height, width, channels]``; a convolution or a pooling permutes to PyTorch's
channels-first around its own operator only, so ``flatten`` and ``concatenate`` axes mean what they
mean in the spec. Every constructor takes each parameter of the catalogue entry explicitly: the
generated model.py passes the values of the IR, where nnspec filled in the defaults.
"""
from __future__ import annotations

import math
from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from .activations import activation_function
from .base import WeightedLayer, regularization_loss  # noqa: F401  (model.py calls layers.regularization_loss)
from .convolution import (  # noqa: F401  (model.py uses them as layers.Conv2D, ...)
    AvgPool1D,
    AvgPool2D,
    Conv1D,
    Conv2D,
    GlobalPool,
    MaxPool1D,
    MaxPool2D,
)
from .initializers import Initializer, Regularizer
from .recurrent import GRU, LSTM, SimpleRNN  # noqa: F401  (model.py uses them as layers.LSTM, ...)


class Activation(nn.Module):
    """``activation(name)``: TF.js's formula of the activation."""

    def __init__(self, activation: str) -> None:
        super().__init__()
        self.activation = activation
        self.function = activation_function(activation)

    def extra_repr(self) -> str:
        return repr(self.activation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.function(x)


class Dense(WeightedLayer):
    """``dense``: ``activation(x @ kernel + bias)``; ``weight`` is the kernel transposed (``[units, in]``)."""

    def __init__(
        self,
        in_features: int,
        units: int,
        *,
        activation: str,
        use_bias: bool,
        kernel_initializer: Initializer,
        bias_initializer: Initializer,
        kernel_regularizer: Optional[Regularizer],
        bias_regularizer: Optional[Regularizer],
    ) -> None:
        super().__init__()
        self.add_weight("weight", [in_features, units], "transpose", kernel_initializer, kernel_regularizer)
        self.bias: Optional[nn.Parameter] = None
        if use_bias:
            self.add_weight("bias", [units], "same", bias_initializer, bias_regularizer)
        self.activation = activation_function(activation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.activation(F.linear(x, self.weight, self.bias))


class Flatten(nn.Module):
    """``flatten``: channels-last values in row-major order, as TF.js."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], -1)


class Reshape(nn.Module):
    """``reshape``: the same values (row-major) in ``target_shape``."""

    def __init__(self, target_shape: Sequence[int]) -> None:
        super().__init__()
        self.target_shape = tuple(target_shape)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.target_shape)


class Noise(nn.Module):
    """A dropout or noise layer: ``noisy`` while training (``model.train()``), the identity otherwise."""

    def __init__(self, rate: float) -> None:
        super().__init__()
        self.rate = rate

    def extra_repr(self) -> str:
        return f"rate={self.rate}"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.rate == 0:
            return x
        return self.noisy(x)

    def noisy(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError


class Dropout(Noise):
    """``dropout``: inverted dropout (zero with probability ``rate``, scale the rest by 1 / (1 - rate))."""

    def noisy(self, x: torch.Tensor) -> torch.Tensor:
        return F.dropout(x, self.rate, training=True)


class SpatialDropout(Noise):
    """``spatial_dropout1d``/``2d``: drops whole channels (one draw per example and channel)."""

    def noisy(self, x: torch.Tensor) -> torch.Tensor:
        # The mask has size 1 on every axis but the batch and the channels (the last).
        shape = (x.shape[0],) + (1,) * (x.dim() - 2) + (x.shape[-1],)
        keep = (torch.rand(shape, device=x.device) >= self.rate).to(x.dtype)
        return x * keep / (1 - self.rate)


class SpatialDropout1D(SpatialDropout):
    """``spatial_dropout1d`` on ``[batch, steps, channels]``."""


class SpatialDropout2D(SpatialDropout):
    """``spatial_dropout2d`` on ``[batch, height, width, channels]``."""


class GaussianDropout(Noise):
    """``gaussian_dropout``: multiplies by noise from N(1, rate / (1 - rate))."""

    def noisy(self, x: torch.Tensor) -> torch.Tensor:
        stddev = math.sqrt(self.rate / (1 - self.rate))
        return x * (1 + stddev * torch.randn_like(x))


class GaussianNoise(Noise):
    """``gaussian_noise``: adds noise from N(0, stddev)."""

    def __init__(self, stddev: float) -> None:
        super().__init__(stddev)

    def noisy(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.rate * torch.randn_like(x)


class AlphaDropout(Noise):
    """``alpha_dropout``: dropout that keeps SELU's mean and variance, as Keras's AlphaDropout."""

    # -scale * alpha of SELU: the value a dropped unit takes.
    ALPHA_P = -1.6732632423543772 * 1.0507009873554805

    def noisy(self, x: torch.Tensor) -> torch.Tensor:
        keep_prob = 1 - self.rate
        a = 1 / math.sqrt(keep_prob * (1 + self.rate * self.ALPHA_P**2))
        b = -a * self.ALPHA_P * self.rate
        keep = (torch.rand_like(x) >= self.rate).to(x.dtype)
        return (x * keep + (1 - keep) * self.ALPHA_P) * a + b


class Normalization(WeightedLayer):
    """What batch and layer normalisation share: the learned scale (``gamma``) and offset (``beta``) of the last axis."""

    def add_scale_and_offset(self, features: int, scale: bool, center: bool) -> None:
        self.weight: Optional[nn.Parameter] = None
        self.bias: Optional[nn.Parameter] = None
        if scale:
            self.add_weight("weight", [features], "same", Initializer("ones"))
        if center:
            self.add_weight("bias", [features], "same", Initializer("zeros"))

    def scale_and_offset(self, y: torch.Tensor) -> torch.Tensor:
        if self.weight is not None:
            y = y * self.weight
        if self.bias is not None:
            y = y + self.bias
        return y


class BatchNorm(Normalization):
    """``batch_norm`` over the last axis, with Keras's moving averages.

    Keras's ``momentum`` m keeps m of the old statistic (``moving = m * moving + (1 - m) * batch``),
    PyTorch's momentum is the other share: 1 - m. The batch variance is the biased one, for
    normalising and for the moving variance, as TF.js.
    """

    def __init__(self, features: int, *, momentum: float, epsilon: float, center: bool, scale: bool) -> None:
        super().__init__()
        self.momentum = momentum
        self.epsilon = epsilon
        self.add_scale_and_offset(features, scale, center)
        self.add_weight("running_mean", [features], "same", Initializer("zeros"), trainable=False)
        self.add_weight("running_var", [features], "same", Initializer("ones"), trainable=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        axes = tuple(range(x.dim() - 1))
        if self.training:
            mean = x.mean(dim=axes)
            variance = x.var(dim=axes, unbiased=False)
            with torch.no_grad():
                keep = self.momentum
                self.running_mean.mul_(keep).add_((1 - keep) * mean.detach())
                self.running_var.mul_(keep).add_((1 - keep) * variance.detach())
        else:
            mean, variance = self.running_mean, self.running_var
        return self.scale_and_offset((x - mean) * torch.rsqrt(variance + self.epsilon))


class LayerNorm(Normalization):
    """``layer_norm`` over the last axis (biased variance, ``epsilon`` inside the square root)."""

    def __init__(self, features: int, *, epsilon: float, center: bool, scale: bool) -> None:
        super().__init__()
        self.epsilon = epsilon
        self.add_scale_and_offset(features, scale, center)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mean = x.mean(dim=-1, keepdim=True)
        variance = x.var(dim=-1, unbiased=False, keepdim=True)
        return self.scale_and_offset((x - mean) * torch.rsqrt(variance + self.epsilon))


class Embedding(WeightedLayer):
    """``embedding``: ``weight`` is ``[input_dim, output_dim]``, TF.js's layout. Inputs are truncated to integers, as TF.js's cast."""

    def __init__(
        self,
        *,
        input_dim: int,
        output_dim: int,
        embeddings_initializer: Initializer,
        embeddings_regularizer: Optional[Regularizer],
    ) -> None:
        super().__init__()
        self.add_weight("weight", [input_dim, output_dim], "same", embeddings_initializer, embeddings_regularizer)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.embedding(x.to(torch.int64), self.weight)


class Merge(nn.Module):
    """``add``, ``subtract``, ``multiply``, ``average``, ``maximum``, ``minimum``: element-wise, inputs in the spec's order."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def extra_repr(self) -> str:
        return repr(self.kind)

    def forward(self, inputs: Sequence[torch.Tensor]) -> torch.Tensor:
        first, *rest = inputs
        if self.kind == "subtract":
            return first - rest[0]
        result = first
        for x in rest:
            if self.kind in ("add", "average"):
                result = result + x
            elif self.kind == "multiply":
                result = result * x
            elif self.kind == "maximum":
                result = torch.maximum(result, x)
            else:
                result = torch.minimum(result, x)
        return result / len(inputs) if self.kind == "average" else result


class Concatenate(nn.Module):
    """``concatenate``: ``axis`` counted with the batch axis, as Keras (1: the first after it; -1: the last)."""

    def __init__(self, axis: int) -> None:
        super().__init__()
        self.axis = axis

    def extra_repr(self) -> str:
        return f"axis={self.axis}"

    def forward(self, inputs: Sequence[torch.Tensor]) -> torch.Tensor:
        # Values are channels-last with the batch first, as in TF.js, so Keras's axis is torch's dim.
        return torch.cat(list(inputs), dim=self.axis)


class TargetScale(nn.Module):
    """TF.js's ``target_scale``: the fixed ``y * std + mean`` that turns a standardised target back into its units."""

    def __init__(self, units: int, *, mean: float, std: float) -> None:
        super().__init__()
        # Buffers, not parameters: fixed, never trained, but saved and moved with the model.
        self.register_buffer("std", torch.full((units,), float(std)))
        self.register_buffer("mean", torch.full((units,), float(mean)))

    def forward(self, y: torch.Tensor) -> torch.Tensor:
        return y * self.std + self.mean
