/**
 * Turns a committed module's base64 text (see scripts/build-wasm.mjs) into a compiled
 * `WebAssembly.Module`, once per module. Browser-safe: `atob` exists in Node 20 and every browser.
 */
const compiled = new Map<string, WebAssembly.Module>();

/** The module whose bytes are `base64`, compiled synchronously and cached by its text. */
export function compiledModule(base64: string): WebAssembly.Module {
  let module = compiled.get(base64);
  if (!module) {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    module = new WebAssembly.Module(bytes);
    compiled.set(base64, module);
  }
  return module;
}
