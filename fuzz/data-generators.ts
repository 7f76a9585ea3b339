/**
 * Data-file inputs for the CSV and IDX readers: valid tables and arrays, then truncation, bit
 * flips, wrong magic, lying dimensions, gzip bombs, NaN and Inf, ragged rows, quotes, encodings
 * (UTF-16 BOM, Latin-1), CRLF and control characters. Pure functions of a {@link Random}
 * (gzip output is deterministic for the same bytes and level).
 */
import { gzipSync } from 'node:zlib';
import type { Random } from './random.js';

/** One data case: the files to write (name to bytes) and what the spec reads from them. */
export interface DataInput {
  kind: string;
  format: 'csv' | 'idx';
  files: Record<string, Uint8Array>;
  /** The CSV label column the spec names. */
  label?: string;
}

/** Sizes that keep a data case in check (the npm-test run uses smaller ones). */
export interface DataLimits {
  /** Rows (CSV) or examples (IDX) of a generated valid file, at most. */
  maxRows: number;
  /** Bytes a gzip bomb expands to. 0 leaves bombs out. */
  bombBytes: number;
}

export const DEFAULT_DATA_LIMITS: DataLimits = { maxRows: 300, bombBytes: 1024 * 1024 * 1024 };

const encoder = new TextEncoder();

const ODD_CELLS: readonly string[] = [
  'NaN',
  'nan',
  'Inf',
  '-Infinity',
  'Infinity',
  '1e309',
  '-1e309',
  '1e-320',
  '-0',
  '',
  ' ',
  '"',
  '""',
  '"a,b"',
  '"multi\nline"',
  '"un',
  '\x1b[2J',
  '\x1b]0;pwned\x07',
  '\0',
  '\u202E',
  '\u{1F600}',
  'é',
  '0x1F',
  '1,5',
  '1_000',
  '+3',
  '.5',
  '5.',
  'true',
  'null',
];

function randomCell(random: Random): string {
  const roll = random.next();
  if (roll < 0.7) return (random.next() * 20 - 10).toFixed(random.int(0, 4));
  if (roll < 0.8) return String(random.int(-5, 5));
  return random.pick(ODD_CELLS);
}

/** A valid CSV table: feature columns, a label column of classes or numbers. */
function csvTable(random: Random, limits: DataLimits): { text: string; label: string } {
  const features = 1 + random.size(6);
  const names = Array.from({ length: features }, (_, index) => `f${index}`);
  const label = random.pick(['label', 'species', 'y']);
  const header = [...names];
  header.splice(random.int(0, features), 0, label);
  const classes = random.chance(0.5) ? ['setosa', 'versicolor', 'virginica'] : null;
  const rows = 1 + random.size(limits.maxRows);
  const lines = [header.join(',')];
  for (let row = 0; row < rows; row++) {
    lines.push(
      header.map((name) => (name === label ? (classes ? random.pick(classes) : (random.next() * 3).toFixed(2)) : (random.next() * 10).toFixed(3))).join(','),
    );
  }
  return { text: lines.join('\n') + (random.chance(0.8) ? '\n' : ''), label };
}

