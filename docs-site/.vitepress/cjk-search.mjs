// Tokenizers for VitePress's local search (MiniSearch) that find Chinese words in mid-sentence.
//
// MiniSearch's default tokenizer splits on spaces and punctuation only, so a Chinese sentence is
// one token and `授权同意` inside it is never found. These split runs of Han characters (and
// kana) into single characters and overlapping character pairs (bigrams), the usual
// dictionary-free approach for CJK full-text search; other text splits as MiniSearch's default.
//
// VitePress sends these functions to the browser as source text (`fn.toString()`, revived with
// `new Function`), so each must be self-contained: no imports, no helpers, no outer variables.

/**
 * Index-side tokenizer: non-CJK words as MiniSearch splits them; every CJK run as its characters
 * and its character bigrams. Linear in the text length.
 *
 * @param {string} text
 * @returns {string[]}
 */
export function tokenizeForIndex(text) {
  const tokens = [];
  const runs =
    /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+)|([^\n\r\p{Z}\p{P}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+)/gu;
  for (const match of text.matchAll(runs)) {
    if (match[1] === undefined) {
      tokens.push(match[0]);
      continue;
    }
    const chars = Array.from(match[1]);
    for (let i = 0; i < chars.length; i++) {
      const char = /** @type {string} */ (chars[i]);
      tokens.push(char);
      if (i + 1 < chars.length) tokens.push(`${char}${chars[i + 1]}`);
    }
  }
  return tokens;
}

/**
 * Query-side tokenizer: a CJK run of two or more characters becomes its bigrams (a page that has
 * the whole word has every bigram and ranks first); a single CJK character stays as it is.
 *
 * @param {string} text
 * @returns {string[]}
 */
export function tokenizeForSearch(text) {
  const tokens = [];
  const runs =
    /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+)|([^\n\r\p{Z}\p{P}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+)/gu;
  for (const match of text.matchAll(runs)) {
    if (match[1] === undefined) {
      tokens.push(match[0]);
      continue;
    }
    const chars = Array.from(match[1]);
    if (chars.length === 1) tokens.push(match[1]);
    for (let i = 0; i + 1 < chars.length; i++) tokens.push(`${chars[i]}${chars[i + 1]}`);
  }
  return tokens;
}
