"""nnspec's PyTorch runtime: what the exported model.py, data.py and train.py import (docs/export.md)."""
