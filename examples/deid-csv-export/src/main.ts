import { writeFileSync } from 'node:fs';
import { AisleError } from '@aisle/core';
import { runExport } from './export';

// Demo key only. In production the key comes from your key service (KMS/HSM) and is never
// stored next to the export or the vendor's copy.
const demoKey = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 255);
const vaultKeys = new Map([['vendor-2026', Uint8Array.from({ length: 64 }, (_, i) => (i * 53 + 7) & 255)]]);

try {
  const input = new URL('../data/members.csv', import.meta.url).pathname;
  const result = await runExport({ input, key: demoKey, vault: { getKey: (id) => vaultKeys.get(id) } });
  const out = new URL('../vendor-export.csv', import.meta.url).pathname;
  writeFileSync(out, result.csv);
  console.log(`Wrote ${out}`);
} catch (error) {
  console.error(AisleError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
