import { canonicalJson, encodeUtf8 } from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** A file as a Merkle leaf sees it. */
export interface LeafFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/**
 * The Merkle tree hash of RFC 6962 §2.1 over the files in the order given: a leaf is
 * SHA-256(0x00 ‖ canonical JSON of `{ path, sha256, size }`), an inner node SHA-256(0x01 ‖ left ‖
 * right), the empty set SHA-256 of nothing. Built bottom-up, promoting an odd last node, which
 * gives the same tree as the RFC's split at the largest power of two. O(n) hashes, O(n) memory
 * for one level (the leaves), nothing else kept.
 */
export function merkleRoot(files: ReadonlyArray<LeafFile>): string {
  if (files.length === 0) return bytesToHex(sha256(new Uint8Array(0)));
  let level: Uint8Array[] = files.map((file) => {
    const body = encodeUtf8(canonicalJson({ path: file.path, sha256: file.sha256, size: file.size }));
    const leaf = new Uint8Array(body.length + 1);
    leaf[0] = 0;
    leaf.set(body, 1);
    return sha256(leaf);
  });
  // One scratch buffer for every inner node: filled and hashed before the next use, never kept.
  const pair = new Uint8Array(65);
  pair[0] = 1;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      pair.set(level[i] as Uint8Array, 1);
      pair.set(level[i + 1] as Uint8Array, 33);
      next.push(sha256(pair));
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1] as Uint8Array);
    level = next;
  }
  return bytesToHex(level[0] as Uint8Array);
}
