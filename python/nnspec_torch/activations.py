"""The catalogue's activations with TF.js's formulas (@tensorflow/tfjs-layers' activations.js)."""
from __future__ import annotations

import math
from typing import Callable

import torch
import torch.nn.functional as F

ActivationFunction = Callable[[torch.Tensor], torch.Tensor]


def hard_sigmoid(x: torch.Tensor) -> torch.Tensor:
    """TF.js's: clip(0.2 x + 0.5, 0, 1) (PyTorch's hardsigmoid has slope 1/6)."""
    return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)


def gelu(x: torch.Tensor) -> torch.Tensor:
    """TF.js's exact form: x * 0.5 * (1 + erf(x / sqrt 2)), not the tanh approximation."""
    return x * (0.5 * (1 + torch.erf(x / math.sqrt(2))))


def softmax(x: torch.Tensor) -> torch.Tensor:
    """Over the last axis, as TF.js's softmax activation."""
    return torch.softmax(x, dim=-1)


def softplus(x: torch.Tensor) -> torch.Tensor:
    """log(1 + exp(x)); both PyTorch and TF.js return x itself far above zero, where they agree to float32."""
    return F.softplus(x)


ACTIVATIONS: dict[str, ActivationFunction] = {
    "linear": lambda x: x,
    "relu": torch.relu,
    "relu6": lambda x: torch.clamp(x, 0.0, 6.0),
    "elu": F.elu,
    "selu": torch.selu,
    "sigmoid": torch.sigmoid,
    "hard_sigmoid": hard_sigmoid,
    "tanh": torch.tanh,
    "softmax": softmax,
    "softplus": softplus,
    "softsign": F.softsign,
    "swish": lambda x: x * torch.sigmoid(x),
    "mish": lambda x: x * torch.tanh(softplus(x)),
    "gelu": gelu,
}


def activation_function(name: str) -> ActivationFunction:
    """The function of a catalogue activation name."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}")
    return ACTIVATIONS[name]
