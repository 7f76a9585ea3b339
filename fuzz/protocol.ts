/** The messages between the harness and its worker. */
import type { DataInput } from './data-generators.js';
import type { FrontInput } from './front-generators.js';
import type { PropertyFailure } from './properties.js';

/** One case to run: the front-end or the data readers. */
export type CaseRequest = { id: number; target: 'front'; input: FrontInput } | { id: number; target: 'data'; input: DataInput };

/** What the worker answers for a case: its failure (if any) and how long it took inside the worker. */
export interface CaseReply {
  id: number;
  failure?: PropertyFailure;
  elapsedMs: number;
  /** The worker's V8 heap after the case, in bytes. */
  heapUsed: number;
}
