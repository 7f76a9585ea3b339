"""The training loop of an exported project: nnspec's run (src/train/runner, src/train/trainer),
on one process or on the ranks of a DistributedDataParallel group.

Per epoch, as nnspec: the training split shuffled with the spec's seed, mini-batches of the spec's
(global) batch size, loss = data loss + the model's regularization term, one optimizer step per
batch; then the clean training loss and metrics (eval mode, whole split), the validation loss and
metrics, the gap, the learning rate and the seconds; schedules step once per epoch, early stopping
decides after it. At the end the best weights are restored when asked, train/validation/test are
evaluated, the report (nnspec's schema) and the bundle are written by rank 0.

With N ranks, the global batch of ``batch_size`` examples is split into N shares of
``batch_size / N``: a ``DistributedSampler`` (the same seed on every rank, ``set_epoch`` every
epoch) deals the shuffled split round-robin, so batch ``k`` of the ranks together is exactly batch
``k`` of the one-process order. Every figure is all-reduced (sums of losses, of metric statistics,
of counts), so every rank logs the global numbers; rank 0 decides when to stop and broadcasts it.
"""
from __future__ import annotations

import argparse
import copy
import json
import math
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Callable, Optional

import numpy as np
import torch
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DistributedSampler

from . import distributed
from .distributed import Context, UsageError
from .losses import create_loss, encode_targets
from .metrics import StatsLayout, create_metrics
from .optimizers import create_optimizer, learning_rate, set_learning_rate
from .report import complete_report, evaluation, finite_or_none, write_json
from .schedules import create_schedule
from .stopping import count_noun, create_early_stopping, describe_number, patience_stop

RUN_FILE = "nnspec-run.json"
INITIAL_WEIGHTS_DIR = "initial"
# nnspec's exit status for a run stopped by Ctrl-C (the report is still written).
EXIT_INTERRUPTED = 130
# Inference needs no gradients: evaluation runs in bigger batches than training (as nnspec's).
MIN_EVALUATION_BATCH = 256


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


@dataclass
class Split:
    """One split on this process: features and targets encoded for the loss."""

    x: torch.Tensor
    y: torch.Tensor

    @property
    def count(self) -> int:
        return int(self.x.shape[0])


def parse_arguments(config: TrainingConfig, argv: Optional[list]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=f"Train `{config.model_name}` ({config.spec_path}) as nnspec does; "
        "one process, or N ranks started by torchrun (see README.md).",
    )
    parser.add_argument("--json", default="report.json", metavar="FILE", help="the report, in nnspec's schema (default: report.json)")
    parser.add_argument("--epochs", type=int, metavar="N", help=f"overrides the spec's epochs ({config.epochs})")
    parser.add_argument("--save", default="trained", metavar="DIR", help="the trained bundle nnspec loads (default: trained)")
    parser.add_argument("--seed", type=int, metavar="N", help=f"overrides the spec's seed ({config.seed}): weights, dropout, shuffling")
    parser.add_argument("--backend", choices=["auto", "gloo", "nccl"], default="auto", help="process-group backend (default auto: nccl on CUDA, else gloo)")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="where to train (default auto: CUDA when available)")
    arguments = parser.parse_args(argv)
    if arguments.epochs is not None and arguments.epochs < 1:
        parser.error("--epochs must be 1 or more")
    if arguments.seed is not None and arguments.seed < 0:
        parser.error("--seed must be 0 or more")
    return arguments


def run_cli(config: TrainingConfig, build_model: Callable[[], torch.nn.Module], data: ModuleType, project_dir: Path, argv: Optional[list] = None) -> int:
    """train.py's ``main``: parses the command line, trains, writes; returns the exit status
    (2 with one sentence on stderr for a usage mistake, never a traceback)."""
    arguments = parse_arguments(config, argv)
    context = None
    try:
        # Checked before joining the group: a rank that exits there would leave the others waiting.
        check_batch(config, distributed.requested_world_size())
        context = distributed.setup(arguments.backend, arguments.device)
        return train(config, build_model, data, Path(project_dir), arguments, context)
    except UsageError as error:
        label = f"{context.label} " if context else ""
        print(f"{label}error: {error}", file=sys.stderr)
        return 2
    finally:
        if context is not None:
            distributed.teardown(context)


