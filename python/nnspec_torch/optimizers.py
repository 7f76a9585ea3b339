"""The spec's optimizer with TF.js's update rules, so a run follows nnspec's.

``sgd`` (with momentum and Nesterov) and ``adam`` are torch.optim's own classes: their updates are
TF.js's, term for term. The others differ in torch.optim, so they are written out below with
TF.js's formulas (tfjs-core/src/optimizers/*.ts), which the interop tests compare step by step:

- RMSprop: TF.js adds epsilon under the square root and multiplies the gradient by the learning
  rate before the momentum (torch adds epsilon after the root and applies the rate after it);
  centered, TF.js computes ``sqrt(ms - (mg² + epsilon))``, which is kept as it is.
- Adagrad: TF.js divides by ``sqrt(accumulator + 1e-7)``, torch by ``sqrt(accumulator) + 1e-10``.
- Adamax: TF.js divides by ``u + epsilon``, torch keeps ``max(beta_2 u, |g| + epsilon)``.
- Adadelta: TF.js scales the gradient by the root of the squared-gradient average from BEFORE this
  step's update (torch: after it); kept as TF.js has it.
"""
from __future__ import annotations

from typing import Iterable

import torch

# TF.js's backend epsilon (float32 backends), which Adagrad adds under its root.
TFJS_BACKEND_EPSILON = 1e-7


class TfjsRMSprop(torch.optim.Optimizer):
    """RMSprop as TF.js updates: ``mom = momentum·mom + lr·g / sqrt(ms + eps)``, ``w -= mom``."""

    def __init__(self, params: Iterable, lr: float, rho: float, momentum: float, eps: float, centered: bool):
        super().__init__(params, dict(lr=lr, rho=rho, momentum=momentum, eps=eps, centered=centered))

    @torch.no_grad()
    def step(self, closure=None):  # noqa: D102 (torch's interface)
        for group in self.param_groups:
            lr, rho, momentum, eps = group["lr"], group["rho"], group["momentum"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                state = self.state[p]
                if not state:
                    state["ms"] = torch.zeros_like(p)
                    state["mom"] = torch.zeros_like(p)
                    if group["centered"]:
                        state["mg"] = torch.zeros_like(p)
                ms = state["ms"].mul_(rho).add_(g.square() * (1 - rho))
                if group["centered"]:
                    mg = state["mg"].mul_(rho).add_(g * (1 - rho))
                    contribution = g * lr / (ms - (mg.square() + eps)).sqrt()
                else:
                    contribution = g * lr / (ms + eps).sqrt()
                mom = state["mom"].mul_(momentum).add_(contribution)
                p.sub_(mom)
        return None


class TfjsAdagrad(torch.optim.Optimizer):
    """Adagrad as TF.js updates: ``acc += g²``, ``w -= lr · g / sqrt(acc + 1e-7)``."""

    def __init__(self, params: Iterable, lr: float, initial_accumulator_value: float):
        super().__init__(params, dict(lr=lr, initial_accumulator_value=initial_accumulator_value))

    @torch.no_grad()
    def step(self, closure=None):  # noqa: D102
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["acc"] = torch.full_like(p, group["initial_accumulator_value"])
                acc = state["acc"].add_(p.grad.square())
                p.sub_(group["lr"] * p.grad / (acc + TFJS_BACKEND_EPSILON).sqrt())
        return None


class TfjsAdamax(torch.optim.Optimizer):
    """Adamax as TF.js updates: ``u = max(beta_2·u, |g|)``, ``w -= lr / (1 - beta_1^t) · m / (u + eps)``."""

    def __init__(self, params: Iterable, lr: float, beta_1: float, beta_2: float, eps: float):
        super().__init__(params, dict(lr=lr, beta_1=beta_1, beta_2=beta_2, eps=eps))

    @torch.no_grad()
    def step(self, closure=None):  # noqa: D102
        for group in self.param_groups:
            beta_1, beta_2 = group["beta_1"], group["beta_2"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["m"] = torch.zeros_like(p)
                    state["u"] = torch.zeros_like(p)
                state["step"] += 1
                m = state["m"].mul_(beta_1).add_(p.grad * (1 - beta_1))
                u = torch.maximum(state["u"].mul_(beta_2), p.grad.abs())
                state["u"] = u
                p.sub_(group["lr"] / (1 - beta_1 ** state["step"]) * m / (u + group["eps"]))
        return None


class TfjsAdadelta(torch.optim.Optimizer):
    """Adadelta as TF.js updates: ``d = sqrt(au + eps) / sqrt(ag + eps) · g`` with the previous ``ag``,
    then ``ag = rho·ag + (1 - rho)·g²``, ``au = rho·au + (1 - rho)·d²``, ``w -= lr · d``."""

    def __init__(self, params: Iterable, lr: float, rho: float, eps: float):
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps))

    @torch.no_grad()
    def step(self, closure=None):  # noqa: D102
        for group in self.param_groups:
            rho, eps = group["rho"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["ag"] = torch.zeros_like(p)
                    state["au"] = torch.zeros_like(p)
                g = p.grad
                update = (state["au"] + eps).sqrt() / (state["ag"] + eps).sqrt() * g
                state["ag"].mul_(rho).add_(g.square() * (1 - rho))
                state["au"].mul_(rho).add_(update.square() * (1 - rho))
                p.sub_(group["lr"] * update)
        return None


def create_optimizer(call: dict, parameters: Iterable) -> torch.optim.Optimizer:
    """The optimizer of the spec's ``optimizer:`` call (every parameter filled in, Keras's names)."""
    p = call["params"]
    kind = call["type"]
    lr = float(p["learning_rate"])
    if kind == "sgd":
        momentum = float(p["momentum"])
        # Nesterov with no momentum is plain SGD in TF.js; torch refuses the combination.
        return torch.optim.SGD(parameters, lr=lr, momentum=momentum, nesterov=bool(p["nesterov"]) and momentum > 0)
    if kind == "adam":
        return torch.optim.Adam(parameters, lr=lr, betas=(float(p["beta_1"]), float(p["beta_2"])), eps=float(p["epsilon"]))
    if kind == "adamax":
        return TfjsAdamax(parameters, lr, float(p["beta_1"]), float(p["beta_2"]), float(p["epsilon"]))
    if kind == "rmsprop":
        return TfjsRMSprop(parameters, lr, float(p["rho"]), float(p["momentum"]), float(p["epsilon"]), bool(p["centered"]))
    if kind == "adagrad":
        return TfjsAdagrad(parameters, lr, float(p["initial_accumulator_value"]))
    if kind == "adadelta":
        return TfjsAdadelta(parameters, lr, float(p["rho"]), float(p["epsilon"]))
    raise ValueError(f"unknown optimizer {kind!r}")


def set_learning_rate(optimizer: torch.optim.Optimizer, learning_rate: float) -> None:
    """Sets the rate used from the next step on (schedules act between epochs)."""
    for group in optimizer.param_groups:
        group["lr"] = learning_rate


def learning_rate(optimizer: torch.optim.Optimizer) -> float:
    """The rate the optimizer uses now."""
    return float(optimizer.param_groups[0]["lr"])
