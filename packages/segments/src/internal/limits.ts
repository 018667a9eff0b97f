/** Limits every entry point applies to untrusted segments. */
export interface Limits {
  readonly maxDepth: number;
  readonly maxListLength: number;
  readonly maxLength: number;
}

export const DEFAULT_LIMITS: Limits = { maxDepth: 64, maxListLength: 1000, maxLength: 100_000 };

export function limitsOf(options: { maxDepth?: number; maxListLength?: number; maxLength?: number } = {}): Limits {
  return {
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxListLength: options.maxListLength ?? DEFAULT_LIMITS.maxListLength,
    maxLength: options.maxLength ?? DEFAULT_LIMITS.maxLength,
  };
}
