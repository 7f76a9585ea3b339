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
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Callable, Optional

import numpy as np
import torch

from . import distributed
from .config import TrainingConfig
from .distributed import Context, UsageError
from .optimizers import learning_rate, set_learning_rate
from .report import complete_report, evaluation, finite_or_none, write_json
from .schedules import create_schedule
from .stopping import count_noun, create_early_stopping, describe_number, patience_stop
from .trainer import Interrupt, Trainer, load_data

__all__ = ["TrainingConfig", "run_cli", "train"]

RUN_FILE = "nnspec-run.json"
INITIAL_WEIGHTS_DIR = "initial"
# nnspec's exit status for a run stopped by Ctrl-C (the report is still written).
EXIT_INTERRUPTED = 130


def parse_arguments(config: TrainingConfig, argv: Optional[list]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=f"Train `{config.model_name}` ({config.spec_path}) as nnspec does; "
        "one process, or N ranks started by torchrun (see README.md).",
    )
    parser.add_argument("--json", default="report.json", metavar="FILE", help="the report, in nnspec's schema (default: report.json)")
    parser.add_argument("--epochs", type=int, metavar="N", help=f"overrides the spec's epochs ({config.epochs}); 0 evaluates the starting weights")
    parser.add_argument("--save", default="trained", metavar="DIR", help="the trained bundle nnspec loads (default: trained)")
    parser.add_argument("--seed", type=int, metavar="N", help=f"overrides the spec's seed ({config.seed}): weights, dropout, shuffling")
    parser.add_argument("--backend", choices=["auto", "gloo", "nccl"], default="auto", help="process-group backend (default auto: nccl on CUDA, else gloo)")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="where to train (default auto: CUDA when available)")
    arguments = parser.parse_args(argv)
    if arguments.epochs is not None and arguments.epochs < 0:
        parser.error("--epochs must be 0 or more")
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


def _epochs_ran(epochs: int) -> str:
    if epochs == 0:
        return "no epoch ran (--epochs 0): the starting weights were evaluated"
    return "the 1 epoch ran" if epochs == 1 else f"all {epochs} epochs ran"


def read_run_file(project_dir: Path) -> dict:
    """``nnspec-run.json``: the report and bundle skeletons nnspec wrote at export."""
    path = project_dir / RUN_FILE
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read {path} ({error}): export the project again with `nnspec export SPEC --to pytorch -o DIR`") from None
    if not isinstance(run, dict) or run.get("format") != "nnspec-pytorch-run":
        raise UsageError(f"{path} is not an nnspec run file: export the project again with `nnspec export SPEC --to pytorch -o DIR`")
    return run


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
    run = read_run_file(project_dir)
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
    stop = {"reason": "epochs", "epoch": epochs, "message": _epochs_ran(epochs)}
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
    write_failed: Optional[str] = None
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
            # The report's overrides record a run's length (1 or more); `--epochs 0` trains no epoch
            # and says so in training.epochs and the stop sentence.
            overrides={"epochs": arguments.epochs or None, "seed": arguments.seed},
        )
        try:
            write_json(Path(arguments.json), report)
            print(f"wrote {arguments.json}", flush=True)
            if arguments.save:
                _save(model, Path(arguments.save), run, report)
                print(f"saved {arguments.save}", flush=True)
        except OSError as error:
            # Said after the barrier below, so that the other ranks are not left waiting.
            write_failed = f"cannot write {error.filename or arguments.json}: {error.strerror or error}"
    distributed.barrier(context)
    print(f"{context.label} stopped at epoch {stop['epoch']} ({stop['reason']}), weights sha256 {digest}", flush=True)
    if write_failed:
        print(f"{context.label} error: {write_failed}", file=sys.stderr, flush=True)
        return 1
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
