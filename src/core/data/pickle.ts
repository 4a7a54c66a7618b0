import { StudioError } from '../../shared/errors';

/**
 * A Python pickle reader limited to plain data: numbers, strings, bytes, None/True/False,
 * lists, tuples, dicts and sets, plus the few globals a PyTorch state dict names (each
 * mapped to a data constructor here). It never imports or runs anything a pickle names:
 * any other global is refused by its module and name before the pickle is read further.
 */

/** A tensor as a pickle describes it: the storage it views and the view's geometry. */
export interface PickledTensor {
  kind: 'tensor';
  storage: PickledStorage;
  offset: number;
  shape: number[];
  stride: number[];
}

export interface PickledStorage {
  kind: 'storage';
  /** torch storage class (FloatStorage, …) or dtype name */
  dtype: string;
  /** archive entry key (data/<key>) */
  key: string;
  numel: number;
}

export type PickleValue = null | boolean | number | bigint | string | Uint8Array | PickleValue[] | PickleTuple | Map<PickleValue, PickleValue> | PickledTensor | PickledStorage | PickleGlobal;

/** Tuples stay distinct from lists so positions in a reduce call read naturally. */
export class PickleTuple extends Array<PickleValue> {}

export interface PickleGlobal {
  kind: 'global';
  module: string;
  name: string;
}

/** The globals a state dict may name, and what each stands for. */
const ALLOWED = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  'torch.FloatStorage',
  'torch.HalfStorage',
  'torch.BFloat16Storage',
  'torch.DoubleStorage',
  'torch.LongStorage',
  'torch.IntStorage',
  'torch.ShortStorage',
  'torch.CharStorage',
  'torch.ByteStorage',
  'torch.BoolStorage',
  'torch.float32',
  'torch.float16',
  'torch.bfloat16',
  'torch.float64',
  'torch.int64',
  'torch.int32',
  'torch.bool',
  'torch.Size',
]);

const MAX_DEPTH_STACK = 1_000_000;

const isGlobal = (v: unknown, name: string): boolean => typeof v === 'object' && v !== null && (v as PickleGlobal).kind === 'global' && `${(v as PickleGlobal).module}.${(v as PickleGlobal).name}` === name;

function call(fn: PickleValue, args: PickleValue, where: string): PickleValue {
  const a = (Array.isArray(args) ? args : []) as PickleValue[];
  if (isGlobal(fn, 'collections.OrderedDict')) return new Map();
  if (isGlobal(fn, 'torch.Size')) return PickleTuple.from((a[0] as PickleValue[]) ?? []) as PickleTuple;
  if (isGlobal(fn, 'torch._utils._rebuild_parameter')) return a[0];
  if (isGlobal(fn, 'torch._utils._rebuild_tensor_v2')) {
    const [storage, offset, shape, stride] = a;
    if (typeof storage !== 'object' || storage === null || (storage as PickledStorage).kind !== 'storage') throw new StudioError('bad-file', 'a tensor without a storage', where);
    const ints = (v: PickleValue) => (Array.isArray(v) ? v.map(Number) : []);
    return { kind: 'tensor', storage: storage as PickledStorage, offset: Number(offset), shape: ints(shape), stride: ints(stride) };
  }
  const g = fn as PickleGlobal;
  throw new StudioError('unsupported', `the pickle calls ${g.module}.${g.name}, which is not plain data; it is refused, never run`, where);
}

