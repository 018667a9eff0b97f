/** The words of one code's page in one language. */
export interface EntryText {
  /** What the code means; English pages default to the code's TSDoc. */
  readonly meaning?: string;
  /** The typical cause. */
  readonly cause: string;
  /** The fix, in words (the runnable sample shows it). */
  readonly fix: string;
}

/** A code's entry: English and Simplified Chinese text; the sample lives in `src/samples/<CODE>.ts`. */
export interface Entry {
  readonly en: EntryText;
  readonly zh: EntryText & { readonly meaning: string };
  /**
   * Set only when the sample cannot provoke the error by itself with the real thing (a server
   * that goes down, a file that changes mid-read…): says why, in both languages; the sample then
   * stages it or shows the handling.
   */
  readonly note?: { readonly en: string; readonly zh: string };
}

/** Entries of one package, by code. */
export type Entries = Readonly<Record<string, Entry>>;

/**
 * One entry, compactly: English cause and fix, then Chinese meaning, cause and fix, then an
 * optional note `[en, zh]`.
 */
export function entry(
  en: readonly [cause: string, fix: string],
  zh: readonly [meaning: string, cause: string, fix: string],
  note?: readonly [en: string, zh: string],
): Entry {
  return {
    en: { cause: en[0], fix: en[1] },
    zh: { meaning: zh[0], cause: zh[1], fix: zh[2] },
    ...(note === undefined ? {} : { note: { en: note[0], zh: note[1] } }),
  };
}