/** A text mutation of a CSV table. */
function mutateCsvText(random: Random, text: string): { text: string; kind: string } {
  const lines = text.split('\n');
  const line = random.int(0, lines.length - 1);
  switch (random.int(0, 8)) {
    case 0: {
      const cells = lines[line]!.split(',');
      if (random.chance(0.5)) cells.pop();
      else cells.push(randomCell(random));
      lines[line] = cells.join(',');
      return { text: lines.join('\n'), kind: 'ragged' };
    }
    case 1: {
      const cells = lines[line]!.split(',');
      cells[random.int(0, cells.length - 1)] = random.pick(['NaN', 'Inf', '-Infinity', '1e309', 'nan']);
      lines[line] = cells.join(',');
      return { text: lines.join('\n'), kind: 'nan-inf' };
    }
    case 2: {
      const cells = lines[line]!.split(',');
      cells[random.int(0, cells.length - 1)] = random.pick(['"a""b"', '"x,y"', '"line\nbreak"', '"open', 'mid"quote', '""', '"1.5"']);
      lines[line] = cells.join(',');
      return { text: lines.join('\n'), kind: 'quotes' };
    }
    case 3:
      return { text: text.replace(/\n/g, random.chance(0.7) ? '\r\n' : '\r'), kind: 'crlf' };
    case 4: {
      const cells = lines[line]!.split(',');
      cells[random.int(0, cells.length - 1)] = random.pick(ODD_CELLS);
      lines[line] = cells.join(',');
      return { text: lines.join('\n'), kind: 'odd-cell' };
    }
    case 5:
      return { text: text.replace(/,/g, random.pick([';', '\t', ', ', '|'])), kind: 'delimiter' };
    case 6: {
      const cells = lines[0]!.split(',');
      cells[random.int(0, cells.length - 1)] = random.pick([
        '',
        'f0',
        '"label"',
        ' label',
        'a'.repeat(10_000),
        '\x1b[31mred',
        'root:x:0:0:root:/root:/bin/bash',
      ]);
      lines[0] = cells.join(',');
      return { text: lines.join('\n'), kind: 'header' };
    }
    case 7:
      return { text: random.pick(['', '\n', '\n\n\n', 'label\n', 'label', ',,,\n,,,\n', '"']), kind: 'degenerate' };
    default: {
      const many = 1 + random.size(20_000);
      return { text: `${Array.from({ length: many }, (_, index) => `c${index}`).join(',')},label\n${'1,'.repeat(many)}a\n`, kind: 'wide' };
    }
  }
}

/** Re-encodes text: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, or Latin-1. */
function encodeText(random: Random, text: string): { bytes: Uint8Array; kind: string } {
  const roll = random.next();
  if (roll < 0.75) return { bytes: encoder.encode(text), kind: 'utf8' };
  if (roll < 0.82) return { bytes: encoder.encode(`\uFEFF${text}`), kind: 'utf8-bom' };
  if (roll < 0.9) {
    const big = random.chance(0.5);
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set(big ? [0xfe, 0xff] : [0xff, 0xfe]);
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      bytes[2 + 2 * index + (big ? 1 : 0)] = code & 0xff;
      bytes[2 + 2 * index + (big ? 0 : 1)] = code >> 8;
    }
    return { bytes, kind: big ? 'utf16be' : 'utf16le' };
  }
  const latin = text.replace(/a/g, 'é');
  return { bytes: Uint8Array.from(latin, (char) => char.charCodeAt(0) & 0xff), kind: 'latin1' };
}

/** Byte-level damage: truncation, bit flips, inserted or deleted bytes. */
function damageBytes(random: Random, bytes: Uint8Array): { bytes: Uint8Array; kind: string } {
  const out = Uint8Array.from(bytes);
  switch (random.int(0, 2)) {
    case 0:
      return { bytes: out.subarray(0, random.int(0, out.length)), kind: 'truncated' };
    case 1: {
      const flips = 1 + random.size(16);
      for (let flip = 0; flip < flips && out.length > 0; flip++) out[random.int(0, out.length - 1)]! ^= 1 << random.int(0, 7);
      return { bytes: out, kind: 'bit-flips' };
    }
    default: {
      const at = random.int(0, out.length);
      const extra = Uint8Array.from({ length: 1 + random.size(8) }, () => random.int(0, 255));
      const joined = new Uint8Array(out.length + extra.length);
      joined.set(out.subarray(0, at));
      joined.set(extra, at);
      joined.set(out.subarray(at), at + extra.length);
      return { bytes: joined, kind: 'inserted-bytes' };
    }
  }
}

const bombCache = new Map<string, Uint8Array>();

/**
 * A gzip stream of `size` bytes made of `unit` repeated, built from one compressed block of
 * 1 MiB repeated as gzip members (Node's gunzip reads concatenated members as one stream), so a
 * 1 GiB bomb costs a few milliseconds and about 1 MB to make. `size` should be a multiple of the
 * unit's length. Cached per run.
 */
