// Sizes in the units Excel on the web limits: UTF-8 bytes of a request's or a response's JSON (5 MB each way).

const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 length of a string without allocating an encoder buffer. */
export function utf8Length(s: string): number {
  // all ASCII (a pulled table's JSON nearly always is): one native scan instead of a loop per character
  if (!NON_ASCII.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) n += c > 0x7ff && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}
