/**
 * Reads a pickled XGBoost Booster (what SageMaker's pre-1.3 XGBoost containers and `pickle.dump`
 * of a Booster write) without executing it: a small pickle machine that knows only the opcodes
 * and the three globals such a pickle holds – `xgboost.core.Booster` (built from its state, never
 * called), `bytearray` and `_codecs.encode` (for the model bytes, protocols 2–5). Any other global
 * or opcode is refused with an error naming it, before anything of it runs. The result is the
 * Booster's `handle`: XGBoost's serialised model (a UBJSON or JSON snapshot `{Config, Model}` from
 * 1.6, or the binary model of older versions).
 */
import { failingIn } from "../errors";

const BOOSTER = "xgboost.core Booster";
const BYTEARRAY = new Set(["builtins bytearray", "__builtin__ bytearray"]);
const CODECS_ENCODE = "_codecs encode";

class Booster {
  state: unknown;
}
const MARK = Symbol("mark");
type Global = { global: string };

export function boosterHandleOf(bytes: Uint8Array, file: string): Uint8Array {
  const fail = failingIn(file);
  const refuse = (what: string): never => fail(`refused without executing it: ${what} (a Booster pickle holds none)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin1 = new TextDecoder("latin1");
  const utf8 = new TextDecoder("utf-8");
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let at = 0;

  const take = (n: number) => {
    if (!Number.isSafeInteger(n) || n < 0 || n > bytes.length - at) fail(`truncated pickle at byte ${at}`);
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  const u8 = () => take(1)[0]!;
  const u32 = () => view.getUint32(take(4).byteOffset - bytes.byteOffset, true);
  const u64 = () => Number(view.getBigUint64(take(8).byteOffset - bytes.byteOffset, true));
  const line = () => {
    const end = bytes.indexOf(0x0a, at);
    if (end === -1) fail(`truncated pickle at byte ${at}`);
    const text = latin1.decode(bytes.subarray(at, end));
    at = end + 1;
    return text;
  };
  const pop = () => {
    if (stack.length === 0) fail(`malformed pickle: empty stack at byte ${at}`);
    return stack.pop();
  };
  const popMark = () => {
    const i = stack.lastIndexOf(MARK);
    if (i === -1) fail(`malformed pickle: no mark at byte ${at}`);
    const items = stack.splice(i);
    return items.slice(1);
  };
  const global = (name: string): Global => {
    if (name !== BOOSTER && !BYTEARRAY.has(name) && name !== CODECS_ENCODE) refuse(`the global ${name}`);
    return { global: name };
  };
  const isGlobal = (v: unknown, ...names: string[]) =>
    typeof v === "object" && v !== null && "global" in v && names.includes((v as Global).global);
  const reduce = (callable: unknown, args: unknown): unknown => {
    if (!Array.isArray(args)) return fail("malformed pickle: REDUCE without an argument tuple");
    if (isGlobal(callable, CODECS_ENCODE) && typeof args[0] === "string" && args[1] === "latin1")
      return Uint8Array.from(args[0], (c) => c.charCodeAt(0));
    if (isGlobal(callable, ...BYTEARRAY) && args.length === 1 && args[0] instanceof Uint8Array) return args[0];
    if (isGlobal(callable, ...BYTEARRAY) && args.length === 0) return new Uint8Array(0);
    return refuse(`a call of ${isGlobal(callable, BOOSTER) ? BOOSTER : "an object"} with these arguments`);
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME
        u64();
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(global(`${module} ${line()}`));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        stack.push(global(`${String(module)} ${String(name)}`));
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), stack.at(-1));
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), stack.at(-1));
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, stack.at(-1));
        break;
      case 0x68: // BINGET
        stack.push(memo.get(u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memo.get(u32()));
        break;
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map<unknown, unknown>());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        (stack.at(-1) as Map<unknown, unknown>).set(key, value);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        const dict = stack.at(-1);
        if (!(dict instanceof Map)) return fail("malformed pickle: SETITEMS without a dict");
        for (let i = 0; i + 1 < items.length; i += 2) dict.set(items[i], items[i + 1]);
        break;
      }
      case 0x61: {
        // APPEND
        const item = pop();
        (stack.at(-1) as unknown[]).push(item);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        (stack.at(-1) as unknown[]).push(...items);
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(utf8.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8.decode(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(utf8.decode(take(u64())));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()));
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()));
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(view.getUint16(take(2).byteOffset - bytes.byteOffset, true));
        break;
      case 0x4a: // BININT
        stack.push(view.getInt32(take(4).byteOffset - bytes.byteOffset, true));
        break;
      case 0x47: // BINFLOAT
        stack.push(view.getFloat64(take(8).byteOffset - bytes.byteOffset, false));
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x81: {
        // NEWOBJ: only the Booster, with no arguments (object.__reduce_ex__), becomes an empty object.
        const args = pop();
        const cls = pop();
        if (!isGlobal(cls, BOOSTER) || !Array.isArray(args) || args.length > 0)
          refuse("an object other than an xgboost.core.Booster");
        stack.push(new Booster());
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        stack.push(reduce(pop(), args));
        break;
      }
      case 0x62: {
        // BUILD: the Booster's state is set as data (Booster.__setstate__ never runs).
        const state = pop();
        const target = stack.at(-1);
        if (!(target instanceof Booster)) return refuse("setting the state of anything but the Booster");
        target.state = state;
        break;
      }
      case 0x2e: {
        // STOP
        const result = pop();
        if (!(result instanceof Booster) || !(result.state instanceof Map))
          return fail("the pickle does not hold an xgboost.core.Booster");
        const handle: unknown = (result.state as Map<unknown, unknown>).get("handle");
        if (!(handle instanceof Uint8Array)) return fail("the pickled Booster holds no model (its handle is empty)");
        return handle;
      }
      default:
        return refuse(`the pickle opcode 0x${op.toString(16)} at byte ${at - 1}`);
    }
  }
}
