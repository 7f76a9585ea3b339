"""Driver of runtime.interop.test.ts: measures nnspec_torch's initializers, train-mode layers and
weight-loading errors, and prints the figures as JSON for the test to judge."""
import json
import math
import os
import sys

import numpy as np
import torch

from nnspec_torch import layers
from nnspec_torch.initializers import Initializer
from nnspec_torch.weights import WeightsError, load_tfjs_weights

torch.manual_seed(0)
out = {}


def stats(tensor):
    t = tensor.double()
    return {"mean": float(t.mean()), "std": float(t.std()), "min": float(t.min()), "max": float(t.max()), "shape": list(tensor.shape)}


for kind, params in [
    ("glorot_uniform", {}), ("glorot_normal", {}), ("he_uniform", {}), ("he_normal", {}), ("lecun_uniform", {}), ("lecun_normal", {}),
    ("random_normal", {"mean": 0.5, "stddev": 0.2}), ("random_uniform", {"minval": -0.3, "maxval": 0.1}),
    ("truncated_normal", {"mean": 1.0, "stddev": 0.5}), ("constant", {"value": 0.7}), ("zeros", {}), ("ones", {}),
]:
    out[kind] = stats(Initializer(kind, **params).sample([400, 600]))
# Fans of a convolution kernel [k, k, in, out] count the receptive field, as Keras.
out["conv_he_uniform"] = stats(Initializer("he_uniform").sample([3, 3, 4, 8]))
q = Initializer("orthogonal", gain=2.0).sample([30, 60]).double()
out["orthogonal"] = {"gram_error": float((q @ q.T - 4 * torch.eye(30, dtype=torch.float64)).abs().max()), "shape": list(q.shape)}

dense = layers.Dense(400, 600, activation="linear", use_bias=True, kernel_initializer=Initializer("glorot_uniform"),
                     bias_initializer=Initializer("constant", value=0.5), kernel_regularizer=None, bias_regularizer=None)
out["dense"] = {"weight": stats(dense.weight.detach()), "bias": stats(dense.bias.detach())}

x = torch.ones(1000, 50)
drop = layers.Dropout(rate=0.3)
drop.train()
trained = drop(x)
drop.eval()
out["dropout"] = {"train_zero_share": float((trained == 0).double().mean()), "train_mean": float(trained.mean()), "eval_equal": bool(torch.equal(drop(x), x))}
spatial = layers.SpatialDropout2D(rate=0.5)
spatial.train()
maps = spatial(torch.ones(20, 4, 4, 6))
out["spatial_dropout2d"] = {"whole_channels": bool(((maps == 0).flatten(1, 2).all(dim=1) | (maps != 0).flatten(1, 2).all(dim=1)).all())}

bn = layers.BatchNorm(3, momentum=0.9, epsilon=0.001, center=True, scale=True)
with torch.no_grad():
    bn.running_mean.fill_(1.0)
    bn.running_var.fill_(2.0)
batch = torch.randn(64, 5, 3) * 3 + 4
bn.train()
normalised = bn(batch)
flat = batch.reshape(-1, 3).double()
out["batch_norm"] = {
    "running_mean": bn.running_mean.tolist(),
    "expected_mean": (0.9 * 1.0 + 0.1 * flat.mean(0)).tolist(),
    "running_var": bn.running_var.tolist(),
    "expected_var": (0.9 * 2.0 + 0.1 * flat.var(0, unbiased=False)).tolist(),
    "train_output_mean": float(normalised.mean()),
}

# Loading errors name the weight: a missing one, and one of another shape.
folder = sys.argv[1]
errors = {}
for case in ("missing", "shape"):
    case_folder = os.path.join(folder, case)
    os.makedirs(case_folder, exist_ok=True)
    weights = [{"name": "dense_1/kernel", "shape": [4, 3] if case == "shape" else [3, 3], "dtype": "float32"}]
    if case == "shape":
        weights.append({"name": "dense_1/bias", "shape": [3], "dtype": "float32"})
    size = sum(int(np.prod(w["shape"])) for w in weights)
    json.dump({"weightsManifest": [{"paths": ["weights.bin"], "weights": weights}]}, open(os.path.join(case_folder, "model.json"), "w"))
    np.zeros(size, "<f4").tofile(os.path.join(case_folder, "weights.bin"))

    class Net(torch.nn.Module):
        TFJS_WEIGHTS = {"dense_1/kernel": ("dense_1.weight", "transpose"), "dense_1/bias": ("dense_1.bias", "same")}

        def __init__(self):
            super().__init__()
            self.dense_1 = layers.Dense(3, 3, activation="linear", use_bias=True, kernel_initializer=Initializer("zeros"),
                                        bias_initializer=Initializer("zeros"), kernel_regularizer=None, bias_regularizer=None)

    try:
        load_tfjs_weights(Net(), case_folder)
        errors[case] = None
    except WeightsError as error:
        errors[case] = str(error)
out["errors"] = errors
json.dump(out, sys.stdout)
