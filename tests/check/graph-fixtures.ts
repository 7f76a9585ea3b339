/** The two models (untrained: the unused-model warning is left out of the assertions). */
export const RESIDUAL_MLP = `model residual_mlp {
  input(shape: [64])
  h = dense(128, activation: relu)
  dense(128, activation: relu)
  dropout(0.3)
  add(h)                            // the chain's current output + h
  dense(10, activation: softmax)
}
`;

export const BRANCHES = `block conv_block(filters, rate) {
  conv2d(filters, 3, padding: same, activation: relu)
  batch_norm()
  spatial_dropout2d(rate)
}

model branches {
  input(shape: [8, 8, 1])
  stem = conv2d(16, 3, padding: same, activation: relu)
  a = conv_block(16, 0.1)
  from stem
  b = conv2d(16, 1, padding: same, activation: relu)
  concatenate(a, b)
  global_average_pool2d()
  dense(10, activation: softmax)
}
`;
