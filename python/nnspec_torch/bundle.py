"""Saving the trained module as an nnspec bundle, which ``nnspec predict`` and ``evaluate`` load (docs/bundle.md).

The bundle is TF.js's ``model.json`` and ``weights.bin`` beside nnspec's ``nnspec.json``: the run
file ``nnspec-run.json`` nnspec wrote into the project holds the first (of the untrained model) and
a template of the last; this module fills in the weights, how the training went and the manifest.
"""
from __future__ import annotations

import copy
import datetime
import hashlib
import json
import os
import shutil
import tempfile
from typing import Any, Mapping, Optional

from torch import nn

from .weights import flat_weight_specs, tfjs_weight_arrays

MODEL_FILE = "model.json"
WEIGHTS_FILE = "weights.bin"
BUNDLE_FILE = "nnspec.json"


def save_bundle(
    model: nn.Module,
    folder: str,
    run: Mapping[str, Any],
    training: Mapping[str, Any],
    metrics: Mapping[str, Optional[Mapping[str, Any]]],
) -> None:
    """Writes ``folder`` as an nnspec bundle of ``model``'s weights.

    ``run`` is the parsed ``nnspec-run.json``; ``training`` is ``{bestEpoch, restoredBestWeights,
    epochsRun, stopReason, loss, metrics}`` and ``metrics`` ``{train, validation, test}``, each
    ``{loss, metrics}`` or None, as nnspec's own bundles have them. The folder is written beside its
    place and renamed into it, so it is the old bundle or the complete new one, never a mix.
    """
    specs = flat_weight_specs(run["tfjsModel"]["weightsManifest"])
    weights = b"".join(array.astype("<f4").tobytes() for array in tfjs_weight_arrays(model, specs))

    model_json = copy.deepcopy(dict(run["tfjsModel"]))
    model_json["weightsManifest"] = [{"paths": [WEIGHTS_FILE], "weights": [dict(spec) for spec in specs]}]

    folder = os.path.abspath(folder)
    bundle = copy.deepcopy(dict(run["bundle"]))
    bundle["training"] = dict(training)
    bundle["metrics"] = {split: (dict(value) if value is not None else None) for split, value in metrics.items()}
    manifest = bundle["manifest"]
    manifest["spec"]["path"] = os.path.relpath(manifest["spec"]["path"], folder).replace(os.sep, "/")
    manifest["date"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    manifest["files"] = {
        "model": MODEL_FILE,
        "weights": WEIGHTS_FILE,
        "weightsBytes": len(weights),
        "weightsSha256": hashlib.sha256(weights).hexdigest(),
    }

    parent = os.path.dirname(folder)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(folder)}.tmp-", dir=parent)
    try:
        with open(os.path.join(staging, MODEL_FILE), "w", encoding="utf-8") as file:
            json.dump(model_json, file)
        with open(os.path.join(staging, WEIGHTS_FILE), "wb") as file:
            file.write(weights)
        with open(os.path.join(staging, BUNDLE_FILE), "w", encoding="utf-8") as file:
            json.dump(bundle, file, indent=2)
            file.write("\n")
        _replace_folder(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _replace_folder(staging: str, folder: str) -> None:
    """Renames ``staging`` to ``folder``, moving an existing ``folder`` aside first and removing it after."""
    old = None
    if os.path.lexists(folder):
        old = tempfile.mkdtemp(prefix=f".{os.path.basename(folder)}.old-", dir=os.path.dirname(folder))
        os.rmdir(old)
        os.rename(folder, old)
    try:
        os.rename(staging, folder)
    except BaseException:
        if old is not None:
            os.rename(old, folder)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
