"""Weights both ways between TF.js's files and the generated module (docs/export.md, "model.py").

``model.py`` has a table, ``TFJS_WEIGHTS``, from every TF.js weight name (``dense_1/kernel``, as in
the ``weightsManifest`` of TF.js's ``model.json``) to the module's parameter or buffer and the
layout conversion between them:

- ``same``: the same array (biases, batch norm's statistics, embeddings);
- ``transpose``: a 2-D kernel, TF.js ``[in, out]`` and PyTorch ``[out, in]`` (dense, and the
  recurrent kernels, whose gates keep TF.js's order: LSTM ``i, f, c, o``, GRU ``z, r, h``);
- ``conv``: a convolution kernel, TF.js ``[k..., in, out]`` (WIO, HWIO) and PyTorch
  ``[out, in, k...]`` (OIW, OIHW);
- ``diagonal``: ``target_scale``'s kernel, ``std * I`` in TF.js, its diagonal here.
"""
from __future__ import annotations

import json
import os
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import torch
from torch import nn


class WeightsError(Exception):
    """TF.js weights that do not fit the module: the message names the weight."""


def _conv_to_torch(array: np.ndarray) -> np.ndarray:
    """``[k..., in, out]`` -> ``[out, in, k...]``."""
    rank = array.ndim
    return np.transpose(array, (rank - 1, rank - 2, *range(rank - 2)))


def _conv_to_tfjs(array: np.ndarray) -> np.ndarray:
    """``[out, in, k...]`` -> ``[k..., in, out]``."""
    rank = array.ndim
    return np.transpose(array, (*range(2, rank), 1, 0))


# layout: (TF.js -> PyTorch, PyTorch -> TF.js)
LAYOUTS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]] = {
    "same": (lambda array: array, lambda array: array),
    "transpose": (np.transpose, np.transpose),
    "conv": (_conv_to_torch, _conv_to_tfjs),
    "diagonal": (lambda array: np.diagonal(array).copy(), np.diag),
}


def to_torch(layout: str, array: np.ndarray) -> np.ndarray:
    """A weight in TF.js's layout converted to PyTorch's."""
    return _layout(layout)[0](array)


def to_tfjs(layout: str, array: np.ndarray) -> np.ndarray:
    """A weight in PyTorch's layout converted to TF.js's (the inverse of :func:`to_torch`)."""
    return _layout(layout)[1](array)


def _layout(layout: str) -> tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]:
    if layout not in LAYOUTS:
        raise ValueError(f"unknown weight layout {layout!r}")
    return LAYOUTS[layout]


def unwrap(model: nn.Module) -> nn.Module:
    """The module inside a DistributedDataParallel (or DataParallel) wrapper, or the module itself."""
    if isinstance(model, (nn.parallel.DistributedDataParallel, nn.DataParallel)):
        return model.module
    return model


def weight_table(model: nn.Module) -> Mapping[str, tuple[str, str]]:
    """The ``TFJS_WEIGHTS`` table of the module's ``model.py`` (through a DistributedDataParallel wrapper)."""
    inner = unwrap(model)
    table = getattr(inner, "TFJS_WEIGHTS", None)
    if table is None:
        raise WeightsError(f"{type(inner).__name__} has no TFJS_WEIGHTS table: is it a module of nnspec's model.py?")
    return table


def _tensor(model: nn.Module, path: str) -> torch.Tensor:
    inner = unwrap(model)
    owner_path, _, attribute = path.rpartition(".")
    owner = inner.get_submodule(owner_path) if owner_path else inner
    return getattr(owner, attribute)


def load_tfjs_weights(model: nn.Module, folder: str) -> None:
    """Copies the weights of TF.js's ``folder/model.json`` (and its weights files) into ``model``.

    Raises :class:`WeightsError` naming the weight when the files lack one of the module's
    weights, hold one it does not know, or one of another shape.
    """
    with open(os.path.join(folder, "model.json"), encoding="utf-8") as file:
        manifest = json.load(file).get("weightsManifest")
    if not isinstance(manifest, list):
        raise WeightsError(f"{os.path.join(folder, 'model.json')} has no weightsManifest")
    table = weight_table(model)
    found: dict[str, np.ndarray] = {}
    for group in manifest:
        data = b"".join(_read(os.path.join(folder, path)) for path in group["paths"])
        offset = 0
        for spec in group["weights"]:
            if spec.get("dtype", "float32") != "float32":
                raise WeightsError(f"weight {spec['name']} is {spec['dtype']}: only float32 weights are read")
            count = int(np.prod(spec["shape"], dtype=np.int64))
            if offset + 4 * count > len(data):
                raise WeightsError(f"weight {spec['name']}: the weights file ends before it (offset {offset}, {len(data)} bytes)")
            found[spec["name"]] = np.frombuffer(data, dtype="<f4", count=count, offset=offset).reshape(spec["shape"])
            offset += 4 * count
    unknown = sorted(set(found) - set(table))
    if unknown:
        raise WeightsError(f"weight {unknown[0]} of {folder} is none of the model's (TFJS_WEIGHTS has no such name)")
    with torch.no_grad():
        for name, (path, layout) in table.items():
            if name not in found:
                raise WeightsError(f"weight {name} is missing from {folder}/model.json")
            target = _tensor(model, path)
            value = to_torch(layout, found[name])
            if tuple(value.shape) != tuple(target.shape):
                raise WeightsError(
                    f"weight {name}: {folder} has shape {list(found[name].shape)}, "
                    f"the model's {path} takes {list(to_tfjs(layout, np.zeros(tuple(target.shape))).shape)}"
                )
            # A writable copy: the file's arrays are read-only views of its bytes.
            target.copy_(torch.from_numpy(np.array(value, dtype=np.float32)))


def tfjs_weight_arrays(model: nn.Module, weight_specs: Iterable[Mapping[str, Any]]) -> list[np.ndarray]:
    """The module's weights as float32 arrays in TF.js's layout, in the order of ``weight_specs``.

    ``weight_specs`` are the entries of a TF.js ``weightsManifest`` (``{name, shape, dtype}``);
    a name the table lacks, or a shape that differs, raises :class:`WeightsError`.
    """
    table = weight_table(model)
    arrays = []
    for spec in weight_specs:
        name = spec["name"]
        if name not in table:
            raise WeightsError(f"weight {name} is none of the model's (TFJS_WEIGHTS has no such name)")
        path, layout = table[name]
        array = to_tfjs(layout, _tensor(model, path).detach().cpu().numpy().astype(np.float32))
        if list(array.shape) != list(spec["shape"]):
            raise WeightsError(f"weight {name}: the model's {path} gives shape {list(array.shape)}, the manifest says {list(spec['shape'])}")
        arrays.append(np.ascontiguousarray(array, dtype=np.float32))
    return arrays


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def flat_weight_specs(manifest: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Every weight entry of a TF.js ``weightsManifest``, in file order."""
    return [spec for group in manifest for spec in group["weights"]]
