// The fuzz worker's entry: Node cannot run TypeScript in a worker by itself, and the harness runs
// both under tsx (`npm run fuzz`) and under vitest, which do not share a loader. tsx's API loads
// the TypeScript worker in either.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
