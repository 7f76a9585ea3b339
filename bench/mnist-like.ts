/**
 * A learnable 60,000-example data set in MNIST's exact file format (train-images-idx3-ubyte,
 * train-labels-idx1-ubyte: 28x28 unsigned bytes, 10 classes), generated from a seed and written
 * once into a cache folder, so the end-to-end benchmark reads real IDX files of MNIST's size
 * without downloading anything. Each class is three thick strokes at fixed places; an example is
 * its class's strokes shifted by up to 3 pixels, at a random brightness, over a fainter copy of
 * another class's strokes, with noise: hard enough that validation loss stops improving within
 * a few epochs, as on MNIST, so early stopping has something to do.
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What the benchmark's data set is made of. */
export const MNIST_LIKE = { count: 60_000, rows: 28, cols: 28, classes: 10, seed: 17 } as const;

/** The two files, as MNIST names them. */
export interface IdxFiles {
  dir: string;
  images: string;
  labels: string;
}

/** mulberry32: a small seeded generator; the data only needs to be the same every time. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One class's picture: three strokes of width about 3 pixels between random points, values 0..1. */
function classTemplate(random: () => number): Float32Array {
  const { rows, cols } = MNIST_LIKE;
  const picture = new Float32Array(rows * cols);
  for (let stroke = 0; stroke < 3; stroke++) {
    const [x0, y0, x1, y1] = [4 + random() * 20, 4 + random() * 20, 4 + random() * 20, 4 + random() * 20];
    const length2 = (x1 - x0) ** 2 + (y1 - y0) ** 2 || 1;
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const along = Math.min(1, Math.max(0, ((x - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / length2));
        const distance = Math.hypot(x - (x0 + along * (x1 - x0)), y - (y0 + along * (y1 - y0)));
        picture[y * cols + x] = Math.max(picture[y * cols + x]!, Math.min(1, Math.max(0, 2 - distance) / 1.5));
      }
    }
  }
  return picture;
}

function idxHeader(dims: readonly number[]): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  header.set([0, 0, 0x08, dims.length]);
  dims.forEach((dim, axis) => view.setUint32(4 + 4 * axis, dim, false));
  return header;
}

/** Images and labels as whole IDX files (header and bytes). */
export function generateMnistLike(): { images: Uint8Array; labels: Uint8Array } {
  const { count, rows, cols, classes, seed } = MNIST_LIKE;
  const random = generator(seed);
  const templates = Array.from({ length: classes }, () => classTemplate(random));
  const pixels = rows * cols;
  const imageHeader = idxHeader([count, rows, cols]);
  const labelHeader = idxHeader([count]);
  const images = new Uint8Array(imageHeader.length + count * pixels);
  const labels = new Uint8Array(labelHeader.length + count);
  images.set(imageHeader);
  labels.set(labelHeader);
  for (let example = 0; example < count; example++) {
    const label = Math.floor(random() * classes);
    labels[labelHeader.length + example] = label;
    const template = templates[label]!;
    const distractor = templates[Math.floor(random() * classes)]!;
    const dx = Math.floor(random() * 7) - 3;
    const dy = Math.floor(random() * 7) - 3;
    const brightness = 0.3 + 0.7 * random();
    const faint = 0.7 * random() * brightness;
    const at = imageHeader.length + example * pixels;
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const sx = x - dx;
        const sy = y - dy;
        const inside = sx >= 0 && sx < cols && sy >= 0 && sy < rows;
        const ink = inside ? Math.max(template[sy * cols + sx]! * brightness, distractor[sy * cols + sx]! * faint) : 0;
        const value = 255 * (ink + 0.8 * (random() + random() - 1));
        images[at + y * cols + x] = value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
      }
    }
  }
  return { images, labels };
}

/** The cached files, generated and written (atomically, each through a temporary name) when missing. */
export function mnistLikeFiles(dir = path.join(os.tmpdir(), `nnspec-bench-mnist-like-v2-${MNIST_LIKE.seed}`)): IdxFiles {
  const files = { dir, images: path.join(dir, 'train-images-idx3-ubyte'), labels: path.join(dir, 'train-labels-idx1-ubyte') };
  const { count, rows, cols } = MNIST_LIKE;
  const whole = (file: string, size: number) => existsSync(file) && statSync(file).size === size;
  if (whole(files.images, 16 + count * rows * cols) && whole(files.labels, 8 + count)) return files;
  mkdirSync(dir, { recursive: true });
  const { images, labels } = generateMnistLike();
  for (const [file, bytes] of [
    [files.images, images],
    [files.labels, labels],
  ] as const) {
    writeFileSync(`${file}.partial`, bytes);
    renameSync(`${file}.partial`, file);
  }
  return files;
}
