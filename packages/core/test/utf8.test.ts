import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDecoderFallback, encodeFallback, encodeIntoFallback } from '../src/internal/utf8-fallback';

// The built-in codec must give exactly what the WHATWG TextEncoder/TextDecoder give (Node's are
// the reference here), since it replaces them where a runtime has none.
const native = new TextEncoder();
const nativeDecode = (bytes: Uint8Array, fatal: boolean) => new TextDecoder('utf-8', { fatal, ignoreBOM: true }).decode(bytes);
// Strings with lone surrogates and astral characters, and bytes biased towards UTF-8's edges.
const anyString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('\ud800', '\udfff', '\ufeff', '会', '𠀀', '😀', 'a', 'é') }),
);
const edgeByte = fc.oneof(
  fc.integer({ min: 0, max: 255 }),
  fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0, 0x8f, 0x90),
);
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.array(edgeByte, { maxLength: 48 }).map((a) => Uint8Array.from(a)),
  anyString.map((s) => native.encode(s)),
);

describe('built-in UTF-8 encoder', () => {
  it('encodes like TextEncoder, lone surrogates as U+FFFD (property)', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(Array.from(encodeFallback(s))).toEqual(Array.from(native.encode(s)));
      }),
    );
  });

  it('encodeInto writes whole characters only, like TextEncoder.encodeInto (property)', () => {
    fc.assert(
      fc.property(anyString, fc.nat({ max: 40 }), (s, size) => {
        const a = new Uint8Array(size);
        const b = new Uint8Array(size);
        expect(encodeIntoFallback(s, a)).toEqual(native.encodeInto(s, b));
        expect(Array.from(a)).toEqual(Array.from(b));
      }),
    );
  });

  it('matches known vectors', () => {
    expect(Array.from(encodeFallback('会员'))).toEqual([0xe4, 0xbc, 0x9a, 0xe5, 0x91, 0x98]);
    expect(Array.from(encodeFallback('😀'))).toEqual([0xf0, 0x9f, 0x98, 0x80]);
    expect(Array.from(encodeFallback('\ud800x'))).toEqual([0xef, 0xbf, 0xbd, 0x78]);
  });
});

describe('built-in UTF-8 decoder', () => {
  it('decodes like TextDecoder (replacement per maximal subpart, BOM kept) (property)', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        expect(createDecoderFallback(false).decode(bytes)).toBe(nativeDecode(bytes, false));
      }),
    );
  });

  it('streams in any chunking like TextDecoder (property)', () => {
    fc.assert(
      fc.property(anyBytes, fc.array(fc.nat({ max: 64 }), { maxLength: 6 }), (bytes, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const ours = createDecoderFallback(false);
        const theirs = new TextDecoder('utf-8', { ignoreBOM: true });
        let a = '';
        let b = '';
        let from = 0;
        for (const to of [...points, bytes.length]) {
          a += ours.decode(bytes.subarray(from, to), { stream: true });
          b += theirs.decode(bytes.subarray(from, to), { stream: true });
          from = to;
        }
        expect(a + ours.decode()).toBe(b + theirs.decode());
      }),
    );
  });

  it('in fatal mode throws TypeError exactly when TextDecoder does (property)', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        let expected: string | undefined;
        try {
          expected = nativeDecode(bytes, true);
        } catch {
          expected = undefined;
        }
        if (expected === undefined) expect(() => createDecoderFallback(true).decode(bytes)).toThrow(TypeError);
        else expect(createDecoderFallback(true).decode(bytes)).toBe(expected);
      }),
    );
  });

  it('matches known vectors: overlong, surrogate, beyond U+10FFFF, truncated', () => {
    const d = (...bytes: number[]) => createDecoderFallback(false).decode(Uint8Array.from(bytes));
    expect(d(0xc0, 0x80)).toBe('\ufffd\ufffd');
    expect(d(0xed, 0xa0, 0x80)).toBe('\ufffd\ufffd\ufffd');
    expect(d(0xf4, 0x90, 0x80, 0x80)).toBe('\ufffd\ufffd\ufffd\ufffd');
    expect(d(0xe4, 0xbc)).toBe('\ufffd');
    expect(d(0xef, 0xbb, 0xbf, 0x41)).toBe('\ufeffA');
    expect(d(...Array.from({ length: 20_000 }, () => 0x41))).toHaveLength(20_000);
  });
});

describe('core UTF-8 functions without TextEncoder/TextDecoder', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('load and run on the built-in codec', async () => {
    vi.stubGlobal('TextEncoder', undefined);
    vi.stubGlobal('TextDecoder', undefined);
    vi.resetModules();
    const core = await import('../src/index');
    expect(Array.from(core.encodeUtf8('徐汇店'))).toEqual(Array.from(native.encode('徐汇店')));
    expect(core.decodeUtf8(core.encodeUtf8('徐汇店'))).toBe('徐汇店');
    expect(() => core.decodeUtf8(Uint8Array.of(0xff))).toThrow(TypeError);
    expect(core.decodeUtf8(Uint8Array.of(0xff), { fatal: false })).toBe('\ufffd');
    const scratch = new Uint8Array(4);
    expect(core.encodeUtf8Into('上海', scratch)).toEqual({ read: 1, written: 3 });
    // A hash chain (canonical JSON -> UTF-8 -> SHA-256) gives the same head as with TextEncoder.
    const chain = core.createHashChain();
    chain.append({ store: '静安寺店', note: '\ud800' });
    vi.unstubAllGlobals();
    vi.resetModules();
    const withNative = (await import('../src/index')).createHashChain();
    withNative.append({ store: '静安寺店', note: '\ud800' });
    expect(chain.anchor()).toEqual(withNative.anchor());
  });
});
