import type { CompareOp, DurationUnit, Literal, SegmentAst } from '../ast';
import { SegmentError, SegmentErrorCode } from '../errors';
import { describe, positionOf, syntaxError, type Token, tokenize } from './lexer';
import type { Limits } from './limits';
import { suggest } from './suggest';

const CMP = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Offsets of parsed nodes in their source text, for line:column in type errors. */
export type SpanMap = WeakMap<object, number>;

/**
 * Where every node parsed from text came from, kept as long as the node lives: a segment parsed
 * without a schema and checked later (by `toPredicate`, `compileSql`, the bitmap engine…) still
 * reports an unknown field or a type mismatch at its line:column.
 */
const origins = new WeakMap<object, { readonly source: string; readonly offset: number }>();

export function originOf(node: object): { readonly source: string; readonly offset: number } | undefined {
  return origins.get(node);
}

class Parser {
  private i = 0;
  readonly spans: SpanMap = new WeakMap();
  private readonly tokens: Token[];

  constructor(
    private readonly source: string,
    private readonly limits: Limits,
  ) {
    this.tokens = tokenize(source);
  }

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }

  private next(): Token {
    const t = this.tokens[this.i] as Token;
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private fail(token: Token, expected: string, hint?: string): never {
    const found = `expected ${expected}, found ${describe(token)}`;
    throw syntaxError(
      this.source,
      token.pos,
      hint === undefined ? found : `${found} (${hint})`,
      hint === undefined ? { expected } : { expected, hint },
    );
  }

  /** A hint for a misspelt keyword (`CONTAIN`, `ADN`): the nearest of `words`, if plausible. */
  private keywordHint(token: Token, words: readonly string[]): string | undefined {
    if (token.kind !== 'ident') return undefined;
    // Short words are too close to everything: hint only for two letters or more with the same initial.
    const near = token.text.length < 2 ? undefined : suggest(token.text, words);
    return near === undefined || near[0] !== token.text[0]?.toUpperCase() ? undefined : `did you mean ${near}?`;
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === 'ident' && token.text.toLowerCase() === word;
  }

  private expectKeyword(word: string): void {
    const t = this.next();
    if (!this.isKeyword(t, word)) this.fail(t, word.toUpperCase());
  }

  private expectPunct(text: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text) this.fail(t, `"${text}"`);
  }

  private mark<T extends object>(node: T, pos: number): T {
    this.spans.set(node, pos);
    origins.set(node, { source: this.source, offset: pos });
    return node;
  }

  parse(): SegmentAst {
    const ast = this.parseOr(0);
    const t = this.peek();
    if (t.kind !== 'eof') this.fail(t, 'AND, OR or end of input', this.keywordHint(t, ['AND', 'OR']));
    return ast;
  }

  private parseOr(depth: number): SegmentAst {
    const pos = this.peek().pos;
    const args = [this.parseAnd(depth)];
    while (this.isKeyword(this.peek(), 'or')) {
      this.next();
      args.push(this.parseAnd(depth));
    }
    return args.length === 1 ? (args[0] as SegmentAst) : this.mark({ type: 'or', args }, pos);
  }

  private parseAnd(depth: number): SegmentAst {
    const pos = this.peek().pos;
    const args = [this.parseUnary(depth)];
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      args.push(this.parseUnary(depth));
    }
    return args.length === 1 ? (args[0] as SegmentAst) : this.mark({ type: 'and', args }, pos);
  }

  private enter(depth: number, token: Token): number {
    if (depth + 1 > this.limits.maxDepth) {
      const { line, column } = positionOf(this.source, token.pos);
      throw new SegmentError(SegmentErrorCode.TOO_DEEP, `${line}:${column}: nesting deeper than ${this.limits.maxDepth}`, {
        details: { line, column, maxDepth: this.limits.maxDepth },
      });
    }
    return depth + 1;
  }

  private parseUnary(depth: number): SegmentAst {
    const t = this.peek();
    if (this.isKeyword(t, 'not')) {
      this.next();
      return this.mark({ type: 'not', arg: this.parseUnary(this.enter(depth, t)) }, t.pos);
    }
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      const inner = this.parseOr(this.enter(depth, t));
      this.expectPunct(')');
      return inner;
    }
    return this.parsePredicate();
  }

  private parsePredicate(): SegmentAst {
    const t = this.next();
    if (t.kind !== 'ident' || isReserved(t.text)) this.fail(t, 'a field name, NOT or "("');
    const field = t.text;
    const op = this.peek();
    if (op.kind === 'punct' && op.text === '(') return this.parseCall(t);
    if (op.kind === 'punct' && CMP.has(op.text)) {
      this.next();
      return this.mark({ type: 'compare', field, op: op.text as CompareOp, value: this.parseLiteral() }, t.pos);
    }
    let negated = false;
    if (this.isKeyword(op, 'not')) {
      this.next();
      negated = true;
    }
    const kw = this.next();
    if (this.isKeyword(kw, 'in'))
      return this.mark({ type: 'in', field, values: this.parseList(() => this.parseLiteral()), negated }, t.pos);
    if (this.isKeyword(kw, 'between')) {
      const low = this.parseLiteral();
      this.expectKeyword('and');
      return this.mark({ type: 'between', field, low, high: this.parseLiteral(), negated }, t.pos);
    }
    if (negated) this.fail(kw, 'IN or BETWEEN');
    if (this.isKeyword(kw, 'contains')) {
      const mode = this.isKeyword(this.peek(), 'any') ? 'any' : this.isKeyword(this.peek(), 'all') ? 'all' : 'one';
      if (mode === 'one') return this.mark({ type: 'contains', field, mode, values: [this.parseString()] }, t.pos);
      this.next();
      return this.mark({ type: 'contains', field, mode, values: this.parseList(() => this.parseString()) }, t.pos);
    }
    if (this.isKeyword(kw, 'is')) {
      let isNot = false;
      if (this.isKeyword(this.peek(), 'not')) {
        this.next();
        isNot = true;
      }
      this.expectKeyword('null');
      return this.mark({ type: 'isNull', field, negated: isNot }, t.pos);
    }
    return this.fail(kw, 'a comparison, IN, BETWEEN, CONTAINS or IS', this.keywordHint(kw, ['CONTAINS', 'IN', 'BETWEEN', 'IS', 'NOT']));
  }

  private parseList<T>(item: () => T): T[] {
    this.expectPunct('(');
    const out = [item()];
    while (this.peek().kind === 'punct' && this.peek().text === ',') {
      this.next();
      out.push(item());
      if (out.length > this.limits.maxListLength) {
        const { line, column } = positionOf(this.source, this.peek().pos);
        throw new SegmentError(SegmentErrorCode.LIST_TOO_LARGE, `${line}:${column}: list longer than ${this.limits.maxListLength} values`, {
          details: { line, column, maxListLength: this.limits.maxListLength },
        });
      }
    }
    this.expectPunct(')');
    return out;
  }

  private parseString(): string {
    const t = this.next();
    if (t.kind !== 'string') this.fail(t, 'a string literal');
    return t.value;
  }

  private parseLiteral(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { type: 'string', value: t.value };
      case 'number':
        return { type: 'number', value: t.value };
      case 'date':
        return { type: 'date', value: t.value };
      case 'duration':
        return { type: 'relative', offset: t.amount, unit: t.unit };
      case 'ident': {
        const w = t.text.toLowerCase();
        if (w === 'true' || w === 'false') return { type: 'boolean', value: w === 'true' };
        if (w === 'today') return { type: 'relative', offset: 0, unit: 'd' };
        if (w === 'null')
          throw syntaxError(this.source, t.pos, 'NULL is not a value here: use IS NULL / IS NOT NULL', { expected: 'a literal' });
        break;
      }
    }
    // A bare word where a value belongs is almost always an unquoted string or enum value.
    const bare = t.kind === 'ident' ? `strings and enum values are quoted: did you mean '${t.text.slice(0, 64)}'?` : undefined;
    return this.fail(t, 'a literal (string, number, TRUE/FALSE, date, -30d or today)', bare);
  }

  private parseCall(name: Token & { kind: 'ident' }): SegmentAst {
    if (name.text === 'anniversary') return this.parseAnniversary(name);
    if (name.text !== 'purchased') {
      const { line, column } = positionOf(this.source, name.pos);
      throw new SegmentError(
        SegmentErrorCode.UNKNOWN_FUNCTION,
        `${line}:${column}: unknown function "${name.text}" (known: purchased, anniversary)`,
        { details: { line, column, name: name.text } },
      );
    }
    this.expectPunct('(');
    const filters: { category?: string; sku?: string; brand?: string } = {};
    let within: { amount: number; unit: DurationUnit } | null = null;
    for (;;) {
      const key = this.next();
      const k = key.kind === 'ident' ? key.text : '';
      if ((k === 'category' || k === 'sku' || k === 'brand') && filters[k] === undefined) {
        this.expectPunct('=');
        filters[k] = this.parseString();
      } else if (k === 'within' && within === null) {
        this.expectPunct('=');
        const d = this.next();
        if (d.kind !== 'duration' || d.amount < 0 || d.text.startsWith('+')) this.fail(d, 'a duration such as 90d');
        within = { amount: d.amount, unit: d.unit };
      } else {
        const left = ['category', 'sku', 'brand'].filter((x) => filters[x as 'sku'] === undefined);
        if (within === null) left.push('within');
        const hint = key.kind === 'ident' ? suggest(key.text, left) : undefined;
        this.fail(key, left.join(', '), hint === undefined || hint === key.text ? undefined : `did you mean ${hint}?`);
      }
      const sep = this.next();
      if (sep.kind === 'punct' && sep.text === ')') break;
      if (sep.kind !== 'punct' || sep.text !== ',') this.fail(sep, '"," or ")"');
    }
    if (filters.category === undefined && filters.sku === undefined && filters.brand === undefined)
      this.fail(this.tokens[this.i - 1] as Token, "category = '…', sku = '…' or brand = '…'");
    const op = this.next();
    if (op.kind !== 'punct' || !CMP.has(op.text)) this.fail(op, 'a comparison after purchased(…)');
    const n = this.next();
    if (n.kind !== 'number' || !Number.isSafeInteger(n.value) || n.value < 0 || Object.is(n.value, -0)) this.fail(n, 'a whole count');
    const node: SegmentAst = {
      type: 'purchased',
      ...(filters.category === undefined ? {} : { category: filters.category }),
      ...(filters.sku === undefined ? {} : { sku: filters.sku }),
      ...(filters.brand === undefined ? {} : { brand: filters.brand }),
      within,
      op: op.text as CompareOp,
      count: n.value,
    };
    return this.mark(node, name.pos);
  }

  /** `anniversary(field) = today` (or another day: `+7d`, `2026-02-28`). */
  private parseAnniversary(name: Token & { kind: 'ident' }): SegmentAst {
    this.expectPunct('(');
    const f = this.next();
    if (f.kind !== 'ident' || isReserved(f.text)) this.fail(f, 'a field name');
    this.expectPunct(')');
    const op = this.next();
    if (op.kind !== 'punct' || op.text !== '=')
      this.fail(
        op,
        '"=" after anniversary(…)',
        op.kind === 'punct' && CMP.has(op.text) ? 'an anniversary is a day: compare it with = (use OR for several days)' : undefined,
      );
    const at = this.peek();
    const value = this.parseLiteral();
    if (value.type !== 'date' && value.type !== 'relative') this.fail(at, 'a day (today, +7d, 2026-11-21)');
    return this.mark({ type: 'anniversary', field: f.text, value }, name.pos);
  }
}

const RESERVED = new Set(['and', 'or', 'not', 'in', 'between', 'contains', 'any', 'all', 'is', 'null', 'true', 'false', 'today']);

function isReserved(word: string): boolean {
  return RESERVED.has(word.toLowerCase());
}

export function parseText(source: string, limits: Limits): { ast: SegmentAst; spans: SpanMap } {
  if (source.length > limits.maxLength) {
    throw new SegmentError(SegmentErrorCode.INPUT_TOO_LONG, `Segment text longer than ${limits.maxLength} characters`, {
      details: { length: source.length, maxLength: limits.maxLength },
    });
  }
  const parser = new Parser(source, limits);
  return { ast: parser.parse(), spans: parser.spans };
}
