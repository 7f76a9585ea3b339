/**
 * What the two users of wasm/conv-kernels.h share, at byte addresses: the wasm backend's conv
 * kernels (wasm-conv.ts, on TF.js's memory) and the fused step's conv layers
 * (src/backend/fused/image-steps.ts, on its own). Above all the calls that make an input
 * gradient, so both compute the same gradient, to the bit. Browser-safe.
 */

/** A convolution's sizes as the input gradient needs them (per example; pixels and channels). */
export interface InputGradientGeometry {
  height: number;
  width: number;
  channels: number;
  filters: number;
  outHeight: number;
  outWidth: number;
  filter: readonly [number, number];
  strides: readonly [number, number];
  dilations: readonly [number, number];
  padTop: number;
  padLeft: number;
}

/** The kernels the input gradient calls (wasm/conv-kernels.h); `forward` is conv_forward, or a split of it over threads. */
export interface InputGradientKernels {
  spread(src: number, n: number, h: number, w: number, c: number, dst: number, hd: number, wd: number, top: number, left: number, sh: number, sw: number): void;
  rotate_filter(src: number, kh: number, kw: number, cin: number, cout: number, dst: number): void;
  forward(args: ConvForwardArgs): void;
}

/** How a convolution walks its input: the input and its layout (images, floats per image, per row, channels), the output size, strides, dilations and filter size. */
type ConvWalkArgs = [
  x: number,
  n: number,
  image: number,
  row: number,
  c: number,
  oh: number,
  ow: number,
  sh: number,
  sw: number,
  dh: number,
  dw: number,
  kh: number,
  kw: number,
];

/**
 * `conv_forward`'s arguments (wasm/conv-kernels.h), in its order: the walk, then the filter, its
 * output channels, bias (0: none), relu (1 or 0), the output, and the live region (rows top to
 * bottom, columns left to right).
 */
export type ConvForwardArgs = [
  ...ConvWalkArgs,
  f: number,
  cout: number,
  bias: number,
  relu: number,
  y: number,
  liveTop: number,
  liveBottom: number,
  liveLeft: number,
  liveRight: number,
];

/** `conv_filter_gradient`'s arguments: the walk, then `dy`, its channels and the gradient. */
export type ConvFilterGradientArgs = [...ConvWalkArgs, dy: number, cout: number, grad: number];

/** A live region that covers every pixel: conv_forward skips no tap. */
export const EVERYWHERE = [-(1 << 30), 1 << 30, -(1 << 30), 1 << 30] as const;

/** Rows and columns of the spread `dy`: dx's pixel (r, s) reads rows r + padTop + i·dh of the rotated filter's taps i. */
function spreadSize(g: InputGradientGeometry): [rows: number, columns: number, reachH: number, reachW: number] {
  const reachH = (g.filter[0] - 1) * g.dilations[0];
  const reachW = (g.filter[1] - 1) * g.dilations[1];
  return [g.height + g.padTop + reachH, g.width + g.padLeft + reachW, reachH, reachW];
}

/** Floats of scratch the input gradient needs: the spread `dy` per example, and the rotated filter. */
export function inputGradientScratch(g: InputGradientGeometry): { spreadPerExample: number; rotated: number } {
  const [hd, wd] = spreadSize(g);
  return { spreadPerExample: hd * wd * g.filters, rotated: g.filter[0] * g.filter[1] * g.channels * g.filters };
}

/**
 * The input gradient `dx` (`[n, H, W, Cin]` at byte address `dx`) of a convolution, given `dy`
 * and the filter: a stride-1 convolution of `dy`, spread by the stride and bordered by the
 * filter's reach, with the filter rotated by 180° and its channel axes swapped. `spread` and
 * `rotated` are scratch of {@link inputGradientScratch}'s sizes.
 */
export function convInputGradientCalls(
  k: InputGradientKernels,
  g: InputGradientGeometry,
  n: number,
  at: { dy: number; filter: number; dx: number; spread: number; rotated: number },
): void {
  const [hd, wd, reachH, reachW] = spreadSize(g);
  const [kh, kw] = g.filter;
  const { channels: cin, filters: cout } = g;
  // dy's pixel (p, q) sits at (p·sh + reachH, q·sw + reachW).
  k.spread(at.dy, n, g.outHeight, g.outWidth, cout, at.spread, hd, wd, reachH, reachW, g.strides[0], g.strides[1]);
  k.rotate_filter(at.filter, kh, kw, cin, cout, at.rotated);
  const origin = at.spread + (g.padTop * wd + g.padLeft) * cout * 4;
  k.forward([
    origin,
    n,
    hd * wd * cout,
    wd * cout,
    cout,
    g.height,
    g.width,
    1,
    1,
    g.dilations[0],
    g.dilations[1],
    kh,
    kw,
    at.rotated,
    cin,
    0,
    0,
    at.dx,
    // dy's own rows and columns, counted from the origin: the taps that read only the border
    // are skipped, which changes no bit (see conv_forward).
    reachH - g.padTop,
    reachH - g.padTop + (g.outHeight - 1) * g.strides[0] + 1,
    reachW - g.padLeft,
    reachW - g.padLeft + (g.outWidth - 1) * g.strides[1] + 1,
  ]);
}
