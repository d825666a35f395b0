/**
 * Decodes Universal Binary JSON (ubjson.org, draft 12) as XGBoost writes it (`save_model("….ubj")`,
 * the default model format from XGBoost 2.0): big-endian numbers, keys as length-prefixed strings,
 * optimised containers (`$` type, `#` count) for the typed arrays of trees. Values become what
 * JSON.parse gives (objects, arrays, numbers, strings, booleans, null), so one reader serves both
 * formats. Counts are checked against the bytes left before anything is allocated, and nesting
 * is bounded, so a hostile file fails with an `ArtifactError` instead of exhausting memory.
 */
import { failingIn } from "../errors";

const MAX_DEPTH = 64;
const SIZES: Record<string, number> = { i: 1, U: 1, I: 2, l: 4, L: 8, d: 4, D: 8, C: 1 };

export function decodeUbjson(bytes: Uint8Array, file: string): unknown {
  const fail = failingIn(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let at = 0;

  const need = (n: number, what: string) => {
    if (n > bytes.length - at) fail(`not valid UBJSON: ${what} at byte ${at} runs past the end of the file`);
  };
  const marker = (): string => {
    need(1, "a marker");
    return String.fromCharCode(bytes[at++]!);
  };
  const number = (type: string): number => {
    const size = SIZES[type];
    if (size === undefined) return fail(`not valid UBJSON: unexpected marker '${type}' at byte ${at - 1}`);
    need(size, `a value of type '${type}'`);
    const offset = at;
    at += size;
    switch (type) {
      case "i":
        return view.getInt8(offset);
      case "U":
      case "C":
        return view.getUint8(offset);
      case "I":
        return view.getInt16(offset);
      case "l":
        return view.getInt32(offset);
      case "L":
        return Number(view.getBigInt64(offset));
      case "d":
        return view.getFloat32(offset);
      default:
        return view.getFloat64(offset);
    }
  };
  const count = (): number => {
    const n = number(marker());
    if (!Number.isSafeInteger(n) || n < 0) fail(`not valid UBJSON: length ${n} at byte ${at}`);
    return n;
  };
  const string = (): string => {
    const n = count();
    need(n, "a string");
    const text = utf8.decode(bytes.subarray(at, at + n));
    at += n;
    return text;
  };
  /** An optimised container's header: its element type and count, if given. */
  const header = () => {
    let type: string | undefined;
    let n: number | undefined;
    if (bytes[at] === 0x24 /* $ */) {
      at++;
      type = marker();
      if (bytes[at] !== 0x23 /* # */) fail(`not valid UBJSON: '$' without '#' at byte ${at}`);
    }
    if (bytes[at] === 0x23 /* # */) {
      at++;
      n = count();
      // Every element takes at least one byte (a fixed-size type at least its size), so a count past the bytes left is corrupt.
      need(type === undefined ? n : n * (SIZES[type] ?? 1), "a container");
    }
    return { type, n };
  };
  const value = (type: string, depth: number): unknown => {
    switch (type) {
      case "Z":
        return null;
      case "T":
        return true;
      case "F":
        return false;
      case "S":
        return string();
      case "H":
        return Number(string());
      case "[":
        return array(depth + 1);
      case "{":
        return object(depth + 1);
      default:
        return number(type);
    }
  };
  const array = (depth: number): unknown[] => {
    if (depth > MAX_DEPTH) fail(`not valid UBJSON: nested deeper than ${MAX_DEPTH}`);
    const { type, n } = header();
    const out: unknown[] = [];
    if (n !== undefined) {
      for (let i = 0; i < n; i++) out.push(value(type ?? marker(), depth));
      return out;
    }
    for (let m = marker(); m !== "]"; m = marker()) if (m !== "N") out.push(value(m, depth));
    return out;
  };
  const object = (depth: number): Record<string, unknown> => {
    if (depth > MAX_DEPTH) fail(`not valid UBJSON: nested deeper than ${MAX_DEPTH}`);
    const { type, n } = header();
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    if (n !== undefined) {
      for (let i = 0; i < n; i++) out[string()] = value(type ?? marker(), depth);
      return out;
    }
    while (bytes[at] !== 0x7d /* } */) {
      need(1, "a key");
      const key = string();
      out[key] = value(marker(), depth);
    }
    at++;
    return out;
  };

  const root = value(marker(), 0);
  if (at !== bytes.length) fail(`not valid UBJSON: ${bytes.length - at} bytes after the value`);
  return root;
}
