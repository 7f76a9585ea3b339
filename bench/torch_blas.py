"""Which BLAS library this PyTorch process really uses, for the benchmarks' PyTorch row labels.

Debian's torch calls whatever libblas.so.3 the alternatives system points at: netlib's reference
BLAS or OpenBLAS change PyTorch's dense-layer speed about 8x, so a PyTorch figure means little
without it. The answer is read from the libraries mapped into this process after a matmul ran
(/proc/self/maps), not from torch's build flags, which say "generic" either way.
"""
import os

import torch


def blas_in_use() -> str:
    """A short name of the BLAS library loaded here, e.g. "OpenBLAS 0.3.21 (openblas-pthread)"."""
    torch.ones(8, 8) @ torch.ones(8, 8)  # make sure the BLAS library is loaded
    try:
        with open("/proc/self/maps", encoding="utf8") as maps:
            paths = {line.split()[-1] for line in maps if "/" in line}
    except OSError:
        paths = set()
    names = {os.path.basename(path): path for path in paths}
    if any("mkl_core" in name or "mkl_rt" in name for name in names):
        return "MKL"
    for name, path in sorted(names.items()):
        if name.startswith("libopenblas"):
            version = name.split("-r")[-1].removesuffix(".so") if "-r" in name else ""
            flavour = os.path.basename(os.path.dirname(path))
            return f"OpenBLAS {version} ({flavour})".replace("  ", " ")
    if any(name.startswith("libblis") for name in names):
        return "BLIS"
    for name, path in sorted(names.items()):
        if name.startswith("libblas.so"):
            # Debian's netlib reference BLAS lives in .../blas/libblas.so.3.
            return f"reference BLAS ({os.path.realpath(path)})"
    if torch.backends.mkl.is_available():
        return "MKL (linked in)"
    return "unknown BLAS"


if __name__ == "__main__":
    print(blas_in_use())
