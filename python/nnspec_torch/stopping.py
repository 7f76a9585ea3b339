"""Early stopping, exactly as nnspec (src/train/early-stopping.ts, epoch-tracking.ts,
patience-rule.ts, stopping-rules.ts), and the onset of overfitting (src/train/overfitting.ts).

Epochs are 1-based. Every rule shares Keras 3's bookkeeping: an epoch counts when its monitored
value is reported and it is past ``start_from_epoch``; improvement means ``current + min_delta <
best`` (min) or ``current - min_delta > best`` (max), ``best`` starting at ±inf, NaN never improving;
the first counted epoch is the best one until beaten, so ``restore_best_weights`` always has
something to restore. The rules differ only in when they stop:

- ``patience`` (Keras): ``wait`` counted epochs without improvement, reset only by an improvement
  that also beats ``baseline``; stop when ``wait >= patience`` (never at epoch 1).
- ``gl(alpha)``: stop when GL = 100 (value / best - 1) exceeds ``alpha``.
- ``pq(alpha, strip)``: at strip ends, stop when GL / P_k exceeds ``alpha``, P_k the training progress.
- ``up(strips, strip)``: stop when the value got worse at ``strips`` successive strip ends.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Mapping, Optional

Logs = Mapping[str, Optional[float]]


# -- numbers in messages, written as JavaScript writes them, so the sentences match nnspec's --------

def js_number(value: float) -> str:
    """``String(value)`` in JavaScript: ``100`` not ``100.0``, ``1e-7`` not ``1e-07``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    mantissa, _, exponent = repr(float(value)).partition("e")
    digits = mantissa.replace("-", "").replace(".", "").lstrip("0")
    point = _decimal_exponent(float(value))
    sign = "-" if value < 0 else ""
    digits = digits.rstrip("0") or "0"
    if -7 < point < 21:
        if point < 0:
            return f"{sign}0.{'0' * (-point - 1)}{digits}"
        whole, fraction = digits[:point + 1].ljust(point + 1, "0"), digits[point + 1:]
        return f"{sign}{whole}" + (f".{fraction}" if fraction else "")
    head = digits[0] + (f".{digits[1:]}" if len(digits) > 1 else "")
    return f"{sign}{head}e{'+' if point > 0 else '-'}{abs(point)}"


def _decimal_exponent(value: float) -> int:
    return int(f"{abs(value):e}".split("e")[1]) if value != 0 else 0


def format_value(value: float, digits: int = 6) -> str:
    """nnspec's ``formatValue``: ``value`` to ``digits`` significant digits, no float noise."""
    return js_number(float(f"{value:.{digits}g}")) if math.isfinite(value) else js_number(value)


def describe_number(value: float) -> str:
    """nnspec's ``describeNumber``: an integer as is, else 4 significant digits."""
    if value == int(value):
        return js_number(value)
    return format_value(value, 4)


