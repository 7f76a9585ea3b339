/**
 * The training worker: TF.js on the WASM backend (SIMD where the browser has it), off the page's
 * main thread so that the page never freezes. (Contract stub: the training helper fills it in.)
 */
export {};
