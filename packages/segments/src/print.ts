import { type Literal, purchaseFilters, type SegmentAst } from './ast';

function printString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function printLiteral(lit: Literal): string {
  switch (lit.type) {
    case 'string':
      return printString(lit.value);
    case 'number':
      return Object.is(lit.value, -0) ? '-0' : String(lit.value);
    case 'boolean':
      return lit.value ? 'TRUE' : 'FALSE';
    case 'date':
      return lit.value;
    case 'relative':
      if (lit.offset === 0 && lit.unit === 'd') return 'today';
      return `${lit.offset < 0 ? '-' : '+'}${Math.abs(lit.offset)}${lit.unit}`;
  }
}

function group(node: SegmentAst, parent: 'and' | 'or' | 'not'): string {
  const text = printSegment(node);
  const needs = (node.type === 'and' || node.type === 'or') && (parent === 'not' || node.type === parent || node.type === 'or');
  return needs ? `(${text})` : text;
}

/**
 * Prints a segment AST as canonical text: upper-case keywords, single-quoted strings with `''`
 * escapes, parentheses only where the tree needs them. `parseSegment(printSegment(ast))` equals
 * `ast` for every valid AST.
 *
 * @example
 * ```ts
 * import { parseSegment, printSegment } from '@aisle/segments';
 *
 * console.log(printSegment(parseSegment("tags contains 'vip' and (visits30d>=2 or tier='gold')")));
 * // tags CONTAINS 'vip' AND (visits30d >= 2 OR tier = 'gold')
 * ```
 *
 * @public
 */
export function printSegment(ast: SegmentAst): string {
  switch (ast.type) {
    case 'and':
    case 'or':
      return ast.args.map((a) => group(a, ast.type as 'and' | 'or')).join(ast.type === 'and' ? ' AND ' : ' OR ');
    case 'not':
      return `NOT ${group(ast.arg, 'not')}`;
    case 'compare':
      return `${ast.field} ${ast.op} ${printLiteral(ast.value)}`;
    case 'in':
      return `${ast.field} ${ast.negated ? 'NOT IN' : 'IN'} (${ast.values.map(printLiteral).join(', ')})`;
    case 'between':
      return `${ast.field} ${ast.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${printLiteral(ast.low)} AND ${printLiteral(ast.high)}`;
    case 'contains':
      return ast.mode === 'one'
        ? `${ast.field} CONTAINS ${printString(ast.values[0] ?? '')}`
        : `${ast.field} CONTAINS ${ast.mode.toUpperCase()} (${ast.values.map(printString).join(', ')})`;
    case 'isNull':
      return `${ast.field} IS ${ast.negated ? 'NOT NULL' : 'NULL'}`;
    case 'purchased': {
      const filters = purchaseFilters(ast).map(([k, v]) => `${k} = ${printString(v)}`);
      if (ast.within) filters.push(`within = ${ast.within.amount}${ast.within.unit}`);
      return `purchased(${filters.join(', ')}) ${ast.op} ${ast.count}`;
    }
    case 'anniversary':
      return `anniversary(${ast.field}) = ${printLiteral(ast.value)}`;
  }
}