/** Parses a pickle (protocols 0–5 in their binary opcodes); `persistentLoad` resolves PyTorch's storage references. */
export function readPickle(bytes: Uint8Array, where: string, persistentLoad: (pid: PickleValue) => PickleValue): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8', { fatal: true });
  let pos = 0;
  const stack: PickleValue[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PickleValue>();
  const need = (n: number) => {
    if (pos + n > bytes.length) throw new StudioError('bad-file', 'the pickle ends early', where);
  };
  const u8 = () => (need(1), bytes[pos++]);
  const u16 = () => (need(2), (pos += 2), view.getUint16(pos - 2, true));
  const u32 = () => (need(4), (pos += 4), view.getUint32(pos - 4, true));
  const i32 = () => (need(4), (pos += 4), view.getInt32(pos - 4, true));
  const u64 = () => {
    need(8);
    pos += 8;
    const v = view.getBigUint64(pos - 8, true);
    if (v > BigInt(bytes.length)) throw new StudioError('bad-file', 'a length beyond the pickle', where);
    return Number(v);
  };
  const take = (n: number) => (need(n), (pos += n), bytes.subarray(pos - n, pos));
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw new StudioError('bad-file', 'the pickle ends early', where);
    const s = new TextDecoder('latin1').decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): PickleValue => {
    if (stack.length === 0) throw new StudioError('bad-file', 'the pickle pops an empty stack', where);
    return stack.pop()!;
  };
  const popMark = (): PickleValue[] => {
    const m = marks.pop();
    if (m === undefined) throw new StudioError('bad-file', 'the pickle has no mark', where);
    return stack.splice(m);
  };
  const top = () => {
    if (stack.length === 0) throw new StudioError('bad-file', 'the pickle reads an empty stack', where);
    return stack[stack.length - 1];
  };
  const global = (module: string, name: string): PickleGlobal => {
    if (!ALLOWED.has(`${module}.${name}`)) throw new StudioError('unsupported', `the pickle names ${module}.${name}, which is not plain data or a tensor; it is refused, never run`, where);
    return { kind: 'global', module, name };
  };
  const setItems = (target: PickleValue, items: PickleValue[]) => {
    if (!(target instanceof Map)) throw new StudioError('bad-file', 'SETITEMS on something that is not a dict', where);
    for (let i = 0; i + 1 < items.length; i += 2) target.set(items[i], items[i + 1]);
  };
  const append = (target: PickleValue, items: PickleValue[]) => {
    if (!Array.isArray(target) || target instanceof PickleTuple) throw new StudioError('bad-file', 'APPEND on something that is not a list', where);
    target.push(...items);
  };
  for (;;) {
    if (stack.length > MAX_DEPTH_STACK) throw new StudioError('bad-file', 'the pickle stack is too deep', where);
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: take(8); break; // FRAME: the frames are contiguous here
      case 0x2e: return pop(); // STOP
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x4e: stack.push(null); break;
      case 0x88: stack.push(true); break;
      case 0x89: stack.push(false); break;
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x8a: { // LONG1
        const b = take(u8());
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        if (b.length && b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: need(8); stack.push(view.getFloat64(pos, false)); pos += 8; break; // BINFLOAT (big-endian)
      case 0x58: stack.push(decode(text, take(u32()), where)); break; // BINUNICODE
      case 0x8c: stack.push(decode(text, take(u8()), where)); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(decode(text, take(u64()), where)); break; // BINUNICODE8
      case 0x54: stack.push(new TextDecoder('latin1').decode(take(i32()))); break; // BINSTRING
      case 0x55: stack.push(new TextDecoder('latin1').decode(take(u8()))); break; // SHORT_BINSTRING
      case 0x42: stack.push(take(u32()).slice()); break; // BINBYTES
      case 0x43: stack.push(take(u8()).slice()); break; // SHORT_BINBYTES
      case 0x8e: stack.push(take(u64()).slice()); break; // BINBYTES8
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push(new PickleTuple()); break; // EMPTY_TUPLE
      case 0x8f: stack.push([]); break; // EMPTY_SET (read as a list)
      case 0x90: append(top(), popMark()); break; // ADDITEMS
      case 0x91: stack.push(popMark()); break; // FROZENSET
      case 0x74: stack.push(PickleTuple.from(popMark()) as PickleTuple); break; // TUPLE
      case 0x85: stack.push(PickleTuple.of(pop()) as PickleTuple); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push(PickleTuple.of(a, b) as PickleTuple); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push(PickleTuple.of(a, b, c) as PickleTuple); break; } // TUPLE3
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x64: { const items = popMark(); const d = new Map(); setItems(d, items); stack.push(d); break; } // DICT
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x61: { const v = pop(); append(top(), [v]); break; } // APPEND
      case 0x65: { const items = popMark(); append(top(), items); break; } // APPENDS
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: stack.push(fromMemo(memo, u8(), where)); break; // BINGET
      case 0x6a: stack.push(fromMemo(memo, u32(), where)); break; // LONG_BINGET
      case 0x63: { const module = line(); stack.push(global(module, line())); break; } // GLOBAL
      case 0x93: { const name = pop(); const module = pop(); stack.push(global(String(module), String(name))); break; } // STACK_GLOBAL
      case 0x52: { const args = pop(); const fn = pop(); stack.push(call(fn, args, where)); break; } // REDUCE
      case 0x81: { const args = pop(); const cls = pop(); stack.push(call(cls, args, where)); break; } // NEWOBJ
      case 0x62: { // BUILD: plain containers take no state; an OrderedDict's is its _metadata attribute
        pop();
        break;
      }
      case 0x51: stack.push(persistentLoad(pop())); break; // BINPERSID
      default:
        throw new StudioError('unsupported', `pickle opcode 0x${op.toString(16)} at byte ${pos - 1} is not read (only plain data and tensors are)`, where);
    }
  }
}

function decode(text: { decode(b: Uint8Array): string }, b: Uint8Array, where: string): string {
  try {
    return text.decode(b);
  } catch {
    throw new StudioError('bad-file', 'a string in the pickle is not UTF-8', where);
  }
}

function fromMemo(memo: Map<number, PickleValue>, key: number, where: string): PickleValue {
  if (!memo.has(key)) throw new StudioError('bad-file', `the pickle refers to memo ${key} before it is set`, where);
  return memo.get(key)!;
}
