"""nnspec's training report (src/report/report-schema.ts) from a PyTorch run.

``nnspec-run.json`` holds the report nnspec would write, without ``history`` and ``summary``; this
module completes it the way nnspec's runner does (src/train/runner/run-training.ts, ``buildReport``),
so ``nnspec report report.json --html report.html`` renders it like any of nnspec's own.
"""
from __future__ import annotations

import copy
import json
import math
import os
from pathlib import Path
from typing import Optional

from .stopping import overfitting_onset


def finite_or_none(value: Optional[float]) -> Optional[float]:
    return value if value is not None and math.isfinite(value) else None


def evaluation(loss: float, metrics: dict) -> Optional[dict]:
    """A final evaluation as the report has it: None when the loss is not finite; non-finite metrics left out."""
    if not math.isfinite(loss):
        return None
    return {"loss": loss, "metrics": {name: value for name, value in metrics.items() if math.isfinite(value)}}


def run_monitor(early_stopping: Optional[dict], has_validation: bool) -> tuple:
    """What a run is judged by: early stopping's monitor and mode, else ``val_loss``, else ``loss``."""
    if early_stopping is not None:
        return early_stopping["monitor"], early_stopping["mode"]
    return ("val_loss" if has_validation else "loss"), "min"


def monitored_value(record: dict, monitor: str) -> Optional[float]:
    """The value of ``monitor`` in an epoch record; None when the epoch did not report it."""
    if monitor == "loss":
        return record["trainLoss"]
    if monitor == "val_loss":
        return record["valLoss"]
    if monitor.startswith("val_"):
        return record["valMetrics"].get(monitor[4:])
    return record["trainMetrics"].get(monitor)


def best_record(history: list, early_stopping: Optional[dict], rule_best_epoch: Optional[int], snapshot_epoch: Optional[int]) -> tuple:
    """The report's best epoch: a scan by the monitor (min_delta and warm-up included), overruled by
    early stopping's own verdict, and by the epoch whose weights were restored."""
    monitor, mode = run_monitor(early_stopping, any(record["valLoss"] is not None for record in history))
    min_delta = early_stopping["min_delta"] if early_stopping else 0
    best = None
    for record in history:
        value = monitored_value(record, monitor)
        if value is None or (early_stopping and record["epoch"] <= early_stopping["start_from_epoch"]):
            continue
        best_value = monitored_value(best, monitor) if best else None
        if best_value is None or (value < best_value - min_delta if mode == "min" else value > best_value + min_delta):
            best = record
    for chosen in (rule_best_epoch, snapshot_epoch):
        if chosen is not None:
            best = next((record for record in history if record["epoch"] == chosen), best)
    return monitor, mode, best


def complete_report(
    skeleton: dict,
    history: list,
    *,
    stop: dict,
    final: dict,
    restored: bool,
    early_stopping: Optional[dict],
    rule_best_epoch: Optional[int],
    snapshot_epoch: Optional[int],
    backend: str,
    threads: int,
    epochs: int,
    seed: int,
    overrides: dict,
) -> dict:
    """The whole report: the skeleton with the run's backend, overrides, history and summary."""
    report = copy.deepcopy(skeleton)
    report["training"].update(backend=backend, threads=threads, epochs=epochs, seed=seed)
    report["config"]["overrides"] = overrides
    ir_training = report["config"]["ir"].get("training")
    if ir_training is not None:
        # The IR as trained: nnspec records the effective epochs and seed there too (an IR's
        # epochs are 1 or more: `--epochs 0` leaves the spec's).
        ir_training.update(seed=seed, **({"epochs": epochs} if epochs > 0 else {}))
    monitor, mode, best = best_record(history, early_stopping, rule_best_epoch, snapshot_epoch)
    nan = float("nan")
    onset = overfitting_onset(
        [nan if r["cleanTrainLoss"] is None else r["cleanTrainLoss"] for r in history],
        [nan if r["valLoss"] is None else r["valLoss"] for r in history],
    )
    train, test = final["train"], final["test"]
    report["history"] = history
    report["summary"] = {
        "monitor": monitor,
        "mode": mode,
        "bestEpoch": best["epoch"] if best else None,
        "bestValue": monitored_value(best, monitor) if best else None,
        "epochsRun": len(history),
        "stopEpoch": stop["epoch"],
        "stopReason": stop["reason"],
        "stopMessage": stop["message"],
        "restoredBestWeights": restored,
        "overfittingOnset": onset,
        "train": train,
        "validation": final["validation"],
        "test": test,
        "testMinusTrainGap": test["loss"] - train["loss"] if test and train else None,
        "seconds": sum(record["seconds"] for record in history),
    }
    return report


def write_json(path: Path, value: dict) -> None:
    """Writes ``value`` as JSON atomically (a temporary file renamed over the target): a reader never
    sees half a report. NaN and infinities are refused: JSON has none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as file:
        json.dump(value, file, indent=2, allow_nan=False)
        file.write("\n")
    os.replace(temporary, path)
