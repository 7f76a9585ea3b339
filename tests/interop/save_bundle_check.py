"""Driver of save-bundle.interop.test.ts: loads nnspec's bundle into the generated module, changes
its weights, runs it in eval mode on fixed inputs and saves it as a bundle (twice: the second
replaces the first) with save_bundle."""
import json
import sys

import torch

import model
from nnspec_torch.bundle import save_bundle
from nnspec_torch.weights import load_tfjs_weights

bundle_folder, x_file, out_folder, result_file = sys.argv[1:5]
run = json.load(open("nnspec-run.json"))
net = model.build_model()
load_tfjs_weights(net, bundle_folder)
with torch.no_grad():
    # Weights of its own, so the saved bundle cannot pass by holding the original's.
    for parameter in net.parameters():
        parameter.mul_(1.25).add_(0.01)
net.eval()
x = json.load(open(x_file))
with torch.no_grad():
    y = net(torch.tensor(x["data"], dtype=torch.float32).reshape(x["shape"]))
original = json.load(open(f"{bundle_folder}/nnspec.json"))
save_bundle(net, out_folder, run, {**original["training"], "epochsRun": 1}, original["metrics"])
save_bundle(net, out_folder, run, original["training"], original["metrics"])
json.dump({"output": y.reshape(-1).tolist()}, open(result_file, "w"))
