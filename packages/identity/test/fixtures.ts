import type { Pseudonymise } from '../src/index';

/** A keyed stand-in for deid's HMAC pseudonymiser: deterministic, and never the raw value. */
export const pseudonymise: Pseudonymise = ({ type, namespace, canonical }) => {
  let h = 2166136261;
  for (const ch of `${type}|${namespace}|${canonical}`) h = Math.imul(h ^ (ch.codePointAt(0) as number), 16777619) >>> 0;
  return `p${h.toString(36)}${canonical.length}`;
};
