import { type InstantInput, toInstant } from '@aisle/core';
import { IncidentError, IncidentsErrorCode } from './errors';
import type { NoticeChannel } from './render/notice';

/**
 * One delivery attempt, with evidence (a provider message id, a registered-mail number).
 *
 * @public
 */
export interface DeliveryAttempt {
  readonly recipient: string;
  readonly channel: NoticeChannel;
  readonly at: string;
  readonly outcome: 'delivered' | 'failed';
  readonly evidence?: string;
}

/**
 * A notification campaign: recipients with their channels in order of preference, and every
 * attempt made.
 *
 * @public
 */
export interface Campaign {
  readonly incidentId: string;
  /** Attempts per channel before falling back to the next channel. */
  readonly maxAttemptsPerChannel: number;
  readonly recipients: ReadonlyArray<{ readonly id: string; readonly channels: readonly NoticeChannel[] }>;
  readonly attempts: readonly DeliveryAttempt[];
}

/**
 * Where one recipient stands: `delivered`, `pending` (next channel to try in `next`), or
 * `exhausted` (every channel failed: falls back to the public notice).
 *
 * @public
 */
export interface RecipientProgress {
  readonly id: string;
  readonly state: 'delivered' | 'pending' | 'exhausted';
  readonly attempts: number;
  readonly next?: NoticeChannel;
  readonly deliveredAt?: string;
  readonly evidence: readonly string[];
}

/**
 * A campaign summary.
 *
 * @public
 */
export interface CampaignProgress {
  readonly total: number;
  readonly delivered: number;
  readonly pending: number;
  readonly exhausted: number;
  /** True when anyone could not be reached individually: publish the public notice. */
  readonly publicNoticeNeeded: boolean;
  readonly recipients: readonly RecipientProgress[];
}

/**
 * Starts a campaign.
 *
 * @throws {@link IncidentError} `INCIDENTS_CAMPAIGN` for duplicate recipients or a recipient without channels.
 *
 * @example
 * ```ts
 * import { createCampaign } from '@aisle/incidents';
 *
 * const campaign = createCampaign({ incidentId: 'inc_…', recipients: [{ id: 'm-1', channels: ['sms', 'email', 'letter'] }] });
 * ```
 *
 * @public
 */
export function createCampaign(input: {
  readonly incidentId: string;
  readonly recipients: Campaign['recipients'];
  readonly maxAttemptsPerChannel?: number;
}): Campaign {
  const seen = new Set<string>();
  for (const r of input.recipients) {
    if (seen.has(r.id)) throw new IncidentError(IncidentsErrorCode.CAMPAIGN, `Duplicate recipient ${JSON.stringify(r.id)}`);
    if (r.channels.length === 0) throw new IncidentError(IncidentsErrorCode.CAMPAIGN, `Recipient ${JSON.stringify(r.id)} has no channel`);
    seen.add(r.id);
  }
  const max = input.maxAttemptsPerChannel ?? 2;
  if (!Number.isSafeInteger(max) || max < 1)
    throw new IncidentError(IncidentsErrorCode.INVALID_COUNT, `maxAttemptsPerChannel must be a positive integer, got ${max}`);
  return Object.freeze({
    incidentId: input.incidentId,
    maxAttemptsPerChannel: max,
    recipients: Object.freeze([...input.recipients]),
    attempts: Object.freeze([]),
  });
}

function progressOf(campaign: Campaign, id: string, channels: readonly NoticeChannel[]): RecipientProgress {
  const mine = campaign.attempts.filter((a) => a.recipient === id);
  const evidence = mine.flatMap((a) => (a.evidence === undefined ? [] : [a.evidence]));
  const delivered = mine.find((a) => a.outcome === 'delivered');
  if (delivered !== undefined) return { id, state: 'delivered', attempts: mine.length, deliveredAt: delivered.at, evidence };
  const next = channels.find((c) => mine.filter((a) => a.channel === c).length < campaign.maxAttemptsPerChannel);
  return next === undefined
    ? { id, state: 'exhausted', attempts: mine.length, evidence }
    : { id, state: 'pending', attempts: mine.length, next, evidence };
}

/**
 * Records an attempt. The channel must be the one the recipient's progress says is next
 * (channels are tried in order, each up to `maxAttemptsPerChannel` times).
 *
 * @throws {@link IncidentError} `INCIDENTS_CAMPAIGN` for an unknown recipient, a channel out of
 * turn, or an attempt after delivery; `INCIDENTS_TIME_ORDER` for an attempt before the previous one.
 *
 * @example
 * ```ts
 * import { recordAttempt } from '@aisle/incidents';
 *
 * const next = recordAttempt(campaign, { recipient: 'm-1', channel: 'sms', at: '2026-11-22T10:00:00+08:00', outcome: 'failed', evidence: 'smsc:4711' });
 * ```
 *
 * @public
 */
export function recordAttempt(campaign: Campaign, attempt: Omit<DeliveryAttempt, 'at'> & { readonly at: InstantInput }): Campaign {
  const recipient = campaign.recipients.find((r) => r.id === attempt.recipient);
  if (recipient === undefined)
    throw new IncidentError(IncidentsErrorCode.CAMPAIGN, `Unknown recipient ${JSON.stringify(attempt.recipient)}`);
  const progress = progressOf(campaign, recipient.id, recipient.channels);
  if (progress.state !== 'pending' || progress.next !== attempt.channel) {
    throw new IncidentError(
      IncidentsErrorCode.CAMPAIGN,
      `Recipient ${JSON.stringify(recipient.id)} is ${progress.state}${progress.next === undefined ? '' : ` (next channel: ${progress.next})`}; cannot attempt ${attempt.channel}`,
    );
  }
  const at = toInstant(attempt.at).toISOString();
  const last = campaign.attempts.filter((a) => a.recipient === recipient.id).at(-1);
  if (last !== undefined && at < last.at)
    throw new IncidentError(IncidentsErrorCode.TIME_ORDER, `Attempt at ${at} is before the previous one (${last.at})`);
  const recorded: DeliveryAttempt = {
    recipient: recipient.id,
    channel: attempt.channel,
    at,
    outcome: attempt.outcome,
    ...(attempt.evidence === undefined ? {} : { evidence: attempt.evidence }),
  };
  return Object.freeze({ ...campaign, attempts: Object.freeze([...campaign.attempts, recorded]) });
}

/**
 * Per-recipient and overall progress; anyone `exhausted` means the public notice is needed.
 *
 * @example
 * ```ts
 * import { campaignProgress } from '@aisle/incidents';
 *
 * campaignProgress(campaign).publicNoticeNeeded; // false until someone cannot be reached
 * ```
 *
 * @public
 */
export function campaignProgress(campaign: Campaign): CampaignProgress {
  const recipients = campaign.recipients.map((r) => progressOf(campaign, r.id, r.channels));
  const count = (state: RecipientProgress['state']) => recipients.filter((r) => r.state === state).length;
  return {
    total: recipients.length,
    delivered: count('delivered'),
    pending: count('pending'),
    exhausted: count('exhausted'),
    publicNoticeNeeded: count('exhausted') > 0,
    recipients,
  };
}
