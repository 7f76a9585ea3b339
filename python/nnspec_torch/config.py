"""The spec's ``train`` block as train.py hands it to the runtime."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class TrainingConfig:
    """The spec's ``train`` block as train.py writes it out (every parameter filled in by nnspec)."""

    spec_path: str
    model_name: str
    loss: dict
    metrics: list
    metric_params: dict
    optimizer: dict
    schedule: Optional[dict]
    epochs: int
    batch_size: int
    shuffle: bool
    seed: int
    early_stopping: Optional[dict]
    output_units: int
    # 2 for squared-error losses, 1 for absolute ones: with a standardised target the gradient is
    # divided by std**power, so the step is the one on the standardised target (nnspec's rule).
    target_unit_power: Optional[int] = None
    has_initial_weights: bool = False
