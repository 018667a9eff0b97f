/**
 * A stream id as UTF-16 big-endian bytes in hex: comparing these bytes compares the id by UTF-16
 * code units, JavaScript's string order (PostgreSQL's "C" collation compares UTF-8 bytes, which
 * orders U+E000–U+FFFF after astral characters, unlike JavaScript).
 */
export function sortKeyHex(id: string): string {
  let out = '';
  for (let i = 0; i < id.length; i++) out += id.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}
