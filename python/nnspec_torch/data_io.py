"""Reading a spec's data exactly as nnspec reads it, for the exported data.py.

nnspec decides everything that involves randomness or fitting: which rows form each split (the
seeded, optionally stratified split and `limit`), the one-hot vocabularies, imputation values,
normalisation statistics and target scaling. It writes them into the project's data/ folder.
This module only replays them on the raw sources:

- it reads a CSV file with nnspec's own rules (quoting, trimming, blank lines, byte-order mark),
  so row i here is nnspec's row i;
- it reads IDX files (plain or gzip) and the .npy arrays nnspec wrote for generated data;
- it encodes the recorded columns, maps labels to class indices by the recorded label values,
  takes each split's recorded rows and normalises them with the recorded statistics, computing
  in float64 and rounding to float32 once, as nnspec does, so the features are bit-identical.

Nothing here needs more than NumPy and the standard library.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterator, Optional, Union

import numpy as np

SPLITS = ('train', 'validation', 'test')

# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvSource:
    """A CSV file with a header row; `label` names the label column.

    `features` and `drop` are the data block's column options; they matter only when the
    preprocessing record has no columns (a CSV test set of a block whose own source has none).
    """

    path: str
    label: str
    features: Optional[list[str]] = None
    drop: list[str] = field(default_factory=list)
    # The SHA-256 of the file nnspec exported from: another file gets a warning.
    sha256: Optional[str] = None


@dataclass(frozen=True)
class IdxSource:
    """An IDX images file and an IDX labels file (MNIST's format), plain or gzip."""

    images: str
    labels: str
    # {'images': ..., 'labels': ...}: the SHA-256 of the files nnspec exported from.
    sha256: Optional[dict[str, str]] = None


@dataclass(frozen=True)
class ArraySource:
    """Examples nnspec generated and wrote as .npy arrays (raw features, labels)."""

    features: str
    labels: str


Source = Union[CsvSource, IdxSource, ArraySource]

Split = Optional[tuple[np.ndarray, np.ndarray]]


class DataError(ValueError):
    """A data file that cannot give the data nnspec exported (wrong file, changed contents)."""


# --------------------------------------------------------------------------------------------
# Numbers and text as nnspec (JavaScript) sees them
# --------------------------------------------------------------------------------------------

# What JavaScript's String.prototype.trim removes: nnspec trims unquoted CSV cells with it.
_JS_SPACE = (
    ' \t\n\x0b\x0c\r\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a'
    '\u2028\u2029\u202f\u205f\u3000\ufeff'
)

# nnspec's strict decimal syntax: no hex, no `nan`/`inf`, no `1_000`, ASCII digits only.
_DECIMAL = re.compile(r'[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?')


def parse_decimal(text: str) -> Optional[float]:
    """The number `text` holds by nnspec's rule, or None (Python's float() rounds as JavaScript's Number())."""
    if _DECIMAL.fullmatch(text) is None:
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def js_number_string(value: float) -> str:
    """A number as JavaScript's String() prints it (`1`, `2.5`, `1e+21`): nnspec names numeric classes so."""
    if value == 0:
        return '0'
    if value < 0:
        return '-' + js_number_string(-value)
    # repr() gives the shortest digits that round-trip, as JavaScript does; only the layout differs.
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = ''.join(map(str, digits))
    k = len(text)
    n = exponent + k  # value = 0.<text> * 10**n
    if k <= n <= 21:
        return text + '0' * (n - k)
    if 0 < n <= 21:
        return text[:n] + '.' + text[n:]
    if -6 < n <= 0:
        return '0.' + '0' * (-n) + text
    power = n - 1
    mantissa = text if k == 1 else text[0] + '.' + text[1:]
    return f"{mantissa}e{'+' if power >= 0 else '-'}{abs(power)}"


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def read_bytes(path: str, sha256: Optional[str] = None) -> bytes:
    """A data file's bytes, gunzipped when they start with gzip's magic number (content decides, not the name).

    With `sha256` (of the file nnspec exported from), a file of other contents is warned about:
    the recorded split rows and statistics describe that file, not this one.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise DataError(f'cannot read data file {path}: {error.strerror or error}') from None
    if sha256 is not None and hashlib.sha256(raw).hexdigest() != sha256:
        warnings.warn(
            f'{path} is not the file nnspec exported the project from (its SHA-256 differs): the split rows and '
            'statistics in data/ are that file\'s; export again from the spec to use this one',
            stacklevel=2,
        )
    if raw[:2] == b'\x1f\x8b':
        return gzip.decompress(raw)
    return raw


def csv_records(text: str) -> Iterator[list[str]]:
    """The non-blank records of CSV text, as lists of cell values, by nnspec's CsvScanner rules.

    RFC 4180 quoting (a quoted cell may span lines, `""` is a quote); unquoted cells are trimmed;
    text after a closing quote is kept (trimmed); a line of nothing but spaces is blank; line
    breaks are CRLF, LF or a lone CR; one leading byte-order mark is ignored.
    """
    length = len(text)
    index = 1 if text.startswith('\ufeff') else 0
    breaks = re.compile(r'[\r\n]')
    separators = re.compile(r'[,\r\n]')

    def line_end(start: int) -> int:
        found = breaks.search(text, start)
        return found.start() if found else length

    def after_break(at: int) -> int:
        if at >= length:
            return at
        return at + 2 if text.startswith('\r\n', at) else at + 1

    while index < length:
        end = line_end(index)
        line = text[index:end]
        if '"' not in line:
            # The usual record: no quote anywhere, so it is one line split at its commas.
            if ',' not in line and line.strip(_JS_SPACE) == '':
                index = after_break(end)
                continue
            yield [cell.strip(_JS_SPACE) for cell in line.split(',')]
            index = after_break(end)
            continue
        # A line with a quote (never blank): read cell by cell, since a cell that starts with a
        # quote is quoted and may hold commas and line breaks; a quote inside a cell is plain text.
        cells: list[str] = []
        while True:
            if index < length and text[index] == '"':
                at = index + 1
                pieces: list[str] = []
                while True:
                    close = text.find('"', at)
                    if close < 0:
                        raise DataError('a quoted CSV cell is never closed')
                    pieces.append(text[at:close])
                    if text.startswith('""', close):
                        pieces.append('"')
                        at = close + 2
                        continue
                    at = close + 1
                    break
                found = separators.search(text, at)
                stop = found.start() if found else length
                cells.append(''.join(pieces) + text[at:stop].strip(_JS_SPACE))
                index = stop
            else:
                found = separators.search(text, index)
                stop = found.start() if found else length
                cells.append(text[index:stop].strip(_JS_SPACE))
                index = stop
            if index < length and text[index] == ',':
                index += 1
                continue
            index = after_break(index)
            break
        yield cells


def read_csv(path: str, sha256: Optional[str] = None) -> tuple[list[str], list[list[str]]]:
    """The header and the data records of a CSV file (decoded as UTF-8, bad bytes replaced, as nnspec does)."""
    text = read_bytes(path, sha256).decode('utf-8', errors='replace')
    # nnspec's decoder drops one byte-order mark and its scanner another.
    if text.startswith('\ufeff'):
        text = text[1:]
    records = csv_records(text)
    header = next(records, None)
    if header is None:
        raise DataError(f'data file {path} is empty')
    rows = list(records)
    for number, row in enumerate(rows):
        if len(row) != len(header):
            raise DataError(f'record {number + 1} of {path} has {len(row)} cells but the header has {len(header)} columns')
    return header, rows


def read_idx(path: str, sha256: Optional[str] = None) -> np.ndarray:
    """An IDX array (big-endian values after `00 00 type ndims` and the sizes) as float32, first axis the examples."""
    data = read_bytes(path, sha256)
    types = {0x08: '>u1', 0x09: '>i1', 0x0B: '>i2', 0x0C: '>i4', 0x0D: '>f4', 0x0E: '>f8'}
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in types:
        raise DataError(f'{path} is not an IDX file')
    ndims = data[3]
    header = 4 + 4 * ndims
    dims = [int.from_bytes(data[4 + 4 * axis : 8 + 4 * axis], 'big') for axis in range(ndims)]
    dtype = np.dtype(types[data[2]])
    expected = header + math.prod(dims) * dtype.itemsize
    if len(data) != expected:
        raise DataError(f'{path} has {len(data)} bytes, but its header {dims} needs {expected}')
    return np.frombuffer(data, dtype=dtype, offset=header).astype(np.float32).reshape(dims)


# --------------------------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """What nnspec wrote into data/: the preprocessing record and the label value of each class."""

    preprocessing: dict
    # {'kind': 'number' | 'text', 'values': [...], 'names': [...]}, or None for a regression.
    classes: Optional[dict]

    @staticmethod
    def read(data_dir: Path) -> 'Recorded':
        preprocessing = json.loads((data_dir / 'preprocessing.json').read_text(encoding='utf-8'))
        classes = json.loads((data_dir / 'classes.json').read_text(encoding='utf-8'))
        return Recorded(preprocessing, classes)


def _class_indices(labels: list[float] | list[str], numeric: bool, classes: dict, where: str) -> np.ndarray:
    """Class indices of raw labels, by the label value nnspec recorded for each class.

    Numeric labels match numeric classes by value; otherwise labels match by name, a number
    named as nnspec names it (`1.0` is class `1`), as nnspec matches a separate test set's classes.
    """
    if numeric and classes['kind'] == 'number':
        index = {float(value): k for k, value in enumerate(classes['values'])}
        key = float
    else:
        index = {name: k for k, name in enumerate(classes['names'])}
        key = js_number_string if numeric else str
    out = np.empty(len(labels), dtype=np.int64)
    for row, label in enumerate(labels):
        k = index.get(key(label))
        if k is None:
            raise DataError(f'label {label!r} of {where} (row {row + 1}) is not one of the classes nnspec exported')
        out[row] = k
    return out


def _labels(raw: Union[np.ndarray, list[str]], task: str, classes: Optional[dict], where: str) -> np.ndarray:
    """int64 class indices (classification) or float32 targets (regression) of raw labels."""
    if isinstance(raw, np.ndarray):
        if task == 'regression':
            return raw.astype(np.float32)
        return _class_indices([float(value) for value in raw], True, classes, where)
    numbers = [parse_decimal(cell) for cell in raw]
    numeric = all(number is not None for number in numbers)
    if task == 'regression':
        if not numeric:
            raise DataError(f'{where} has a label that is not a number, but the task is a regression')
        return np.array(numbers, dtype=np.float64).astype(np.float32)
    return _class_indices(numbers if numeric else list(raw), numeric, classes, where)


def _encode_columns(header: list[str], rows: list[list[str]], columns: list[dict], path: str) -> np.ndarray:
    """The recorded column encodings applied to every row: numbers (missing: `fill`), one-hot (unseen: all zeros)."""
    position = {name: at for at, name in enumerate(header)}
    width = sum(1 if column['kind'] == 'numeric' else len(column['categories']) for column in columns)
    features = np.zeros((len(rows), width), dtype=np.float64)
    offset = 0
    for column in columns:
        name = column['name']
        if name not in position:
            raise DataError(f'column {name!r} is not in the header of {path}')
        cells = [row[position[name]] for row in rows]
        fill = column['fill']
        if column['kind'] == 'numeric':
            for row, cell in enumerate(cells):
                value = fill if cell == '' else parse_decimal(cell)
                if value is None:
                    problem = 'is empty' if cell == '' else f'holds {cell!r}, not a number'
                    raise DataError(f'column {name!r} of {path} {problem} (record {row + 1})')
                features[row, offset] = value
            offset += 1
            continue
        # A file whose cells of this column are all numbers (a test file, say) names them as nnspec does.
        numbers = [parse_decimal(cell) for cell in cells if cell != '']
        as_numbers = all(number is not None for number in numbers)
        index = {category: k for k, category in enumerate(column['categories'])}
        for row, cell in enumerate(cells):
            category = fill if cell == '' else (js_number_string(parse_decimal(cell)) if as_numbers else cell)
            if category is None:
                raise DataError(f'column {name!r} of {path} is empty (record {row + 1}), and nothing fills it')
            k = index.get(category)
            if k is not None:
                features[row, offset + k] = 1
        offset += len(column['categories'])
    return features


def _load_csv(source: CsvSource, recorded: Recorded, task: str) -> tuple[np.ndarray, np.ndarray]:
    header, rows = read_csv(source.path, source.sha256)
    if source.label not in header:
        raise DataError(f'label column {source.label!r} is not in the header of {source.path}')
    columns = recorded.preprocessing['columns']
    if columns is None:
        # No fitted columns (the block's own source has none): the block's selection, as numbers.
        names = source.features or [name for name in header if name != source.label and name not in source.drop]
        columns = [{'name': name, 'kind': 'numeric', 'fill': None} for name in names]
    features = _encode_columns(header, rows, columns, source.path)
    label_at = header.index(source.label)
    raw_labels = [row[label_at] for row in rows]
    if any(cell == '' for cell in raw_labels):
        raise DataError(f'{source.path} has an empty label')
    return features, _labels(raw_labels, task, recorded.classes, source.path)


def _load_idx(source: IdxSource, recorded: Recorded, task: str) -> tuple[np.ndarray, np.ndarray]:
    sha256 = source.sha256 or {}
    images = read_idx(source.images, sha256.get('images'))
    labels = read_idx(source.labels, sha256.get('labels'))
    if labels.ndim != 1 or labels.shape[0] != images.shape[0]:
        raise DataError(f'{source.labels} does not hold one label per image of {source.images}')
    return images.reshape(images.shape[0], -1), _labels(labels, task, recorded.classes, source.labels)


def _load_arrays(source: ArraySource, recorded: Recorded, task: str) -> tuple[np.ndarray, np.ndarray]:
    features = np.load(source.features)
    labels = np.load(source.labels)
    return features.reshape(features.shape[0], -1), _labels(labels, task, recorded.classes, source.labels)


def load_source(source: Source, recorded: Recorded, task: str) -> tuple[np.ndarray, np.ndarray]:
    """Every example of a source: features [n, width] (raw, before normalisation) and labels."""
    if isinstance(source, CsvSource):
        return _load_csv(source, recorded, task)
    if isinstance(source, IdxSource):
        return _load_idx(source, recorded, task)
    return _load_arrays(source, recorded, task)


def normalize(features: np.ndarray, record: dict) -> np.ndarray:
    """The recorded normalisation, as nnspec applies it: in float64, rounded to float32 once.

    minmax: (x - min) / (max - min), 0 where max = min; standard: (x - mean) / std, 0 where std = 0.
    """
    values = features.astype(np.float32).astype(np.float64)
    kind = record['kind']
    if kind == 'none':
        return values.astype(np.float32)
    if kind == 'minmax':
        offset = np.array(record['min'], dtype=np.float64)
        divisor = np.array(record['max'], dtype=np.float64) - offset
    else:
        offset = np.array(record['mean'], dtype=np.float64)
        divisor = np.array(record['std'], dtype=np.float64)
    safe = np.where(divisor > 0, divisor, 1.0)
    scaled = np.where(divisor > 0, (values - offset) / safe, 0.0)
    return scaled.astype(np.float32)


def load_splits(
    source: Source,
    test_source: Optional[Source],
    data_dir: Path,
    task: str,
    feature_shape: list[int],
) -> dict[str, Split]:
    """The train, validation and test splits nnspec trains on: each (features, labels), or None when empty.

    Features are float32 of shape [n, *feature_shape], normalised; labels are int64 class
    indices (classification) or float32 targets in the data's own units (regression).
    """
    recorded = Recorded.read(data_dir)
    main = load_source(source, recorded, task)
    # A separate test block is its own source, used whole; otherwise the test rows are the main source's.
    test = load_source(test_source, recorded, task) if test_source is not None else main
    splits: dict[str, Split] = {}
    for name in SPLITS:
        rows = np.load(data_dir / f'rows-{name}.npy')
        if rows.size == 0:
            splits[name] = None
            continue
        features, labels = test if name == 'test' else main
        if rows.max() >= features.shape[0]:
            raise DataError(
                f'the {name} split takes row {int(rows.max()) + 1}, but the data has {features.shape[0]} rows: '
                'the files are not the ones nnspec exported (export again from the spec to use other data)'
            )
        chosen = normalize(features[rows], recorded.preprocessing['normalization'])
        splits[name] = (chosen.reshape([len(rows), *feature_shape]), labels[rows])
    return splits

