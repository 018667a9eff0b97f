import type { BusinessDate } from './calendar';

/** A validated line as evaluation sees it. */
export interface LineView {
  readonly id: string;
  readonly sku: string;
  readonly brand?: string | undefined;
  readonly category?: string | undefined;
  readonly quantity: number;
  readonly amountFen: number;
}

/** Everything a compiled condition reads; built once per evaluation. */
export interface EvalContext {
  readonly kind: 'purchase' | 'sign-up' | 'top-up';
  readonly storeId: string;
  readonly channel: string;
  readonly totalFen: number;
  readonly lines: readonly LineView[];
  readonly tenders: ReadonlyArray<{ readonly method: string; readonly amountFen: number }>;
  /** Earning fen of each line after non-earning tenders were allocated away. */
  readonly eligible: readonly number[];
  readonly eligibleTotal: number;
  /** Every line index (the scope of rules without an item filter). */
  readonly all: number[];
  /** Line scopes of the rule set's item filters, filled lazily during one evaluation. */
  readonly scopes: Array<number[] | undefined>;
  readonly tier: string;
  readonly tags: readonly string[];
  readonly birthday: string | undefined;
  readonly joinedOn: string | undefined;
  /** Purchases before this one, when the caller knows (first-purchase rules need an explicit 0). */
  readonly purchaseCount: number | undefined;
  readonly openedOn: string | undefined;
  readonly date: BusinessDate;
  /** The rule set rounds once at the end (`roundAt: 'end'`): drafts carry their exact values. */
  readonly roundOnce: boolean;
}
