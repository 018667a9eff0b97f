import { canonicalJson, encodeUtf8, type Json } from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ConsentEvent } from '../schemas';
import type { ConsentEvidence } from './controller';

/** The result of `verifyConsentEvidence`. */
export interface ConsentEvidenceVerification {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/**
 * Proves what a customer was shown: the archived evidence document hashes to each event's
 * `evidenceHash`, every text hashes to its recorded hash, each event's step texts are the texts of
 * that step as shown, and subject, notice, channel and locale agree.
 *
 * @example
 * ```ts
 * import { verifyConsentEvidence } from '@aisle/consent/flow';
 *
 * const check = verifyConsentEvidence({ evidence: archived, events: store.subject('psn_7f3c') ? events : [] });
 * check.ok; // true
 * ```
 */
export function verifyConsentEvidence(input: {
  readonly evidence: ConsentEvidence;
  readonly events: readonly ConsentEvent[];
}): ConsentEvidenceVerification {
  const { evidence, events } = input;
  const problems: string[] = [];
  const hash = bytesToHex(sha256(encodeUtf8(canonicalJson(evidence as unknown as Json))));
  const lastShown = new Map<string, readonly string[]>();
  for (const shown of evidence.shown) {
    for (const text of shown.texts) {
      if (bytesToHex(sha256(encodeUtf8(text.text))) !== text.hash)
        problems.push(`Step ${shown.step}: text ${text.key} does not match its hash`);
    }
    lastShown.set(
      shown.step,
      shown.texts.map((x) => x.hash),
    );
  }
  events.forEach((event, i) => {
    if (event.evidenceHash !== hash) problems.push(`Event ${i} (${event.id}) names other evidence`);
    if (event.subjectId !== evidence.subjectId) problems.push(`Event ${i} (${event.id}) is about another subject`);
    if (event.notice.version !== evidence.notice.version || event.notice.hash !== evidence.notice.hash)
      problems.push(`Event ${i} (${event.id}) names another notice`);
    if (event.channel !== evidence.channel || event.locale !== evidence.locale)
      problems.push(`Event ${i} (${event.id}) has another channel or locale`);
    const texts = event.evidence === undefined ? undefined : lastShown.get(event.evidence.step);
    if (texts === undefined || texts.join() !== event.evidence?.texts.join())
      problems.push(`Event ${i} (${event.id}) does not match what its step showed`);
  });
  return { ok: problems.length === 0, problems };
}
