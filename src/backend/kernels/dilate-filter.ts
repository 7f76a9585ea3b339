import * as tf from '@tensorflow/tfjs';

/**
 * Spreads a `[KH, KW, ...]` filter's taps `dilations` apart with zeros between them, giving
 * `[(KH-1)*dh+1, (KW-1)*dw+1, ...]`. A convolution with the spread filter and dilation 1 equals
 * the dilated convolution, which lets dilation-unaware kernels (TF.js's Conv2DBackpropInput)
 * serve dilated layers too.
 */
export function dilateFilter(filter: tf.Tensor4D, dh: number, dw: number): tf.Tensor4D {
  if (dh === 1 && dw === 1) return filter;
  return tf.tidy(() => {
    const [kh, kw, a, b] = filter.shape;
    let f: tf.Tensor = filter;
    if (dh > 1) {
      // Interleave (dh - 1) zero rows after every tap row, then drop the trailing ones.
      const rows = tf.concat([tf.reshape(f, [kh, 1, kw, a, b]), tf.zeros([kh, dh - 1, kw, a, b])], 1);
      f = tf.slice(tf.reshape(rows, [kh * dh, kw, a, b]), [0, 0, 0, 0], [(kh - 1) * dh + 1, kw, a, b]);
    }
    if (dw > 1) {
      const h = f.shape[0]!;
      const cols = tf.concat([tf.reshape(f, [h, kw, 1, a, b]), tf.zeros([h, kw, dw - 1, a, b])], 2);
      f = tf.slice(tf.reshape(cols, [h, kw * dw, a, b]), [0, 0, 0, 0], [h, (kw - 1) * dw + 1, a, b]);
    }
    return f as tf.Tensor4D;
  });
}