export function gzipBomb(unit: Uint8Array, size: number, header: Uint8Array = new Uint8Array()): Uint8Array {
  const key = `${Buffer.from(unit).toString('hex')}:${size}:${Buffer.from(header).toString('hex')}`;
  const cached = bombCache.get(key);
  if (cached !== undefined) return cached;
  const blockSize = Math.min(size, 1024 * 1024);
  const block = new Uint8Array(blockSize - (blockSize % Math.max(1, unit.length)) || unit.length);
  for (let at = 0; at + unit.length <= block.length; at += unit.length) block.set(unit, at);
  const first = gzipSync(header, { level: 9 });
  const member = gzipSync(block, { level: 9 });
  const count = Math.floor(size / block.length);
  // The last member holds the remainder: the bomb expands to exactly `size` bytes, so an IDX bomb's header tells the truth.
  const rest = gzipSync(block.subarray(0, size - count * block.length), { level: 9 });
  const out = new Uint8Array(first.length + member.length * count + rest.length);
  out.set(first);
  for (let index = 0; index < count; index++) out.set(member, first.length + index * member.length);
  out.set(rest, first.length + member.length * count);
  bombCache.set(key, out);
  return out;
}

/** One CSV case. */
function csvInput(random: Random, limits: DataLimits): DataInput {
  const table = csvTable(random, limits);
  let text = table.text;
  const kinds: string[] = [];
  const mutations = random.chance(0.15) ? 0 : 1 + random.size(3);
  for (let step = 0; step < mutations; step++) {
    const mutated = mutateCsvText(random, text);
    text = mutated.text;
    kinds.push(mutated.kind);
  }
  const encoded = encodeText(random, text);
  let bytes = encoded.bytes;
  if (encoded.kind !== 'utf8') kinds.push(encoded.kind);
  if (random.chance(0.15)) {
    const damaged = damageBytes(random, bytes);
    bytes = damaged.bytes;
    kinds.push(damaged.kind);
  }
  if (random.chance(0.15)) {
    bytes = gzipSync(bytes);
    kinds.push('gzip');
    if (random.chance(0.3)) {
      const damaged = damageBytes(random, bytes);
      bytes = damaged.bytes;
      kinds.push(`gzip-${damaged.kind}`);
    }
  }
  if (limits.bombBytes > 0 && random.chance(0.03)) {
    bytes = gzipBomb(encoder.encode('1.5,2.5,x\n'), limits.bombBytes, encoder.encode(`f0,f1,${table.label}\n`));
    kinds.splice(0, kinds.length, 'gzip-bomb');
  }
  const label = random.chance(0.9) ? table.label : random.pick(['', 'missing', 'f0', '\x1b[2J']);
  return { kind: `csv:${kinds.join('+') || 'valid'}`, format: 'csv', files: { 'data.csv': bytes }, label };
}

/** IDX element types: byte size and a big-endian writer. */
const IDX_WRITERS: Record<number, { size: number; write: (view: DataView, at: number, value: number) => void }> = {
  8: { size: 1, write: (view, at, value) => view.setUint8(at, value) },
  9: { size: 1, write: (view, at, value) => view.setInt8(at, value) },
  11: { size: 2, write: (view, at, value) => view.setInt16(at, value, false) },
  12: { size: 4, write: (view, at, value) => view.setInt32(at, value, false) },
  13: { size: 4, write: (view, at, value) => view.setFloat32(at, value, false) },
  14: { size: 8, write: (view, at, value) => view.setFloat64(at, value, false) },
};

/** The bytes of an IDX array. */
export function idxBytes(type: number, dims: readonly number[], values: readonly number[]): Uint8Array {
  const writer = IDX_WRITERS[type]!;
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + values.length * writer.size);
  const view = new DataView(bytes.buffer);
  bytes[2] = type;
  bytes[3] = dims.length;
  dims.forEach((dim, axis) => view.setUint32(4 + 4 * axis, dim >>> 0, false));
  values.forEach((value, index) => writer.write(view, header + index * writer.size, value));
  return bytes;
}

