/** A schema with zod's synchronous `safeParse` (what the adapters' record schemas are). */
interface RecordSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/**
 * Reads one device record with its schema; a record the schema cannot even inspect counts as
 * invalid like any other. zod 4 reads `length` on any value that has one, even after its type
 * check failed, so `{ length: { toString: null } }` makes `safeParse` itself throw a TypeError:
 * that is bad input (one record skipped and counted), never a crash of the whole batch.
 */
export function readRecord<T>(schema: RecordSchema<T>, value: unknown): { success: true; data: T } | { success: false } {
  try {
    return schema.safeParse(value);
  } catch {
    return { success: false };
  }
}