def check_batch(config: TrainingConfig, world_size: int) -> None:
    """The spec's batch is the global one: it must split evenly over the ranks."""
    if config.batch_size % world_size != 0:
        raise UsageError(
            f"batch_size {config.batch_size} is the global batch and must divide evenly over the {world_size} ranks "
            f"(WORLD_SIZE): run on a number of ranks that divides {config.batch_size}, or change batch_size in {config.spec_path}"
        )


def _tensor(value) -> torch.Tensor:
    return value if isinstance(value, torch.Tensor) else torch.from_numpy(np.ascontiguousarray(value))


def load_data(config: TrainingConfig, data: ModuleType) -> dict:
    """data.py's splits as tensors (a missing or empty split is None)."""
    splits = {}
    for name, value in data.load_splits().items():
        if value is None or len(value[0]) == 0:
            splits[name] = None
            continue
        x, y = value
        splits[name] = Split(_tensor(x).float(), encode_targets(_tensor(y), config.loss, config.output_units))
    if splits.get("train") is None:
        raise UsageError("data.py gave no training examples")
    return splits


class Trainer:
    """The model, its optimizer, loss and metrics on this rank, and the epoch and evaluation passes."""

    def __init__(self, config: TrainingConfig, model: torch.nn.Module, context: Context, seed: int, gradient_factor: float):
        self.config = config
        self.context = context
        self.module = model
        self.model = DistributedDataParallel(model, device_ids=[context.device.index] if context.device.type == "cuda" else None) if context.distributed else model
        self.optimizer = create_optimizer(config.optimizer, model.parameters())
        self.loss = create_loss(config.loss)
        self.layout = StatsLayout(create_metrics(config.metrics, config.loss, config.metric_params, config.output_units))
        self.seed = seed
        self.gradient_factor = gradient_factor
        self.local_batch = config.batch_size // context.world_size

    def regularization(self) -> torch.Tensor:
        return self.module.regularization_loss()

    def train_epoch(self, split: Split, epoch: int, interrupt: "Interrupt") -> dict:
        """One pass over the training split; the global mean loss and metrics (dropout on), the
        first batch whose loss is not finite, and whether Ctrl-C cut the epoch short (one process only:
        ranks cannot leave an epoch at different batches)."""
        context, device = self.context, self.context.device
        n, world = split.count, context.world_size
        sampler = DistributedSampler(range(n), num_replicas=world, rank=context.rank, shuffle=self.config.shuffle, seed=self.seed, drop_last=False)
        sampler.set_epoch(epoch)
        indices = torch.tensor(list(sampler), dtype=torch.long)
        # The sampler pads the split to a multiple of the ranks by repeating its first examples;
        # the repeats (this rank's positions rank + j·world past n) weigh 0, so every batch is
        # exactly the one-process batch.
        real = (context.rank + torch.arange(len(indices)) * world) < n
        batches = math.ceil(len(indices) / self.local_batch) if len(indices) else 0
        self.model.train()
        rows, batch_losses = [], []
        examples = 0
        interrupted = False
        for number, start in enumerate(range(0, len(indices), self.local_batch), start=1):
            batch = indices[start:start + self.local_batch]
            weight = real[start:start + self.local_batch].float().to(device)
            # Examples of this global batch over all ranks: the batch's place in the padded order.
            first = (number - 1) * self.config.batch_size
            global_count = max(0, min(first + self.config.batch_size, n) - first)
            x, y = split.x[batch].to(device), split.y[batch].to(device)
            prediction = self.model(x)
            per_example = self.loss(y, prediction)
            data_sum = (per_example * weight).sum()
            regularization = self.regularization()
            # DDP averages the ranks' gradients: world · (this rank's share of the batch's sum) / count
            # makes that average the gradient of the global batch's mean loss.
            objective = data_sum * (world * self.gradient_factor / global_count) + regularization
            self.optimizer.zero_grad(set_to_none=True)
            objective.backward()
            self.optimizer.step()
            with torch.no_grad():
                kept = weight > 0
                local_real = int(kept.sum())
                examples += local_real
                loss_sum = data_sum + regularization.detach() * local_real
                rows.append(self.layout.row(loss_sum, y[kept], prediction.detach()[kept]))
                batch_losses.append(float(loss_sum))
            if not context.distributed and interrupt.requested and number < batches:
                interrupted = True
                break
        sums = torch.stack(rows).sum(0) if rows else torch.zeros(self.layout.width, dtype=torch.float64)
        # One all-reduce per epoch: the examples, the statistics, then every batch's loss sum (to find a bad one).
        local = torch.cat([torch.tensor([examples], dtype=torch.float64), sums, torch.tensor(batch_losses, dtype=torch.float64)])
        totals = distributed.all_reduce_sum(context, local)
        loss, metrics = self.layout.finalize(totals[1:1 + self.layout.width], int(totals[0]))
        first_bad = None
        batch_totals = totals[1 + self.layout.width:].tolist()
        for number, value in enumerate(batch_totals, start=1):
            if not math.isfinite(value):
                count = max(0, min(number * self.config.batch_size, n) - (number - 1) * self.config.batch_size)
                first_bad = {"batch": number, "value": value / max(count, 1)}
                break
        return {"loss": loss, "metrics": metrics, "batches": batches, "batches_run": len(batch_totals), "first_bad": first_bad, "interrupted": interrupted}

    @torch.no_grad()
    def evaluate(self, split: Optional[Split]) -> Optional[tuple]:
        """Inference-mode loss (regularization included) and metrics over a whole split; each rank
        takes every world-th example, the sums are all-reduced. None without the split."""
        if split is None:
            return None
        context = self.context
        self.module.eval()
        mine = torch.arange(context.rank, split.count, context.world_size)
        size = max(self.config.batch_size, MIN_EVALUATION_BATCH)
        sums = torch.zeros(self.layout.width, dtype=torch.float64)
        for start in range(0, len(mine), size):
            batch = mine[start:start + size]
            x, y = split.x[batch].to(context.device), split.y[batch].to(context.device)
            prediction = self.module(x)
            sums += self.layout.row(self.loss(y, prediction).sum(), y, prediction)
        totals = distributed.all_reduce_sum(context, sums)
        loss, metrics = self.layout.finalize(totals, split.count)
        return loss + float(self.regularization()), metrics