/** One IDX case: an images and a labels file, then one kind of damage. */
function idxInput(random: Random, limits: DataLimits): DataInput {
  const count = 1 + random.size(Math.min(limits.maxRows, 200));
  const rows = random.int(1, 8);
  const cols = random.int(1, 8);
  const type = random.pick([0x08, 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e]);
  const float = type === 0x0d || type === 0x0e;
  const values = Array.from({ length: count * rows * cols }, () => (float ? random.next() : random.int(0, type === 0x09 ? 127 : 255)));
  const labels = Array.from({ length: count }, () => random.int(0, 9));
  let images = idxBytes(type, [count, rows, cols], values);
  let labelBytes = idxBytes(0x08, [count], labels);
  let kind = 'valid';
  const view = () => new DataView(images.buffer, images.byteOffset, images.byteLength);
  switch (random.int(0, 11)) {
    case 0:
      ({ bytes: images, kind } = damageBytes(random, images));
      break;
    case 1:
      images = Uint8Array.from(images);
      images.set(
        random.pick([
          [0x1f, 0x8c],
          [0x50, 0x4b],
          [0, 1],
          [0xff, 0xd8],
          [0x72, 0x6f, 0x6f, 0x74],
        ]),
      );
      kind = 'wrong-magic';
      break;
    case 2:
      images = Uint8Array.from(images);
      images[random.int(2, 3)] = random.pick([0, 1, 0x0a, 0x0f, 0xff]);
      kind = 'bad-type-or-ndims';
      break;
    case 3:
      images = Uint8Array.from(images);
      view().setUint32(4 + 4 * random.int(0, 2), random.pick([0, 0xffffffff, 0x7fffffff, 65536, count + 1]), false);
      kind = 'lying-dims';
      break;
    case 4:
      images = idxBytes(type, [count, 0x10000, 0x10000], values);
      kind = 'overflowing-dims';
      break;
    case 5: {
      const floatType = random.pick([0x0d, 0x0e]);
      const poisoned = values.map((value) => (random.chance(0.1) ? random.pick([Number.NaN, Infinity, -Infinity]) : value));
      if (!poisoned.some((value) => !Number.isFinite(value)) && poisoned.length > 0) poisoned[0] = Number.NaN;
      images = idxBytes(floatType, [count, rows, cols], poisoned);
      kind = 'nan-inf';
      break;
    }
    case 6:
      labelBytes = idxBytes(0x08, [count + random.pick([-1, 1, 1000])], labels);
      kind = 'count-mismatch';
      break;
    case 7:
      [images, labelBytes] = [labelBytes, images];
      kind = 'swapped';
      break;
    case 8:
      images = gzipSync(images);
      labelBytes = random.chance(0.5) ? gzipSync(labelBytes) : labelBytes;
      kind = 'gzip';
      if (random.chance(0.4)) {
        const damaged = damageBytes(random, images);
        images = damaged.bytes;
        kind = `gzip-${damaged.kind}`;
      }
      break;
    case 9:
      if (limits.bombBytes > 0) {
        const examples = Math.floor(limits.bombBytes / 784);
        const header = idxBytes(0x08, [examples, 28, 28], []);
        images = gzipBomb(new Uint8Array(784), examples * 784, header);
        labelBytes = gzipBomb(new Uint8Array(1), examples, idxBytes(0x08, [examples], []));
        kind = 'gzip-bomb';
      }
      break;
    case 10:
      images = random.pick([
        new Uint8Array(),
        Uint8Array.of(0),
        Uint8Array.of(0, 0, 8),
        encoder.encode('root:x:0:0:root:/root:/bin/bash\n'),
        encoder.encode('\x1b[2J\x1b]0;pwned\x07'),
      ]);
      kind = 'degenerate';
      break;
    default:
      break;
  }
  return { kind: `idx:${kind}`, format: 'idx', files: { images, labels: labelBytes } };
}

/** One data input: CSV or IDX, half each. */
export function dataInput(random: Random, limits: DataLimits = DEFAULT_DATA_LIMITS): DataInput {
  return random.chance(0.5) ? csvInput(random, limits) : idxInput(random, limits);
}
