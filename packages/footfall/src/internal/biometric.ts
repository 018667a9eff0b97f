import { FootfallError, FootfallErrorCode } from '../errors';
import { DEFAULT_MAX_NODES } from './limits';
import { dict } from './records';

/**
 * Biometric and identifying fields are removed before anything else reads the input: face crops
 * and pictures, recognised names, embeddings and feature vectors, picture URLs.
 */

const EXACT = new Set([
  'sublabel',
  'recognizedname',
  'recognisedname',
  'personname',
  'identity',
  'embedding',
  'embeddings',
  'featurevector',
  'features',
  'feature',
  'reid',
  'reidfeature',
  'picurl',
  'pictureurl',
  'picture',
  'pictures',
  'image',
  'imageurl',
  'imagedata',
  'thumbnail',
  'snapshoturl',
  'crop',
  'cropimage',
  'bkgurl',
  'targetattrs',
]);

export function isBiometricKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return k.startsWith('face') || EXACT.has(k) || k.endsWith('embedding') || k.endsWith('embeddings');
}

/**
 * A deep copy of `value` without biometric keys, and how many non-empty biometric values were
 * dropped. Only plain objects and arrays are walked; copied objects have no prototype (a key such
 * as `__proto__` stays an ordinary key). At most `maxNodes` array elements and object members are
 * visited in total (an array's length counts before its elements are read, so a sparse
 * `a[5e6] = {}` is refused without touching its holes).
 *
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` past `maxNodes`.
 */
export function stripBiometrics(value: unknown, maxNodes = DEFAULT_MAX_NODES): { value: unknown; dropped: number } {
  let dropped = 0;
  let budget = maxNodes;
  const spend = (n: number) => {
    budget -= n;
    if (budget < 0) {
      throw new FootfallError(FootfallErrorCode.INPUT_TOO_LARGE, `Input has more than ${maxNodes} array elements and object members`, {
        details: { limit: maxNodes },
      });
    }
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 32 || typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      spend(v.length);
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) out[i] = walk(v[i], depth + 1);
      return out;
    }
    const keys = Object.keys(v);
    spend(keys.length);
    const out = dict<unknown>();
    for (const key of keys) {
      const inner = (v as Record<string, unknown>)[key];
      if (isBiometricKey(key)) {
        if (inner !== null && inner !== undefined && inner !== '' && !(Array.isArray(inner) && inner.length === 0)) dropped++;
        continue;
      }
      out[key] = walk(inner, depth + 1);
    }
    return out;
  };
  return { value: walk(value, 0), dropped };
}
