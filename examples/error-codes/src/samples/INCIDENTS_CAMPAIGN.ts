import assert from 'node:assert/strict';
import { createCampaign, recordAttempt } from '@aisle/incidents';

const campaign = createCampaign({ incidentId: 'inc_01', recipients: [{ id: 'm-1', channels: ['sms', 'email', 'letter'] }] });

// Wrong: a delivery report for a recipient the campaign does not have (a gateway callback for another campaign).
assert.throws(() => recordAttempt(campaign, { recipient: 'm-9', channel: 'sms', at: '2026-11-22T10:00:00+08:00', outcome: 'failed' }), {
  code: 'INCIDENTS_CAMPAIGN',
});

// Right: the recipient's next channel, in order (SMS first, then e-mail, then a letter).
const next = recordAttempt(campaign, {
  recipient: 'm-1',
  channel: 'sms',
  at: '2026-11-22T10:00:00+08:00',
  outcome: 'failed',
  evidence: 'smsc:4711',
});
assert.ok(next);
