"""The base of every layer with weights: TF.js's initial values and Keras's regularizers (docs/export.md)."""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
import torch
from torch import nn

from .initializers import Initializer, Regularizer
from .weights import to_torch


class WeightedLayer(nn.Module):
    """A layer with weights: each drawn by its initializer in TF.js's layout, with its regularizer."""

    def __init__(self) -> None:
        super().__init__()
        self._regularizers: dict[str, Regularizer] = {}

    def add_weight(
        self,
        name: str,
        tfjs_shape: Sequence[int],
        layout: str,
        initializer: Initializer,
        regularizer: Optional[Regularizer] = None,
        trainable: bool = True,
    ) -> None:
        """Registers weight ``name`` (a parameter, or a buffer when not trainable), initialised as TF.js."""
        if name in self.__dict__:
            # A plain attribute set to None (a layer without this weight) would clash with the parameter.
            delattr(self, name)
        value = torch.from_numpy(np.ascontiguousarray(to_torch(layout, initializer.sample(tfjs_shape).numpy())))
        if trainable:
            self.register_parameter(name, nn.Parameter(value))
        else:
            self.register_buffer(name, value)
        if regularizer is not None:
            self._regularizers[name] = regularizer

    def penalty(self) -> torch.Tensor:
        """This layer's regularization terms (a layout change does not change them)."""
        terms = [regularizer(getattr(self, name)) for name, regularizer in self._regularizers.items()]
        return sum(terms, torch.zeros((), device=_device_of(self)))


def regularization_loss(model: nn.Module) -> torch.Tensor:
    """The sum of every layer's regularization terms; a zero tensor when the spec has none."""
    terms = [module.penalty() for module in model.modules() if isinstance(module, WeightedLayer)]
    return sum(terms, torch.zeros((), device=_device_of(model)))


def _device_of(module: nn.Module) -> torch.device:
    """Where the module's weights live (the CPU for a module without any), so the sum stays on one device."""
    for tensor in module.parameters():
        return tensor.device
    return torch.device("cpu")
