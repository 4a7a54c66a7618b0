import { StudioError } from '../../shared/errors';

const MAX_DEPTH = 32;

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/**
 * Parses the Python literal an .npy header holds, e.g.
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`: dicts, tuples, lists,
 * quoted strings, integers, True/False/None. Anything else is a bad header, never `eval`.
 */
export function parsePythonDict(text: string, where: string): Record<string, PyValue> {
  let i = 0;
  let depth = 0;
  const fail = (what: string): never => {
    throw new StudioError('bad-file', `unreadable header: ${what} at character ${i}`, where);
  };
  const skip = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const nested = <T>(read: () => T): T => {
    // A real header nests two levels; thousands would overflow the stack (issue 24).
    if (++depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    const out = read();
    depth--;
    return out;
  };
  const value = (): PyValue => {
    skip();
    const c = text[i];
    if (c === '{') return nested(dict);
    if (c === '(' || c === '[') return nested(() => sequence(c === '(' ? ')' : ']'));
    if (c === "'" || c === '"') return str();
    const m = /^(-?\d+|True|False|None)/.exec(text.slice(i, i + 32));
    if (!m) return fail('unexpected token');
    i += m[0].length;
    if (m[0] === 'True') return true;
    if (m[0] === 'False') return false;
    if (m[0] === 'None') return null;
    // Python 2 headers wrote long integers as `3L`.
    if (text[i] === 'L') i++;
    return Number(m[0]);
  };
  const str = (): string => {
    const quote = text[i++];
    const end = text.indexOf(quote, i);
    if (end < 0) fail('unterminated string');
    const s = text.slice(i, end);
    i = end + 1;
    return s;
  };
  const sequence = (close: string): PyValue[] => {
    i++;
    const items: PyValue[] = [];
    for (;;) {
      skip();
      if (text[i] === close) {
        i++;
        return items;
      }
      items.push(value());
      skip();
      if (text[i] === ',') i++;
      else if (text[i] !== close) fail(`expected ',' or '${close}'`);
    }
  };
  const dict = (): Record<string, PyValue> => {
    i++;
    const out: Record<string, PyValue> = {};
    for (;;) {
      skip();
      if (text[i] === '}') {
        i++;
        return out;
      }
      const key = value();
      if (typeof key !== 'string') fail('dict key is not a string');
      if (key === '__proto__') fail('dict key "__proto__"');
      skip();
      if (text[i++] !== ':') fail("expected ':'");
      out[key as string] = value();
      skip();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') fail("expected ',' or '}'");
    }
  };
  skip();
  if (text[i] !== '{') fail('expected a dict');
  const result = dict();
  skip();
  if (i !== text.length) fail('trailing characters');
  return result;
}
