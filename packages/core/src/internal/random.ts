import { AisleError, CoreErrorCode } from '../errors';

/**
 * Fills `bytes` with cryptographically secure random values.
 *
 * @public
 */
export type RandomSource = (bytes: Uint8Array) => void;

interface CryptoLike {
  getRandomValues(bytes: Uint8Array): Uint8Array;
}

/** The platform CSPRNG (`globalThis.crypto.getRandomValues`: Node 20+, browsers, workers). */
export function secureRandom(bytes: Uint8Array): void {
  const crypto = (globalThis as { crypto?: CryptoLike }).crypto;
  if (crypto === undefined || typeof crypto.getRandomValues !== 'function') {
    throw new AisleError(
      CoreErrorCode.NO_RANDOM_SOURCE,
      'No crypto.getRandomValues on this platform; pass a `random` source (e.g. wx.getRandomValues in a mini-program)',
    );
  }
  crypto.getRandomValues(bytes);
}