class Interrupt:
    """Ctrl-C as nnspec takes it: the first one stops the run at the next batch (one process) or
    after the epoch (ranks, which agree on it with an all-reduce), evaluated and reported as
    ``interrupted``; a second one aborts at once."""

    def __init__(self):
        self.requested = False
        self._previous = None

    def __enter__(self) -> "Interrupt":
        def handler(signum, frame):
            if self.requested:
                raise KeyboardInterrupt
            self.requested = True
            print("stopping (Ctrl-C again to abort)", file=sys.stderr, flush=True)

        try:
            self._previous = signal.signal(signal.SIGINT, handler)
        except ValueError:  # not the main thread: no handler, no Ctrl-C handling
            self._previous = None
        return self

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def anywhere(self, context: Context) -> bool:
        """Whether any rank was interrupted (every rank must call it at the same point)."""
        flag = torch.tensor([1.0 if self.requested else 0.0], dtype=torch.float64)
        return bool(distributed.all_reduce_sum(context, flag)[0] > 0)


def _finite_metrics(metrics: dict) -> dict:
    return {name: value for name, value in metrics.items() if math.isfinite(value)}


def _log_epoch(context: Context, epochs: int, record: dict) -> None:
    parts = [f"{context.label} epoch {record['epoch']}/{epochs}", f"loss {record['trainLoss']:.6f}"]
    if record["cleanTrainLoss"] is not None:
        parts.append(f"clean {record['cleanTrainLoss']:.6f}")
    parts += [f"{name} {value:.4f}" for name, value in record["trainMetrics"].items()]
    if record["valLoss"] is not None:
        parts.append(f"val_loss {record['valLoss']:.6f}")
    parts += [f"val_{name} {value:.4f}" for name, value in record["valMetrics"].items()]
    parts += [f"lr {record['learningRate']:.6g}", f"{record['seconds']:.2f}s"]
    print("  ".join(parts), flush=True)


