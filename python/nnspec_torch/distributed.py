"""One process or N DDP ranks, from the environment torchrun sets (env:// rendezvous).

``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK``, ``MASTER_ADDR`` and ``MASTER_PORT`` make a rank of a
process group; without ``WORLD_SIZE`` (or with 1) the run is a single process and nothing here
talks to anyone. Everything the training loop needs from the group is here: the backend choice,
all-reducing sums, rank 0's decisions broadcast, and a weights hash every rank can log.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Any

import torch
import torch.distributed as dist


class UsageError(Exception):
    """A mistake in how the program was started (printed without a traceback, exit status 2)."""


@dataclass
class Context:
    """Where this process stands: rank ``rank`` of ``world_size``, on ``device``."""

    rank: int
    world_size: int
    local_rank: int
    device: torch.device
    backend: str  # "gloo", "nccl", or "" for a single process

    @property
    def distributed(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        """Rank 0: the one that decides when to stop and writes files."""
        return self.rank == 0

    @property
    def label(self) -> str:
        """The prefix of this rank's log lines, ``[rank R/W]``."""
        return f"[rank {self.rank}/{self.world_size}]"

    @property
    def report_backend(self) -> str:
        """The report's ``training.backend``: ``pytorch-cpu``/``pytorch-cuda`` alone, ``pytorch-gloo``/``pytorch-nccl`` in a group."""
        return f"pytorch-{self.backend}" if self.distributed else f"pytorch-{self.device.type}"


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise UsageError(f"the environment variable {name} must be a whole number, not {value!r}") from None


def requested_world_size() -> int:
    """The number of ranks the environment asks for (1 without ``WORLD_SIZE``), read before joining anything."""
    return max(1, _env_int("WORLD_SIZE", 1))


def setup(backend: str = "auto", device: str = "auto") -> Context:
    """Joins the process group the environment describes, or sets up a single process.

    ``device``: ``cuda`` when available under ``auto``. ``backend``: ``nccl`` on CUDA and ``gloo``
    on the CPU under ``auto``; ``--backend`` overrides (gloo also works with CUDA tensors).
    """
    world_size = _env_int("WORLD_SIZE", 1)
    rank = _env_int("RANK", 0)
    local_rank = _env_int("LOCAL_RANK", rank)
    if device == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda: this PyTorch sees no CUDA device (use --device cpu)")
    use_cuda = device == "cuda" or (device == "auto" and torch.cuda.is_available())
    if use_cuda:
        torch.cuda.set_device(local_rank % torch.cuda.device_count())
        where = torch.device("cuda", torch.cuda.current_device())
    else:
        where = torch.device("cpu")
    if world_size <= 1:
        return Context(0, 1, 0, where, "")
    if not 0 <= rank < world_size:
        raise UsageError(f"RANK is {rank}, outside 0..{world_size - 1} (WORLD_SIZE {world_size})")
    for name in ("MASTER_ADDR", "MASTER_PORT"):
        if not os.environ.get(name):
            raise UsageError(f"WORLD_SIZE is {world_size} but {name} is not set: start the ranks with torchrun, or set it")
    chosen = backend if backend != "auto" else ("nccl" if use_cuda else "gloo")
    if chosen == "nccl" and not use_cuda:
        raise UsageError("--backend nccl needs CUDA devices (use --backend gloo on the CPU)")
    dist.init_process_group(chosen, init_method="env://", rank=rank, world_size=world_size)
    return Context(rank, world_size, local_rank, where, chosen)


def teardown(context: Context) -> None:
    if context.distributed and dist.is_initialized():
        dist.destroy_process_group()


def all_reduce_sum(context: Context, values: torch.Tensor) -> torch.Tensor:
    """The element-wise sum of ``values`` over the ranks (float64 sums; every rank gets them)."""
    if not context.distributed:
        return values
    # nccl reduces device tensors only; gloo takes the CPU ones.
    on = values.to(context.device) if context.backend == "nccl" else values
    dist.all_reduce(on, op=dist.ReduceOp.SUM)
    return on.cpu()


def broadcast_from_main(context: Context, value: Any) -> Any:
    """Rank 0's ``value`` on every rank (a small picklable object: a decision, a message)."""
    if not context.distributed:
        return value
    box = [value]
    dist.broadcast_object_list(box, src=0, device=context.device if context.backend == "nccl" else None)
    return box[0]


def barrier(context: Context) -> None:
    if context.distributed:
        dist.barrier()


def weights_sha256(module: torch.nn.Module) -> str:
    """SHA-256 of the module's floating-point state (parameters and buffers, state-dict order) as
    float32 bytes: equal on every rank exactly when the ranks hold the same weights."""
    digest = hashlib.sha256()
    for name, tensor in module.state_dict().items():
        if tensor.is_floating_point():
            digest.update(name.encode())
            digest.update(tensor.detach().to("cpu", torch.float32).contiguous().numpy().tobytes())
    return digest.hexdigest()
