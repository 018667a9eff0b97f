import { type SchemaLike, type SchemaOutput, safeParse, toInstant, ValidationError } from '@aisle/core';
import * as z from 'zod/mini';
import { CustodyError, CustodyErrorCode } from '../errors';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Ids (media, people, tasks): 1–128 of letters, digits, `_ . : -`, starting with a letter or digit. */
export const id = /* @__PURE__ */ (() => z.string().check(z.regex(ID, 'an id of letters, digits, _ . : - (1-128, no spaces)')))();
export const text = /* @__PURE__ */ (() => z.string().check(z.minLength(1), z.maxLength(1000)))();
export const instant = /* @__PURE__ */ (() => z.iso.datetime({ offset: true }))();
const count = /* @__PURE__ */ (() => z.int().check(z.minimum(0)))();
const unique = (list: readonly string[]) => new Set(list).size === list.length;
export const idList = /* @__PURE__ */ (() => z.array(id).check(z.maxLength(1000), z.refine(unique, 'ids must be unique')))();

export const MediumKinds = ['hdd', 'ssd', 'tape', 'optical', 'usb', 'nas', 'other'] as const;
export const AccessLevels = ['read', 'restore', 'manage'] as const;

export const ResponsibleSchema = /* @__PURE__ */ (() => z.object({ personId: id, role: text, name: z.optional(text) }))();

export const PermissionSchema = /* @__PURE__ */ (() =>
  z.object({
    personId: id,
    access: z.enum(AccessLevels),
    scope: text,
    procedure: text,
    categories: z.optional(idList),
  }))();

export const RegistrationSchema = /* @__PURE__ */ (() =>
  z.object({
    id,
    medium: z.object({
      kind: z.enum(MediumKinds),
      brand: text,
      model: text,
      serial: text,
      capacityBytes: z.int().check(z.minimum(1)),
      purchasedOn: z.iso.date(),
    }),
    contents: z.object({
      scope: text,
      categories: idList.check(z.minLength(1)),
      subjects: count,
      records: count,
      bytes: count,
    }),
    device: z.object({ name: text, assetTag: z.optional(text) }),
    software: z.object({ name: text, version: text }),
    madeAt: instant,
    madeBy: id,
    checkedBy: id,
    encryption: z.object({ algorithm: text, keyRef: z.string().check(z.minLength(1), z.maxLength(512)) }),
    responsible: z.array(ResponsibleSchema).check(z.minLength(1), z.maxLength(100)),
    permissions: z.array(PermissionSchema).check(z.maxLength(1000)),
    location: z.optional(text),
    notes: z.optional(text),
  }))();

export const PermissionsChangeSchema = /* @__PURE__ */ (() =>
  z.object({
    at: z.optional(instant),
    by: id,
    responsible: z.array(ResponsibleSchema).check(z.minLength(1), z.maxLength(100)),
    permissions: z.array(PermissionSchema).check(z.maxLength(1000)),
    notes: z.optional(text),
  }))();

export const AccessSchema = /* @__PURE__ */ (() =>
  z.object({
    at: z.optional(instant),
    by: id,
    purpose: text,
    approvedBy: z.optional(id),
    approvalRef: z.optional(text),
    notes: z.optional(text),
  }))();

export const RetireSchema = /* @__PURE__ */ (() =>
  z.object({
    at: z.optional(instant),
    by: id,
    method: z.enum(['wiped', 'destroyed']),
    witness: z.optional(id),
    notes: z.optional(text),
  }))();

export const CheckFieldsSchema = /* @__PURE__ */ (() =>
  z.object({
    at: z.optional(instant),
    by: id,
    readable: z.boolean(),
    notes: z.optional(text),
  }))();

export const MigrationFieldsSchema = /* @__PURE__ */ (() =>
  z.object({
    from: id,
    reason: z.enum(['technology', 'abnormal-check', 'capacity', 'other']),
    by: id,
    at: z.optional(instant),
    notes: z.optional(text),
  }))();

export const ScanResultSchema = /* @__PURE__ */ (() =>
  z.object({
    clean: z.boolean(),
    findings: z.array(text).check(z.maxLength(1000)),
    signatures: z.optional(text),
  }))();

/** Parses with core's `safeParse` and reports failures as `CUSTODY_INVALID_INPUT` (never a ZodError). */
export function check<S extends SchemaLike>(schema: S, input: unknown, label: string): SchemaOutput<S> {
  const result = safeParse(schema, input, { label });
  if (result.ok) return result.value;
  const issues = ValidationError.isInstance(result.error) ? result.error.issues : [];
  throw new CustodyError(CustodyErrorCode.INVALID_INPUT, result.error.message, { cause: result.error, details: { label, issues } });
}

/** Throws `CUSTODY_INVALID_INPUT` unless `value` is a well-formed medium id. */
export function assertMediumId(value: unknown, where: string): string {
  if (typeof value !== 'string' || !ID.test(value)) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : typeof value;
    throw new CustodyError(
      CustodyErrorCode.INVALID_INPUT,
      `${where}: expected a medium id (letters, digits, _ . : -, 1-128), received ${shown}`,
    );
  }
  return value;
}

/** An instant from input (already schema-checked) or the clock, as a UTC ISO string. */
export function isoAt(at: string | undefined, now: () => Date): string {
  return (at === undefined ? now() : toInstant(at)).toISOString();
}

// A run this long of hex or base64 characters is key material (a 256-bit key is 64 hex or 43-44
// base64 characters), not a reference: ARNs, resource names and URIs break it up with separators.
const KEY_LIKE = /[A-Za-z0-9+/=_]{40,}/;

/**
 * Refuses a key reference that looks like a key. The value never appears in the error: if it is
 * a key, the error must not leak it.
 */
export function assertKeyReference(keyRef: string): void {
  if (KEY_LIKE.test(keyRef) || /^[0-9a-fA-F]{32,}$/.test(keyRef)) {
    throw new CustodyError(
      CustodyErrorCode.KEY_MATERIAL,
      'encryption.keyRef: expected a KMS key reference (an ARN, resource name or URI such as "acs:kms:cn-shanghai:1234:key/key-abc"), received what looks like key material (a long run of hex or base64 characters); the value is not repeated here',
    );
  }
}