def train(config: TrainingConfig, build_model, data: ModuleType, project_dir: Path, arguments: argparse.Namespace, context: Context) -> int:
    """The whole run; returns the exit status (1 when training diverged, 130 after Ctrl-C, as nnspec's)."""
    epochs = arguments.epochs if arguments.epochs is not None else config.epochs
    seed = arguments.seed if arguments.seed is not None else config.seed
    run = json.loads((project_dir / RUN_FILE).read_text(encoding="utf-8"))
    splits = load_data(config, data)

    # The same initial weights on every rank (DDP also broadcasts rank 0's), then each rank its own
    # dropout masks.
    torch.manual_seed(seed)
    np.random.seed(seed)
    model = build_model()
    if config.has_initial_weights:
        from .weights import load_tfjs_weights

        load_tfjs_weights(model, project_dir / INITIAL_WEIGHTS_DIR)
    model.to(context.device)
    torch.manual_seed(seed + context.rank)

    scaling = getattr(data, "TARGET_SCALING", None)
    gradient_factor = 1.0 / float(scaling["std"]) ** config.target_unit_power if scaling and config.target_unit_power else 1.0
    trainer = Trainer(config, model, context, seed, gradient_factor)
    schedule = create_schedule(config.schedule, float(config.optimizer["params"]["learning_rate"]), epochs)
    early = config.early_stopping
    rule = create_early_stopping(early) if early and context.is_main else None
    if context.is_main:
        print(
            f"training {config.model_name} ({config.spec_path}): {splits['train'].count} training examples, "
            f"global batch {config.batch_size} over {count_noun(context.world_size, 'rank')}, {count_noun(epochs, 'epoch')}, "
            f"{context.report_backend}",
            flush=True,
        )

    history: list = []
    snapshot: Optional[dict] = None
    snapshot_epoch: Optional[int] = None
    warned_missing = False
    stop = {"reason": "epochs", "epoch": epochs, "message": "the 1 epoch ran" if epochs == 1 else f"all {epochs} epochs ran"}
    diverged = False
    interrupted = False
    with Interrupt() as interrupt:
        for epoch in range(1, epochs + 1):
            if schedule is not None:
                set_learning_rate(trainer.optimizer, schedule.rate_for_epoch(epoch))
            rate = learning_rate(trainer.optimizer)
            started = time.perf_counter()
            result = trainer.train_epoch(splits["train"], epoch, interrupt)
            if result["first_bad"] is not None:
                bad = result["first_bad"]
                what = "NaN" if math.isnan(bad["value"]) else "infinite" if bad["value"] > 0 else "-infinite"
                print(
                    f"{context.label} error: training diverged: the loss became {what} at epoch {epoch}, batch {bad['batch']} of {result['batches']}; "
                    f"lower the learning rate (it was {describe_number(rate)}; try {describe_number(rate / 10)}), normalize the inputs, "
                    "or add gradient-friendly layers such as batch_norm",
                    file=sys.stderr,
                    flush=True,
                )
                stop = {"reason": "diverged", "epoch": epoch, "message": f"the loss became non-finite at epoch {epoch}, batch {bad['batch']}; stopped at once"}
                diverged = True
                break
            clean = trainer.evaluate(splits["train"])
            validation = trainer.evaluate(splits.get("validation"))
            clean_loss = finite_or_none(clean[0])
            val_loss = finite_or_none(validation[0]) if validation else None
            record = {
                "epoch": epoch,
                "trainLoss": result["loss"],
                "trainMetrics": _finite_metrics(result["metrics"]),
                "cleanTrainLoss": clean_loss,
                "cleanTrainMetrics": _finite_metrics(clean[1]),
                "valLoss": val_loss,
                "valMetrics": _finite_metrics(validation[1]) if validation else {},
                "gap": val_loss - clean_loss if val_loss is not None and clean_loss is not None else None,
                "learningRate": rate,
                "seconds": time.perf_counter() - started,
            }
            if result["interrupted"]:
                # Evaluated like any epoch, and marked so that no output passes it off as a whole one.
                record["partial"] = {"batchesRun": result["batches_run"], "batches": result["batches"]}
            history.append(record)
            _log_epoch(context, epochs, record)
            logs = {"loss": result["loss"], **result["metrics"]}
            if validation:
                logs.update({"val_loss": validation[0], **{f"val_{name}": value for name, value in validation[1].items()}})
            if schedule is not None:
                schedule.end_epoch(epoch, logs)

            # Rank 0 decides (stop? keep these weights?) and every rank follows its word.
            decision = None
            if context.is_main and rule is not None:
                verdict = rule.update(epoch, logs)
                decision = {"save": verdict.save_weights, "stop": verdict.stop, "reason": verdict.reason, "message": verdict.message}
                if verdict.stop:
                    if verdict.reason in ("gl", "pq", "up"):
                        decision["reason"], decision["message"] = verdict.reason, verdict.message
                    else:
                        decision["reason"], decision["message"] = patience_stop(early, rule)
                if verdict.reason == "missing-monitor" and not warned_missing:
                    warned_missing = True
                    print(f"warning: {verdict.message}; until it is reported early stopping does not act", file=sys.stderr, flush=True)
            decision = distributed.broadcast_from_main(context, decision)
            # A partial epoch counts too: early stopping may make it the best one before the run stops.
            if decision is not None and decision["save"]:
                snapshot = copy.deepcopy(model.state_dict())
                snapshot_epoch = epoch
            if result["interrupted"]:
                batches = count_noun(result["batches"], "batch", "batches")
                message = f"interrupted during epoch {epoch} (Ctrl-C) after {result['batches_run']} of {batches}; that epoch was evaluated and counted as it stood"
                stop, interrupted = {"reason": "interrupted", "epoch": epoch, "message": message}, True
                break
            if decision is not None and decision["stop"]:
                stop = {"reason": decision["reason"], "epoch": epoch, "message": decision["message"]}
                break
            if interrupt.anywhere(context):
                stop, interrupted = {"reason": "interrupted", "epoch": epoch, "message": f"interrupted after epoch {epoch} (Ctrl-C)"}, True
                break

    restored = bool(early and early["restore_best_weights"] and snapshot is not None)
    if restored:
        model.load_state_dict(snapshot)

    def final(split_name: str) -> Optional[dict]:
        result = trainer.evaluate(splits.get(split_name))
        return evaluation(*result) if result else None

    finals = {name: final(name) for name in ("train", "validation", "test")}
    digest = distributed.weights_sha256(model)
    if context.is_main:
        report = complete_report(
            run["report"],
            history,
            stop=stop,
            final=finals,
            restored=restored,
            early_stopping=early,
            rule_best_epoch=rule.best_epoch if rule else None,
            snapshot_epoch=snapshot_epoch if restored else None,
            backend=context.report_backend,
            threads=context.world_size,
            epochs=epochs,
            seed=seed,
            overrides={"epochs": arguments.epochs, "seed": arguments.seed},
        )
        write_json(Path(arguments.json), report)
        print(f"wrote {arguments.json}", flush=True)
        if arguments.save:
            _save(model, Path(arguments.save), run, report)
            print(f"saved {arguments.save}", flush=True)
    distributed.barrier(context)
    print(f"{context.label} stopped at epoch {stop['epoch']} ({stop['reason']}), weights sha256 {digest}", flush=True)
    return EXIT_INTERRUPTED if interrupted else 1 if diverged else 0


def _save(model: torch.nn.Module, save_dir: Path, run: dict, report: dict) -> None:
    """The bundle nnspec loads (``nnspec predict DIR``): the MODEL runtime writes the TF.js files and nnspec.json."""
    from .bundle import save_bundle

    summary = report["summary"]
    bundle = run["bundle"]
    manifest = bundle.get("manifest")
    if isinstance(manifest, dict):
        manifest.update(seed=report["training"]["seed"], backend=report["training"]["backend"])
    bundle["ir"] = report["config"]["ir"]
    training = {
        "bestEpoch": summary["bestEpoch"],
        "restoredBestWeights": summary["restoredBestWeights"],
        "epochsRun": summary["epochsRun"],
        "stopReason": summary["stopReason"],
        "loss": report["training"]["loss"],
        "metrics": report["training"]["metrics"],
    }
    metrics = {"train": summary["train"], "validation": summary["validation"], "test": summary["test"]}
    save_bundle(model, save_dir, run, training, metrics)
