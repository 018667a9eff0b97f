import { readFileSync } from 'node:fs';
import {
  createDeidentifier,
  createPseudonymizer,
  createTokenizer,
  type DeidPolicy,
  type DetokenizeAuditEvent,
  formatCsvLine,
  type KeyVault,
  kAnonymity,
  parseCsv,
  parseResidentId,
} from '@aisle/deid';

/**
 * The policy for the vendor (a delivery-analytics firm): what each column becomes. Columns not
 * named here are dropped (data minimisation), so a new column added to the export later never
 * leaks by accident.
 */
export const vendorPolicy: DeidPolicy = {
  fields: {
    member_id: { action: 'tokenize', kind: 'member-id' },
    phone: { action: 'pseudonymize', kind: 'mobile' },
    wechat_openid: { action: 'pseudonymize', kind: 'wechat-openid' },
    name: { action: 'mask', kind: 'name' },
    birth_date: { action: 'generalize', rule: { kind: 'birth-date', to: 'year' } },
    address: { action: 'mask', kind: 'address' },
    spend_fen: { action: 'generalize', rule: { kind: 'amount', edges: [0, 50_000, 100_000, 200_000] } },
    note: { action: 'scrub' },
    resident_id: { action: 'drop' },
  },
};

export interface ExportOptions {
  /** The CSV export to de-identify. */
  readonly input: string;
  /** The pseudonymisation key: 32 random bytes from the key service, never stored with the data. */
  readonly key: Uint8Array;
  /** Where the tokenisation key lives (apart from the data): member ids are tokenised so the
   * vendor can report problems per member and only the retailer can map a token back. */
  readonly vault: KeyVault;
  readonly quiet?: boolean;
}

/** De-identifies the export, returns the vendor CSV and what was done, and prints a summary. */
export async function runExport(options: ExportOptions) {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    if (!options.quiet) console.log(line);
  };
  const pseudonymizer = createPseudonymizer({ key: options.key, tenant: 'acme-retail', purpose: 'vendor:delivery-analytics' });
  const audit: DetokenizeAuditEvent[] = [];
  const tokenizer = createTokenizer({ vault: options.vault, keyId: 'vendor-2026', audit: (event) => void audit.push(event) });
  const deid = createDeidentifier({ policy: vendorPolicy, pseudonymizer, tokenizer });

  // Quality check before anything leaves: flag resident ids that fail their GB 11643 checksum.
  let badIds = 0;
  const rows: Record<string, unknown>[] = [];
  const source = parseCsv([readFileSync(options.input)]);
  async function* checked() {
    for await (const row of source) {
      if (row.resident_id && !parseResidentId(row.resident_id).valid) badIds++;
      yield row;
    }
  }
  for await (const row of deid.stream(checked())) rows.push(row);

  // Re-identification risk over what the vendor can see: birth year and district.
  const withDistrict = rows.map((row) => ({ ...row, district: String(row.address ?? '') }));
  const risk = kAnonymity(withDistrict, { quasiIdentifiers: ['birth_date', 'district'], k: 2 });
  const shared: Record<string, unknown>[] = risk.kept.map(({ district: _district, ...row }) => row);

  const columns = Object.keys(vendorPolicy.fields).filter((c) => vendorPolicy.fields[c]?.action !== 'drop');
  const csv =
    formatCsvLine(columns) +
    shared
      .map((row) =>
        formatCsvLine(
          columns.map((c) => row[c]),
          { guardFormulas: true },
        ),
      )
      .join('');

  const stats = deid.stats();
  say(`## De-identified ${stats.records} member rows for the vendor`);
  for (const [field, counts] of Object.entries(stats.fields)) {
    say(
      `  ${field.padEnd(14)} ${Object.entries(counts)
        .map(([action, n]) => `${action}: ${n}`)
        .join(', ')}`,
    );
  }
  say(`  scrubbed from notes: ${JSON.stringify(stats.scrubbed)}`);
  say(`Resident ids failing the GB 11643 checksum (flagged, dropped anyway): ${badIds}`);
  say(
    `k-anonymity over (birth year, district): smallest class ${risk.k}; suppressed ${risk.suppressed} rows in classes smaller than 2; sharing ${shared.length} rows`,
  );
  say(`First shared row: ${csv.split('\n')[1]}`);

  // Weeks later the vendor reports a failed delivery for one token; the retailer maps it back
  // through the vault, and the lookup is audited (who, why, when: never the value).
  const reported = String(shared[0]?.member_id);
  const memberId = await tokenizer.detokenize(reported, {
    kind: 'member-id',
    field: 'member_id',
    actor: 'service-desk S-014',
    reason: 'vendor ticket DLV-88',
  });
  say(
    `Vendor ticket for ${reported.slice(0, 16)}… resolved to member ${memberId}; audit: ${audit.map((e) => `${e.actor} (${e.reason}): ${e.outcome}`).join('; ')}`,
  );
  return { lines, csv, stats, risk, badIds, memberId, audit };
}
