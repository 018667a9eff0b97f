/**
 * A small XML reader for device pushes: one left-to-right pass (every search starts where the
 * previous one ended, so the time is linear in the text), no entities beyond the five predefined
 * ones and numeric references, no DTDs. It collects the leaf elements (elements with text and no
 * child elements) under every element named `record`, as paths relative to it
 * (`peopleCounting/TimeRange/startTime`), so same-named leaves in different parents
 * (`peopleCounting/enter` and `childCounting/enter`) never mix.
 */

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? whole;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex as string, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The leaves of one record: path → trimmed text (the first occurrence of a path wins). */
export type XmlLeaves = Map<string, string>;

interface Open {
  name: string;
  text: string;
  children: number;
}

const MAX_DEPTH = 64;

/**
 * Every `record` element's leaves, in document order, and how many elements were left unclosed
 * or mismatched (counted by the caller as malformed). Element names compare without a namespace prefix.
 */
export function readXmlRecords(text: string, record: string): { records: XmlLeaves[]; malformed: number } {
  const records: XmlLeaves[] = [];
  let malformed = 0;
  const stack: Open[] = [];
  let current: XmlLeaves | undefined;
  let recordDepth = -1;
  let i = 0;
  const n = text.length;
  const localName = (raw: string) => {
    const c = raw.indexOf(':');
    return c < 0 ? raw : raw.slice(c + 1);
  };
  const path = () =>
    stack
      .slice(recordDepth + 1)
      .map((o) => o.name)
      .join('/');
  while (i < n) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (chunk.length > 0 && stack.length > 0) {
      const top = stack[stack.length - 1] as Open;
      if (top.text.length < 4096) top.text += chunk;
    }
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      const data = end < 0 ? text.slice(lt + 9) : text.slice(lt + 9, end);
      if (stack.length > 0) {
        const top = stack[stack.length - 1] as Open;
        if (top.text.length < 4096) top.text += data.replace(/&/g, '&amp;');
      }
      i = end < 0 ? n : end + 3;
      continue;
    }
    const gt = text.indexOf('>', lt + 1);
    if (gt < 0) {
      malformed++;
      break;
    }
    i = gt + 1;
    const c = text.charCodeAt(lt + 1);
    if (c === 0x3f /* ? */ || c === 0x21 /* ! */) continue;
    if (c === 0x2f /* / */) {
      const name = localName(text.slice(lt + 2, gt).trim());
      let at = stack.length - 1;
      while (at >= 0 && (stack[at] as Open).name !== name) at--;
      if (at < 0) {
        malformed++;
        continue;
      }
      if (at !== stack.length - 1) malformed++;
      while (stack.length - 1 > at) closeTop(false);
      closeTop(true);
      continue;
    }
    const body = text.slice(lt + 1, gt);
    const selfClosing = body.endsWith('/');
    const nameEnd = body.search(/[\s/]/);
    const name = localName(nameEnd < 0 ? body : body.slice(0, nameEnd));
    if (name === '') {
      malformed++;
      continue;
    }
    if (stack.length > 0) (stack[stack.length - 1] as Open).children++;
    if (selfClosing) continue;
    if (stack.length >= MAX_DEPTH) {
      malformed++;
      break;
    }
    stack.push({ name, text: '', children: 0 });
    if (name === record && current === undefined) {
      current = new Map();
      recordDepth = stack.length - 1;
    }
  }
  while (stack.length > 0) {
    malformed++;
    closeTop(false);
  }
  return { records, malformed };

  function closeTop(complete: boolean): void {
    const depth = stack.length - 1;
    const top = stack[depth] as Open;
    if (current !== undefined && depth > recordDepth && top.children === 0) {
      const p = path();
      if (!current.has(p)) current.set(p, decode(top.text.trim()));
    }
    stack.pop();
    if (current !== undefined && depth === recordDepth) {
      if (complete) records.push(current);
      else malformed++;
      current = undefined;
      recordDepth = -1;
    }
  }
}
