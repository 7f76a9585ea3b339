/**
 * Vitest setup: keeps TF.js's cpu-backend banner ("Hi, looks like you are running TensorFlow.js in
 * Node.js ... install our node backend") out of the test output. nnspec's own start-up
 * (`initBackend`) silences it through production mode; many tests start backends themselves
 * (`tf.setBackend('cpu')`) and compare kernels in debug mode, so here only the banner goes: it is
 * printed once, on the cpu backend's first tensor write, while its `firstUse` is set. Every
 * other TF.js warning still reaches the output.
 */
import * as tf from '@tensorflow/tfjs';

const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
if (cpu !== null && 'firstUse' in cpu) cpu.firstUse = false;
