"""``simple_rnn``, ``lstm`` and ``gru`` as TF.js computes them (@tensorflow/tfjs-layers' recurrent.js).

Each is a loop over the steps of ``[batch, steps, features]``, the state starting at zero:

- SimpleRNN: ``h = activation(x K + b + h R)``;
- LSTM (gates ``i, f, c, o``): ``c = f * c + i * activation(z_c)``, ``h = o * activation(c)``;
- GRU, TF.js's only variant (Keras's ``reset_after: false``, one bias per gate; gates ``z, r, h``):
  ``hh = activation(x K_h + b_h + (r * h) R_h)``, ``h = z * h + (1 - z) * hh``.

PyTorch's nn.RNN, nn.LSTM and nn.GRU have two biases per gate (and nn.GRU resets after the
product), so they would have other parameter counts: these loops keep TF.js's. ``weight_ih`` is
TF.js's ``kernel`` transposed (``[gates * units, features]``), ``weight_hh`` its
``recurrent_kernel`` transposed, ``bias`` its ``bias``; the gates keep TF.js's order.

Dropout as TF.js (and Keras's implementation 2) applies it while training: one input mask and one
state mask per batch, the same at every step.
"""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn.functional as F

from .activations import activation_function
from .base import WeightedLayer
from .initializers import Initializer, Regularizer


class Recurrent(WeightedLayer):
    """What the three recurrent layers share: weights, masks and the loop; ``cell`` is one step."""

    GATES = 1

    def __init__(
        self,
        features: int,
        units: int,
        *,
        activation: str,
        recurrent_activation: Optional[str] = None,
        use_bias: bool,
        return_sequences: bool,
        kernel_initializer: Initializer,
        recurrent_initializer: Initializer,
        bias_initializer: Initializer,
        kernel_regularizer: Optional[Regularizer],
        recurrent_regularizer: Optional[Regularizer],
        bias_regularizer: Optional[Regularizer],
        dropout: float,
        recurrent_dropout: float,
    ) -> None:
        super().__init__()
        self.units = units
        self.return_sequences = return_sequences
        self.dropout = dropout
        self.recurrent_dropout = recurrent_dropout
        self.activation = activation_function(activation)
        self.recurrent_activation = activation_function(recurrent_activation) if recurrent_activation else None
        width = self.GATES * units
        self.add_weight("weight_ih", [features, width], "transpose", kernel_initializer, kernel_regularizer)
        self.add_weight("weight_hh", [units, width], "transpose", recurrent_initializer, recurrent_regularizer)
        self.bias: Optional[torch.nn.Parameter] = None
        if use_bias:
            self.add_weight("bias", [width], "same", bias_initializer, bias_regularizer)

    def _mask(self, like: torch.Tensor, rate: float) -> Optional[torch.Tensor]:
        if not self.training or not 0 < rate < 1:
            return None
        return (torch.rand_like(like) >= rate).to(like.dtype) / (1 - rate)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, steps = x.shape[0], x.shape[1]
        input_mask = self._mask(x[:, 0], self.dropout)
        if input_mask is not None:
            x = x * input_mask.unsqueeze(1)
        # Every step's input projection at once; the loop adds the state's.
        projected = F.linear(x, self.weight_ih, self.bias)
        h = x.new_zeros(batch, self.units)
        state_mask = self._mask(h, self.recurrent_dropout)
        c = x.new_zeros(batch, self.units)
        outputs = []
        for t in range(steps):
            if state_mask is not None:
                h = h * state_mask
            h, c = self.cell(projected[:, t], h, c)
            outputs.append(h)
        return torch.stack(outputs, dim=1) if self.return_sequences else h

    def cell(self, xw: torch.Tensor, h: torch.Tensor, c: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        raise NotImplementedError


class SimpleRNN(Recurrent):
    """``simple_rnn``: ``h = activation(x K + b + h R)``."""

    GATES = 1

    def cell(self, xw: torch.Tensor, h: torch.Tensor, c: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.activation(xw + h @ self.weight_hh.t()), c


class LSTM(Recurrent):
    """``lstm``, gates ``i, f, c, o`` (PyTorch's nn.LSTM order too)."""

    GATES = 4

    def cell(self, xw: torch.Tensor, h: torch.Tensor, c: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        assert self.recurrent_activation is not None
        z_i, z_f, z_c, z_o = (xw + h @ self.weight_hh.t()).chunk(4, dim=-1)
        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        c = f * c + i * self.activation(z_c)
        o = self.recurrent_activation(z_o)
        return o * self.activation(c), c


class GRU(Recurrent):
    """``gru``, TF.js's variant (reset before the recurrent product), gates ``z, r, h``."""

    GATES = 3

    def cell(self, xw: torch.Tensor, h: torch.Tensor, c: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        assert self.recurrent_activation is not None
        units = self.units
        x_z, x_r, x_h = xw.chunk(3, dim=-1)
        recurrent_zr = h @ self.weight_hh[: 2 * units].t()
        r_z, r_r = recurrent_zr.chunk(2, dim=-1)
        z = self.recurrent_activation(x_z + r_z)
        r = self.recurrent_activation(x_r + r_r)
        hh = self.activation(x_h + (r * h) @ self.weight_hh[2 * units :].t())
        return z * h + (1 - z) * hh, c
