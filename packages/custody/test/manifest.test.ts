import { canonicalJson } from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildManifest, createManifest, hashChunks, manifestHash, manifestJson, parseManifest, verifyManifest } from '../src/index';
import { sha } from './fixtures';

const enc = (text: string) => new TextEncoder().encode(text);

/** RFC 6962 §2.1 written the way the RFC states it (recursive split at the largest power of two). */
function rfc6962(leaves: Uint8Array[]): string {
  const mth = (d: Uint8Array[]): Uint8Array => {
    if (d.length === 0) return sha256(new Uint8Array(0));
    if (d.length === 1) return sha256(new Uint8Array([0, ...(d[0] as Uint8Array)]));
    let k = 1;
    while (k * 2 < d.length) k *= 2;
    return sha256(new Uint8Array([1, ...mth(d.slice(0, k)), ...mth(d.slice(k))]));
  };
  return bytesToHex(mth(leaves));
}

describe('hashChunks', () => {
  // Known answers: FIPS 180-2 (NIST, 2002) Appendix B.1 ("abc") and B.3 (one million "a"); the
  // empty message's digest is the well-known SHA-256 of zero bytes (NIST CSRC example values).
  it('gives the FIPS 180-2 digests of "abc" and of the empty message, whatever the chunking', async () => {
    expect(await hashChunks([enc('abc')])).toEqual({ size: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' });
    expect(await hashChunks([enc('a'), enc(''), enc('bc')])).toEqual(await hashChunks([enc('abc')]));
    expect((await hashChunks([])).sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const million = new Uint8Array(1_000_000).fill(0x61);
    async function* pieces() {
      for (let i = 0; i < million.length; i += 4096) yield million.subarray(i, i + 4096);
    }
    expect((await hashChunks(pieces())).sha256).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('refuses chunks that are not bytes', async () => {
    await expect(hashChunks(['abc' as unknown as Uint8Array])).rejects.toThrow(TypeError);
  });
});

describe('manifests', () => {
  it('sorts files by code unit and computes the RFC 6962 root over canonical leaves', async () => {
    const manifest = await createManifest({
      mediumId: 'HDD-0001',
      files: [
        { path: 'b.csv', chunks: [enc('bee')] },
        { path: 'a/z.csv', chunks: [enc('zed')] },
        { path: 'B.csv', chunks: [enc('')] },
      ],
    });
    expect(manifest.files.map((f) => f.path)).toEqual(['B.csv', 'a/z.csv', 'b.csv']);
    expect(manifest.fileCount).toBe(3);
    expect(manifest.bytes).toBe(6);
    const leaves = manifest.files.map((f) => utf8ToBytes(canonicalJson({ path: f.path, sha256: f.sha256, size: f.size })));
    expect(manifest.root).toBe(rfc6962(leaves));
    expect(manifestHash(manifest)).toBe(bytesToHex(sha256(utf8ToBytes(manifestJson(manifest)))));
    expect(parseManifest(manifestJson(manifest))).toEqual(manifest);
  });

  it('matches RFC 6962 for every set size from 0 to 40', () => {
    for (let n = 0; n <= 40; n++) {
      const files = Array.from({ length: n }, (_, i) => ({
        path: `f${String(i).padStart(3, '0')}`,
        size: i,
        sha256: sha((i % 10).toString()),
      }));
      const leaves = files.map((f) => utf8ToBytes(canonicalJson({ path: f.path, sha256: f.sha256, size: f.size })));
      expect(buildManifest({ mediumId: 'M', files }).root).toBe(rfc6962(leaves));
    }
  });

  it.each([['../etc/passwd'], ['a/../../b'], ['/etc/passwd'], ['a//b'], ['a/'], ['./a'], ['a\\..\\b'], ['a\u0000b'], ['']])(
    'refuses the path %j with CUSTODY_PATH_ESCAPE',
    async (path) => {
      expect(() => buildManifest({ mediumId: 'M', files: [{ path, size: 0, sha256: sha('0') }] })).toThrow(
        expect.objectContaining({ code: 'CUSTODY_PATH_ESCAPE' }),
      );
      await expect(createManifest({ mediumId: 'M', files: [{ path, chunks: [] }] })).rejects.toMatchObject({ code: 'CUSTODY_PATH_ESCAPE' });
    },
  );

  it('refuses a path given twice, bad sizes, bad digests and bad medium ids', async () => {
    await expect(
      createManifest({
        mediumId: 'M',
        files: [
          { path: 'a', chunks: [] },
          { path: 'a', chunks: [] },
        ],
      }),
    ).rejects.toMatchObject({ code: 'CUSTODY_DUPLICATE_PATH' });
    expect(() => buildManifest({ mediumId: 'M', files: [{ path: 'a', size: -1, sha256: sha('0') }] })).toThrow(/size/);
    expect(() => buildManifest({ mediumId: 'M', files: [{ path: 'a', size: 1, sha256: 'ABC' }] })).toThrow(/sha256/);
    expect(() => buildManifest({ mediumId: 'no spaces', files: [] })).toThrow(expect.objectContaining({ code: 'CUSTODY_INVALID_INPUT' }));
  });

  it('parseManifest refuses edited manifests, unsorted files, unknown fields and oversized text', () => {
    const good = buildManifest({
      mediumId: 'M',
      files: [
        { path: 'a', size: 1, sha256: sha('1') },
        { path: 'b', size: 2, sha256: sha('2') },
      ],
    });
    const json = JSON.parse(manifestJson(good));
    const invalid = (value: unknown, pattern: RegExp) =>
      expect(() => parseManifest(value)).toThrow(
        expect.objectContaining({ code: 'CUSTODY_MANIFEST_INVALID', message: expect.stringMatching(pattern) }),
      );
    invalid({ ...json, files: [{ ...json.files[0], sha256: sha('9') }, json.files[1]] }, /root/);
    invalid({ ...json, files: [json.files[1], json.files[0]] }, /sorted/);
    invalid({ ...json, bytes: 4 }, /bytes/);
    invalid({ ...json, fileCount: 1 }, /fileCount/);
    invalid({ ...json, extra: 1 }, /unexpected field/);
    invalid({ ...json, format: 'v0' }, /format/);
    invalid('{not json', /JSON/);
    invalid(null, /manifest object/);
    expect(() => parseManifest(manifestJson(good), { maxLength: 10 })).toThrow(/at most 10 characters/);
    expect(() => parseManifest(json, { maxFiles: 1 })).toThrow(/at most 1 files/);
    expect(() => parseManifest({ ...json, files: [{ path: '../x', size: 0, sha256: sha('0') }] })).toThrow(
      expect.objectContaining({ code: 'CUSTODY_PATH_ESCAPE' }),
    );
  });

  it('verifyManifest reports missing, extra and changed files and a moved root', () => {
    const expected = buildManifest({
      mediumId: 'M',
      files: [
        { path: 'a', size: 1, sha256: sha('1') },
        { path: 'b', size: 2, sha256: sha('2') },
        { path: 'c', size: 3, sha256: sha('3') },
      ],
    });
    const actual = buildManifest({
      mediumId: 'M',
      files: [
        { path: 'b', size: 2, sha256: sha('7') },
        { path: 'c', size: 3, sha256: sha('3') },
        { path: 'd', size: 4, sha256: sha('4') },
      ],
    });
    const report = verifyManifest(expected, actual, { symlinks: ['z-link'] });
    expect(report).toMatchObject({ ok: false, missing: ['a'], extra: ['d'], rootChanged: true, symlinks: ['z-link'], mediumId: 'M' });
    expect(report.changed).toEqual([{ path: 'b', expected: { size: 2, sha256: sha('2') }, actual: { size: 2, sha256: sha('7') } }]);
    expect(report.manifestHash).toBe(manifestHash(expected));
    expect(verifyManifest(expected, expected).ok).toBe(true);
    expect(verifyManifest(expected, expected, { specialFiles: ['fifo'] }).ok).toBe(false);
  });
});

const segment = fc.stringMatching(/^[a-z0-9_-][a-z0-9._-]{0,7}$/).filter((s) => s !== '.' && s !== '..');
const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
const fileSet = fc.uniqueArray(fc.record({ path, content: fc.uint8Array({ maxLength: 64 }) }), { selector: (f) => f.path, maxLength: 12 });
const sources = (files: ReadonlyArray<{ path: string; content: Uint8Array }>) => files.map((f) => ({ path: f.path, chunks: [f.content] }));

describe('manifest properties', () => {
  it('a manifest of any set of files verifies against the same files, however they are chunked and ordered', async () => {
    await fc.assert(
      fc.asyncProperty(fileSet, fc.integer({ min: 1, max: 7 }), async (files, cut) => {
        const manifest = await createManifest({ mediumId: 'HDD-P', files: sources(files) });
        const rechunked = [...files].reverse().map((f) => ({
          path: f.path,
          chunks: Array.from({ length: Math.ceil(f.content.length / cut) }, (_, i) => f.content.subarray(i * cut, (i + 1) * cut)),
        }));
        const again = await createManifest({ mediumId: 'HDD-P', files: rechunked });
        expect(verifyManifest(manifest, again).ok).toBe(true);
        expect(manifestHash(again)).toBe(manifestHash(manifest));
        expect(parseManifest(manifestJson(manifest))).toEqual(manifest);
      }),
      { numRuns: 100 },
    );
  });

  it('any single-byte change is detected: exactly that file is changed and the root moves', async () => {
    const withBytes = fileSet.filter((files) => files.some((f) => f.content.length > 0));
    await fc.assert(
      fc.asyncProperty(withBytes, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (files, pick, at, xor) => {
        const candidates = files.filter((f) => f.content.length > 0);
        const target = candidates[pick % candidates.length] as (typeof files)[number];
        const index = at % target.content.length;
        const flipped = files.map((f) => {
          if (f !== target) return f;
          const content = f.content.slice();
          content[index] = (content[index] as number) ^ xor;
          return { path: f.path, content };
        });
        const before = await createManifest({ mediumId: 'HDD-P', files: sources(files) });
        const after = await createManifest({ mediumId: 'HDD-P', files: sources(flipped) });
        const report = verifyManifest(before, after);
        expect(report.ok).toBe(false);
        expect(report.rootChanged).toBe(true);
        expect(report.changed.map((c) => c.path)).toEqual([target.path]);
        expect(report.missing).toEqual([]);
        expect(report.extra).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
