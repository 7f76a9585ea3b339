"""Driver of model-parity.interop.test.ts: for each case folder of cases.json, loads the generated
model module and TF.js's weights, runs it in eval mode on the case's inputs, and reports the
outputs, the parameter counts and the weights written back in TF.js's layout."""
import importlib
import json
import sys

import numpy as np
import torch

from nnspec_torch.weights import flat_weight_specs, load_tfjs_weights, tfjs_weight_arrays

torch.manual_seed(0)
results = []
for case in json.load(open(sys.argv[1])):
    module = importlib.import_module(case["module"])
    model = module.build_model()
    load_tfjs_weights(model, case["folder"])
    manifest = json.load(open(f"{case['folder']}/model.json"))["weightsManifest"]
    specs = flat_weight_specs(manifest)
    stored = np.fromfile(f"{case['folder']}/weights.bin", dtype="<f4")

    def weights_now():
        arrays = tfjs_weight_arrays(model, specs)
        return np.concatenate([a.reshape(-1) for a in arrays]) if arrays else np.zeros(0, "<f4")

    written = weights_now()
    # Inference (model.eval()), or one call in training mode for the cases that compare it.
    model.train(case["training"])
    x = torch.tensor(case["input"], dtype=torch.float32).reshape(case["inputShape"])
    with torch.no_grad():
        y = model(x)
    after = weights_now()
    scale_buffers = {path for path, _ in module.TFJS_WEIGHTS.values() if path.startswith("target_scale.")}
    # One training step's forward and backward: train-mode layers run, and every parameter gets a finite gradient.
    model.train()
    loss = model(x).square().mean() + model.regularization_loss()
    if loss.requires_grad:  # a model without parameters has nothing to train
        loss.backward()
    gradients = [p.grad for p in model.parameters()]
    trains = all(g is not None and bool(torch.isfinite(g).all()) for g in gradients)
    results.append({
        "trains": trains,
        "after": after.tolist(),
        "output": y.reshape(-1).tolist(),
        "outputShape": list(y.shape),
        "trainable": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "nonTrainable": sum(b.numel() for name, b in model.named_buffers() if not name.endswith("num_batches_tracked") and name not in scale_buffers),
        "roundTrip": float(np.max(np.abs(written - stored))) if stored.size else 0.0,
        "roundTripSize": [int(written.size), int(stored.size)],
        "regularization": float(model.regularization_loss()),
    })
json.dump(results, open(sys.argv[2], "w"))
