import { type InstantInput, toInstant } from '@aisle/core';
import { IncidentError, IncidentsErrorCode } from './errors';
import { NOTICE_CHANNELS, type NoticeChannel } from './render/notice';

const MAX_EVIDENCE = 1000;

const isChannel = (c: unknown): c is NoticeChannel => (NOTICE_CHANNELS as readonly unknown[]).includes(c);

function campaignError(message: string): IncidentError {
  return new IncidentError(IncidentsErrorCode.CAMPAIGN, message);
}

/** A value for a message, never converted with its own toString (which may be missing or hostile). */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : typeof value;
}

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
 * @throws {@link IncidentError} `INCIDENTS_CAMPAIGN` for duplicate recipients, a recipient without
 * channels, or input of the wrong shape (recipients that are not `{ id: string, channels: [known channels] }`).
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
  if (typeof input !== 'object' || input === null || typeof input.incidentId !== 'string' || !Array.isArray(input.recipients)) {
    throw campaignError('A campaign is { incidentId: string, recipients: [{ id, channels }] }');
  }
  const seen = new Set<string>();
  for (let i = 0; i < input.recipients.length; i++) {
    const r = input.recipients[i] as Campaign['recipients'][number] | null | undefined;
    if (typeof r !== 'object' || r === null || typeof r.id !== 'string' || !Array.isArray(r.channels) || !r.channels.every(isChannel)) {
      throw campaignError(`recipients[${i}] is not { id: string, channels: an array of ${NOTICE_CHANNELS.join(', ')} }`);
    }
    if (seen.has(r.id)) throw new IncidentError(IncidentsErrorCode.CAMPAIGN, `Duplicate recipient ${JSON.stringify(r.id)}`);
    if (r.channels.length === 0) throw new IncidentError(IncidentsErrorCode.CAMPAIGN, `Recipient ${JSON.stringify(r.id)} has no channel`);
    seen.add(r.id);
  }
  const max = input.maxAttemptsPerChannel ?? 2;
  if (!Number.isSafeInteger(max) || max < 1)
    throw new IncidentError(IncidentsErrorCode.INVALID_COUNT, `maxAttemptsPerChannel must be a positive integer, got ${describe(max)}`);
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
 * @throws {@link IncidentError} `INCIDENTS_CAMPAIGN` for an attempt of the wrong shape (an outcome
 * other than delivered/failed, evidence that is not a string of at most 1000 characters), an unknown recipient, a channel out of
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
  // Delivery reports come from gateways: check the shape before anything is recorded.
  if (typeof attempt !== 'object' || attempt === null || typeof attempt.recipient !== 'string') {
    throw campaignError('An attempt is { recipient: string, channel, at, outcome, evidence? }');
  }
  if (!isChannel(attempt.channel))
    throw campaignError(`An attempt's channel is one of ${NOTICE_CHANNELS.join(', ')}, received ${describe(attempt.channel)}`);
  if (attempt.outcome !== 'delivered' && attempt.outcome !== 'failed') {
    throw campaignError(`An attempt's outcome is 'delivered' or 'failed', received ${describe(attempt.outcome)}`);
  }
  if (attempt.evidence !== undefined && (typeof attempt.evidence !== 'string' || attempt.evidence.length > MAX_EVIDENCE)) {
    throw campaignError(`An attempt's evidence is a string of at most ${MAX_EVIDENCE} characters`);
  }
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
