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
 * dropped. Only plain objects and arrays are walked.
 */
export function stripBiometrics(value: unknown): { value: unknown; dropped: number } {
  let dropped = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 32 || typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(v)) {
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
