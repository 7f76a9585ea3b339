/**
 * Seeded synthetic data sets for experiments and tests: small 2-D classification problems
 * (spirals, moons, circles, xor, blobs) and a 1-D sine regression. Browser-safe.
 * The exact construction of each is documented in docs/data.md.
 */
import type { Random } from '../../util/seeds.js';
import type { Dataset } from './dataset.js';

/** Options shared by every generator. */
export interface SyntheticOptions {
  /** Total number of examples (split as evenly as possible among the classes). */
  samples: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (for `sine`: to the target). */
  noise: number;
}

/** How many of `samples` go to class `k` of `classes`: even shares, the remainder to the first classes. */
function classCount(samples: number, classes: number, k: number): number {
  return Math.floor(samples / classes) + (k < samples % classes ? 1 : 0);
}

/** Builds a 2-feature classification data set from a per-example point function. */
function twoD(samples: number, classes: number, point: (k: number, i: number, n: number) => [number, number], classNames?: string[]): Dataset {
  const features = new Float32Array(samples * 2);
  const labels = new Float32Array(samples);
  let row = 0;
  for (let k = 0; k < classes; k++) {
    const n = classCount(samples, classes, k);
    for (let i = 0; i < n; i++) {
      const [x, y] = point(k, i, n);
      features[2 * row] = x;
      features[2 * row + 1] = y;
      labels[row] = k;
      row++;
    }
  }
  return {
    features,
    featureShape: [2],
    labels,
    task: 'classification',
    classNames: classNames ?? Array.from({ length: classes }, (_, k) => String(k)),
    count: samples,
  };
}

/**
 * Interleaved spiral arms, one per class. Point `i` of `n` of arm `k` has radius `r = (i + 1) / n`
 * and angle `θ = 2π·turns·r + 2πk/classes`; `(r cos θ, r sin θ)` plus noise. Radii are in (0, 1].
 */
export function spirals(random: Random, options: SyntheticOptions & { classes: number; turns?: number }): Dataset {
  const turns = options.turns ?? 1.5;
  return twoD(options.samples, options.classes, (k, i, n) => {
    const r = (i + 1) / n;
    const theta = 2 * Math.PI * turns * r + (2 * Math.PI * k) / options.classes;
    return [r * Math.cos(theta) + options.noise * random.normal(), r * Math.sin(theta) + options.noise * random.normal()];
  });
}

/**
 * Two interleaving half circles (scikit-learn's `make_moons`): class 0 is `(cos t, sin t)`,
 * class 1 is `(1 - cos t, 0.5 - sin t)`, `t` evenly spaced over [0, π]; plus noise.
 */
export function moons(random: Random, options: SyntheticOptions): Dataset {
  return twoD(options.samples, 2, (k, i, n) => {
    const t = n === 1 ? 0 : (Math.PI * i) / (n - 1);
    const [x, y] = k === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    return [x + options.noise * random.normal(), y + options.noise * random.normal()];
  });
}

/**
 * Two concentric circles (scikit-learn's `make_circles`): class 0 on radius 1, class 1 on radius
 * `factor` (default 0.5), angles evenly spaced over [0, 2π); plus noise.
 */
export function circles(random: Random, options: SyntheticOptions & { factor?: number }): Dataset {
  const factor = options.factor ?? 0.5;
  return twoD(options.samples, 2, (k, i, n) => {
    const t = (2 * Math.PI * i) / n;
    const radius = k === 0 ? 1 : factor;
    return [radius * Math.cos(t) + options.noise * random.normal(), radius * Math.sin(t) + options.noise * random.normal()];
  });
}

/**
 * The XOR problem: points uniform in [-1, 1]², class 1 when exactly one coordinate is positive.
 * The label is taken from the clean point; noise is added afterwards, so it blurs the boundary.
 */
export function xor(random: Random, options: SyntheticOptions): Dataset {
  const features = new Float32Array(options.samples * 2);
  const labels = new Float32Array(options.samples);
  for (let row = 0; row < options.samples; row++) {
    const x = random.range(-1, 1);
    const y = random.range(-1, 1);
    labels[row] = x > 0 !== y > 0 ? 1 : 0;
    features[2 * row] = x + options.noise * random.normal();
    features[2 * row + 1] = y + options.noise * random.normal();
  }
  return { features, featureShape: [2], labels, task: 'classification', classNames: ['0', '1'], count: options.samples };
}

/**
 * Gaussian blobs (scikit-learn's `make_blobs`): one center per class drawn uniformly from
 * [-10, 10]^features, points scattered around it with standard deviation `noise`.
 */
export function blobs(random: Random, options: SyntheticOptions & { classes: number; features: number }): Dataset {
  const { samples, classes, features: width } = options;
  const centers = Array.from({ length: classes }, () => Array.from({ length: width }, () => random.range(-10, 10)));
  const features = new Float32Array(samples * width);
  const labels = new Float32Array(samples);
  let row = 0;
  for (let k = 0; k < classes; k++) {
    const n = classCount(samples, classes, k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < width; j++) features[row * width + j] = centers[k][j] + options.noise * random.normal();
      labels[row] = k;
      row++;
    }
  }
  return {
    features,
    featureShape: [width],
    labels,
    task: 'classification',
    classNames: Array.from({ length: classes }, (_, k) => String(k)),
    count: samples,
  };
}

/** A 1-D regression: `x` uniform in [-π, π], target `sin(x)` plus noise. */
export function sine(random: Random, options: SyntheticOptions): Dataset {
  const features = new Float32Array(options.samples);
  const labels = new Float32Array(options.samples);
  for (let row = 0; row < options.samples; row++) {
    const x = random.range(-Math.PI, Math.PI);
    features[row] = x;
    labels[row] = Math.sin(x) + options.noise * random.normal();
  }
  return { features, featureShape: [1], labels, task: 'regression', classNames: null, count: options.samples };
}
