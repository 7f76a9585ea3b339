import { describe, expect, it } from 'vitest';
import { I32, leb, moduleBytes, op, sleb } from '../../../src/backend/kernels/wasm-assembler.js';

describe('wasm assembler', () => {
  it('encodes LEB128 as the wasm spec does', () => {
    expect(leb(0)).toEqual([0x00]);
    expect(leb(127)).toEqual([0x7f]);
    expect(leb(128)).toEqual([0x80, 0x01]);
    expect(leb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('builds a module that imports memory and exports a working function', () => {
    // store(i32 address, f32 value) writes value + value at address.
    const bytes = moduleBytes([
      {
        name: 'double',
        params: [I32, 0x7d],
        locals: [],
        body: [...op.get(0), ...op.get(1), ...op.get(1), ...op.f32Add, ...op.f32Store],
      },
    ]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const { double } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as { double: (at: number, value: number) => void };
    double(8, 1.25);
    expect(new Float32Array(memory.buffer, 8, 1)[0]).toBe(2.5);
  });
});
