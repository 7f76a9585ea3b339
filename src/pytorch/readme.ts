/**
 * The exported project's `README.md`: what the files are and how to run the training on one
 * process, on N processes, on a cluster and on GPUs. Browser-safe.
 */
import { PYTORCH_INITIAL_WEIGHTS_DIR, PYTORCH_RUN_FILE, PYTORCH_RUNTIME_PACKAGE, type IrTrainingDocument } from './project.js';
import type { TrainPyOptions } from './train-py.js';

/** The world sizes that divide the global batch, for the README's rule. */
function dividingRanks(batchSize: number): number[] {
  return Array.from({ length: batchSize }, (_, index) => index + 1).filter((ranks) => batchSize % ranks === 0);
}

/** The text of the project's `README.md`. */
export function generatePytorchReadme(document: IrTrainingDocument, options: TrainPyOptions): string {
  const name = document.model.name;
  const training = document.training;
  const batch = training.batchSize;
  const ranks = dividingRanks(batch);
  const lines = [
    `# ${name}: nnspec's training in PyTorch`,
    '',
    `Exported by \`nnspec export ${options.specPath} --to pytorch\`. \`train.py\` trains the model of the spec as`,
    '`nnspec train` does (the same split, normalisation, optimizer, schedule, loss, metrics and early',
    "stopping) and writes nnspec's own report and a bundle nnspec can load, on one process or on many",
    'with `torch.distributed` (DistributedDataParallel).',
    '',
    '## The files',
    '',
    '| File | What it is |',
    '| --- | --- |',
    '| `model.py` | the model as an `nn.Module`, one attribute per layer named as in the spec |',
    "| `data.py`, `data/` | the spec's data, with nnspec's split indices and fitted statistics |",
    "| `train.py` | the spec's `train` block as constants, and a short `main` |",
    `| \`${PYTORCH_RUNTIME_PACKAGE}/\` | the runtime the scripts import (training loop, losses, metrics, early stopping, report) |`,
    `| \`${PYTORCH_RUN_FILE}\` | the report and bundle skeletons \`train.py\` completes |`,
    ...(options.hasInitialWeights ? [`| \`${PYTORCH_INITIAL_WEIGHTS_DIR}/\` | the starting weights (the bundle given to \`--weights\`) |`] : []),
    '',
    'It needs Python 3 with PyTorch (1.13 or later) and NumPy, nothing else.',
    '',
    '## Run on one process',
    '',
    '```sh',
    'python3 train.py                    # writes report.json and trained/',
    'python3 train.py --epochs 5 --json r.json --save out --seed 7',
    '```',
    '',
    '| Option | Default | |',
    '| --- | --- | --- |',
    "| `--json FILE` | `report.json` | the training report, in nnspec's schema |",
    `| \`--epochs N\` | ${training.epochs} (the spec's) | the most epochs to train |`,
    "| `--save DIR` | `trained` | the trained bundle (`--save ''`: none) |",
    `| \`--seed N\` | ${training.seed} (the spec's) | initial weights, dropout, shuffling (the split stays nnspec's) |`,
    '| `--backend auto\\|gloo\\|nccl` | `auto` | the process-group backend: nccl on CUDA, gloo on the CPU |',
    '| `--device auto\\|cpu\\|cuda` | `auto` | CUDA when PyTorch sees a GPU |',
    '',
    'Every epoch prints one line with the losses and metrics; the last line says where and why training',
    'stopped, with the SHA-256 of the final weights.',
    '',
    '## Run on N processes',
    '',
    '```sh',
    'torchrun --nproc_per_node=2 train.py',
    '```',
    '',
    `**The spec's \`batch_size\` (${batch}) is the global batch**: each of the N ranks takes ${batch} / N examples per`,
    `step, so N must divide it (here: ${ranks.join(', ')}). Another N stops at once with an error and exit`,
    'status 2. The ranks deal the shuffled training split round-robin (a `DistributedSampler` with the',
    "spec's seed, `set_epoch` every epoch), so step k of N ranks sees the same examples as step k of one",
    'process. Losses and metrics are all-reduced: every rank prints the global figures. Rank 0 decides',
    'when to stop (early stopping) and tells the others, and only rank 0 writes the report and the bundle.',
    '',
    '## Run on a cluster',
    '',
    'On each of M machines (node ranks 0 to M-1), with the address of node 0:',
    '',
    '```sh',
    'torchrun --nnodes=M --node_rank=R --nproc_per_node=N --master_addr=HOST --master_port=29500 train.py',
    '# or with a rendezvous server:',
    'torchrun --nnodes=M --nproc_per_node=N --rdzv_backend=c10d --rdzv_endpoint=HOST:29500 --rdzv_id=job1 train.py',
    '```',
    '',
    'The world size is M × N, and it must divide the batch. `torchrun` sets `RANK`, `WORLD_SIZE`,',
    "`LOCAL_RANK`, `MASTER_ADDR` and `MASTER_PORT`; any launcher that sets them works too (PyTorch 1.13's",
    '`torchrun` from Debian crashes at start: there, start the N processes yourself with those variables).',
    '',
    '## GPUs',
    '',
    'With CUDA, each rank takes the GPU of its `LOCAL_RANK` and the ranks talk over nccl; `--device cpu`',
    'keeps the CPU, `--backend gloo` forces gloo. One process per GPU: `torchrun --nproc_per_node=GPUS train.py`.',
    '',
    '## Back to nnspec',
    '',
    '```sh',
    'nnspec report report.json --html report.html   # the report, rendered as nnspec renders its own',
    'nnspec predict trained/ rows.csv              # the trained bundle',
    'nnspec evaluate trained/ --split test',
    '```',
    '',
  ];
  return lines.join('\n');
}
