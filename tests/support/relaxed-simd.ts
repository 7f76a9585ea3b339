// Every test process computes as the CLI does: initBackend turns on relaxed SIMD in Node 20 (the
// fused step's FMA build, src/backend/relaxed-simd-node.ts), and some tests build fused steps
// without starting a backend first.
import { enableRelaxedSimd } from '../../src/backend/relaxed-simd-node.js';

enableRelaxedSimd();