def count_noun(count: int, one: str, many: Optional[str] = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _fixed2(value: float) -> str:
    return f"{value:.2f}" if math.isfinite(value) else "infinite"


# -- the shared state machine ---------------------------------------------------------------------

@dataclass
class Decision:
    """What the loop does after one epoch: stop, snapshot the weights (this epoch became the best
    one and ``restore_best_weights`` is on); ``reason`` and ``message`` when the epoch was skipped
    (``warm-up``, ``missing-monitor``) or training stops (``patience-exhausted``, ``gl``, ``pq``, ``up``)."""

    stop: bool = False
    improved: bool = False
    save_weights: bool = False
    reason: Optional[str] = None
    message: Optional[str] = None


@dataclass
class Counted:
    """A counted epoch, as a rule's criterion sees it after the best epoch was updated with it."""

    epoch: int
    counted: int
    current: float
    logs: Logs
    improved: bool
    wait: int
    best: float
    best_epoch: int


Criterion = Callable[[Counted], Optional[tuple]]


@dataclass
class EarlyStopping:
    """One rule's state machine; feed it each epoch's logs with :meth:`update`."""

    config: dict
    criterion: Criterion
    resets_wait: Callable[[float], bool] = lambda current: True
    best: float = field(init=False)
    best_epoch: Optional[int] = None
    wait: int = 0
    stopped_epoch: Optional[int] = None
    missing_epochs: list = field(default_factory=list)

    def __post_init__(self):
        self.best = math.inf if self.config["mode"] == "min" else -math.inf

    def improves(self, current: float, reference: float) -> bool:
        min_delta = abs(self.config["min_delta"])
        if self.config["mode"] == "min":
            return current + min_delta < reference
        return current - min_delta > reference

    def update(self, epoch: int, logs: Logs) -> Decision:
        config = self.config
        current = logs.get(config["monitor"])
        if current is None:
            self.missing_epochs.append(epoch)
            available = [f"`{key}`" for key, value in logs.items() if value is not None]
            return Decision(
                reason="missing-monitor",
                message=f"early stopping monitors `{config['monitor']}`, which epoch {epoch} did not report "
                f"(available: {', '.join(available) if available else 'none'})",
            )
        if epoch <= config["start_from_epoch"]:
            return Decision(
                reason="warm-up",
                message=f"epoch {epoch} is within the first {config['start_from_epoch']} (`start_from_epoch`) and is not counted",
            )
        save = False
        if self.best_epoch is None:
            self.best_epoch = epoch
            save = config["restore_best_weights"]
        improved = self.improves(current, self.best)
        if improved:
            self.best = current
            self.best_epoch = epoch
            save = config["restore_best_weights"]
        self.wait = 0 if improved and self.resets_wait(current) else self.wait + 1
        verdict = self.criterion(
            Counted(epoch, epoch - config["start_from_epoch"], current, logs, improved, self.wait, self.best, self.best_epoch)
        )
        if improved or verdict is None:
            return Decision(improved=improved, save_weights=save)
        self.stopped_epoch = epoch
        reason, message = verdict
        return Decision(stop=True, save_weights=save, reason=reason, message=message)


# -- the rules ------------------------------------------------------------------------------------

def _patience(config: dict) -> EarlyStopping:
    def criterion(at: Counted):
        if at.improved or at.wait < config["patience"] or at.epoch <= 1:
            return None
        return (
            "patience-exhausted",
            f"`{config['monitor']}` has not improved for {count_noun(at.wait, 'epoch')} (patience {config['patience']}); "
            f"best {format_value(at.best)} at epoch {at.best_epoch}",
        )

    rule = EarlyStopping(config, criterion)
    baseline = config["baseline"]
    rule.resets_wait = lambda current: baseline is None or rule.improves(current, baseline)
    return rule


def generalization_loss(value: float, best: float) -> Optional[float]:
    """GL = 100 (value / best - 1); None when ``best`` is not above 0 or a value is not finite."""
    if not math.isfinite(value) or not math.isfinite(best) or best <= 0:
        return None
    return 100 * (value / best - 1)


def training_progress(strip: list) -> Optional[float]:
    """P_k = 1000 (sum / (k · min) - 1) over a strip of training losses; None when undefined."""
    if not strip or any(not math.isfinite(value) for value in strip):
        return None
    low = min(strip)
    if low <= 0:
        return None
    return 1000 * (sum(strip) / (len(strip) * low) - 1)


def progress_quotient(gl: float, progress: float) -> float:
    """GL / P; with no progress it is infinite when GL > 0, else 0."""
    if progress > 0:
        return gl / progress
    return math.inf if gl > 0 else 0.0


def _where_from_best(config: dict, at: Counted) -> str:
    return f"{config['monitor']} {format_value(at.current, 4)}, best {format_value(at.best, 4)} at epoch {at.best_epoch}"


def _gl(config: dict) -> EarlyStopping:
    alpha = config["rule"]["params"]["alpha"]

    def criterion(at: Counted):
        gl = generalization_loss(at.current, at.best)
        if gl is None or not gl > alpha:
            return None
        return "gl", f"generalization loss GL {_fixed2(gl)} > alpha {js_number(alpha)} at epoch {at.epoch}: {_where_from_best(config, at)}"

    return EarlyStopping(config, criterion)


def _pq(config: dict) -> EarlyStopping:
    alpha = config["rule"]["params"]["alpha"]
    k = int(config["rule"]["params"]["strip"])
    recent: list = []

    def criterion(at: Counted):
        loss = at.logs.get("loss")
        recent.append((at.epoch, math.nan if loss is None else loss))
        if len(recent) > k:
            recent.pop(0)
        if at.counted % k != 0:
            return None
        # The whole strip must have counted (a skipped epoch leaves a hole).
        if len(recent) < k or recent[0][0] != at.epoch - k + 1:
            return None
        progress = training_progress([loss for _, loss in recent])
        gl = generalization_loss(at.current, at.best)
        if progress is None or gl is None:
            return None
        pq = progress_quotient(gl, progress)
        if not pq > alpha:
            return None
        why = "the training loss did not move over the strip" if progress == 0 else f"training progress P {_fixed2(progress)}"
        return (
            "pq",
            f"progress quotient GL/P {_fixed2(pq)} > alpha {js_number(alpha)} at epoch {at.epoch}, the end of a {k}-epoch strip: "
            f"GL {_fixed2(gl)}, {why}; {_where_from_best(config, at)}",
        )

    return EarlyStopping(config, criterion)


def _up(config: dict) -> EarlyStopping:
    strips = int(config["rule"]["params"]["strips"])
    k = int(config["rule"]["params"]["strip"])
    min_delta = abs(config["min_delta"])
    is_min = config["mode"] == "min"
    state: dict = {"previous": None, "run": []}

    def worse(current: float, previous: float) -> bool:
        return current - previous > min_delta if is_min else previous - current > min_delta

    def criterion(at: Counted):
        if at.counted % k != 0:
            return None
        point = (at.epoch, at.current)
        previous = state["previous"]
        if previous is not None and previous[0] == at.epoch - k and worse(at.current, previous[1]):
            state["run"] = state["run"] + [point] if state["run"] else [previous, point]
        else:
            state["run"] = []
        state["previous"] = point
        run = state["run"]
        if len(run) - 1 < strips:
            return None
        moved = "rose" if is_min else "fell"
        shown = run[-(strips + 1):]
        where = f"a {k}-epoch strip" if strips == 1 else f"{strips} successive {k}-epoch strips"
        return (
            "up",
            f"{config['monitor']} {moved} at the end of {where}: {', '.join(format_value(v, 4) for _, v in shown)} "
            f"at epochs {', '.join(str(e) for e, _ in shown)}; best {format_value(at.best, 4)} at epoch {at.best_epoch}",
        )

    return EarlyStopping(config, criterion)


def create_early_stopping(config: dict) -> EarlyStopping:
    """The rule ``config["rule"]["type"]`` names, with the spec's parameters."""
    rules = {"patience": _patience, "gl": _gl, "pq": _pq, "up": _up}
    kind = config["rule"]["type"]
    if kind not in rules:
        raise ValueError(f"unknown early-stopping rule {kind!r}")
    return rules[kind](config)


def patience_stop(config: dict, rule: EarlyStopping) -> tuple:
    """The report's stop reason and sentence when the ``patience`` rule stops: ``patience``, or
    ``baseline`` when the best value never beat the baseline (as nnspec's runner words them)."""
    baseline = config["baseline"]
    best = rule.best
    beat = baseline is None or (best < baseline if config["mode"] == "min" else best > baseline)
    patience = count_noun(config["patience"], "epoch")
    if beat:
        improve = "did not improve" if config["min_delta"] == 0 else f"did not improve by more than {describe_number(config['min_delta'])}"
        return "patience", f"{config['monitor']} {improve} for {patience} after epoch {rule.best_epoch}"
    return "baseline", f"{config['monitor']} did not beat the baseline {describe_number(baseline)} within {patience}"


def overfitting_onset(train_loss: list, validation_loss: list, window: int = 3, relative: float = 0.01, absolute: float = 1e-4) -> Optional[int]:
    """The epoch after which the validation loss rises while the training loss keeps falling.

    ``m``, the first epoch of lowest finite validation loss, is the onset when ``window`` epochs
    follow it and in each of them the validation loss is above its minimum by more than
    ``max(relative·|min|, absolute)`` and the training loss below its value at ``m``; else None.
    """
    length = min(len(train_loss), len(validation_loss))
    best = -1
    for index in range(length):
        value = validation_loss[index]
        if math.isfinite(value) and (best < 0 or value < validation_loss[best]):
            best = index
    if best < 0 or best + window >= length:
        return None
    minimum = validation_loss[best]
    margin = max(relative * abs(minimum), absolute)
    for step in range(1, window + 1):
        # Written as "not above / not below" so that NaN counts as no divergence.
        if not validation_loss[best + step] > minimum + margin:
            return None
        if not train_loss[best + step] < train_loss[best]:
            return None
    return best + 1
