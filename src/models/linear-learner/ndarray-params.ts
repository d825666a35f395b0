/**
 * MXNet's NDArray-list file (`mx-mod-0000.params`), little-endian:
 *
 *   uint64 0x112 (list magic) · uint64 0 (reserved) · uint64 array count
 *   per array:  uint32 magic · [int32 storage type] · shape · [context · int32 dtype · data]
 *   uint64 name count · per name: uint64 byte length + UTF-8 bytes
 *
 * Array magics: 0xF993FAC9 (v2: storage type, then `uint32 ndim` + `int64 × ndim`),
 * 0xF993FAC8 (v1: no storage type), 0xF993FACA (v3, numpy shape semantics:
 * `int32 ndim`, -1 = none), and the pre-magic legacy layout whose first word is
 * the ndim followed by `uint32` dims. Context is `int32 dev_type, int32 dev_id`;
 * dtype 0 = float32 (the only one written). A "none" array (empty shape) has
 * nothing after its shape. Names are `arg:<param>` / `aux:<state>`.
 *
 * The writer emits v2, dense, cpu(0), float32 — what linear-learner saves.
 * The reader accepts all four layouts and the common dense dtypes, converting
 * to float32 (what MXNet inference computes in).
 */
import { ArtifactError } from "../errors";

export interface NamedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

const LIST_MAGIC = 0x112n;
const V1_MAGIC = 0xf993fac8;
const V2_MAGIC = 0xf993fac9;
const V3_MAGIC = 0xf993faca;
const DTYPE_FLOAT32 = 0;
const DTYPE_NAMES = [
  "float32",
  "float64",
  "float16",
  "uint8",
  "int32",
  "int8",
  "int64",
  "bool",
  "int16",
  "uint16",
  "uint32",
  "uint64",
  "bfloat16",
];

export function encodeParams(arrays: readonly NamedArray[]): Uint8Array {
  const names = arrays.map((a) => new TextEncoder().encode(a.name));
  let size = 24 + 8 + names.reduce((n, b) => n + 8 + b.length, 0);
  for (const a of arrays) size += 4 + 4 + 4 + 8 * a.shape.length + 4 + 4 + 4 + 4 * a.data.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let p = 0;
  const u32 = (v: number) => {
    view.setUint32(p, v, true);
    p += 4;
  };
  const i32 = (v: number) => {
    view.setInt32(p, v, true);
    p += 4;
  };
  const u64 = (v: bigint) => {
    view.setBigUint64(p, v, true);
    p += 8;
  };
  u64(LIST_MAGIC);
  u64(0n);
  u64(BigInt(arrays.length));
  for (const a of arrays) {
    const count = a.shape.reduce((n, d) => n * d, 1);
    if (count !== a.data.length)
      throw new Error(`array ${a.name}: shape (${a.shape.join(",")}) holds ${count} values, data has ${a.data.length}`);
    u32(V2_MAGIC);
    i32(0); // dense storage
    u32(a.shape.length);
    for (const d of a.shape) u64(BigInt(d));
    i32(1); // cpu
    i32(0); // device 0
    i32(DTYPE_FLOAT32);
    for (const v of a.data) {
      view.setFloat32(p, v, true);
      p += 4;
    }
  }
  u64(BigInt(names.length));
  for (const n of names) {
    u64(BigInt(n.length));
    out.set(n, p);
    p += n.length;
  }
  return out;
}

export function decodeParams(bytes: Uint8Array, file: string): NamedArray[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 0;
  let context = "the header";
  const fail = (why: string): never => {
    throw new ArtifactError(`${file}: ${why}`);
  };
  const need = (n: number, what: string) => {
    if (p + n > bytes.length)
      fail(`truncated at byte ${p} while reading ${what} of ${context} (file is ${bytes.length} bytes)`);
  };
  const u32 = (what: string) => (need(4, what), (p += 4), view.getUint32(p - 4, true));
  const i32 = (what: string) => (need(4, what), (p += 4), view.getInt32(p - 4, true));
  const u64 = (what: string) => {
    need(8, what);
    p += 8;
    const v = view.getBigUint64(p - 8, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`${what} of ${context} is implausibly large (${v})`);
    return Number(v);
  };
  const i64 = (what: string) => (need(8, what), (p += 8), Number(view.getBigInt64(p - 8, true)));

  need(8, "the list magic");
  const magic = view.getBigUint64(0, true);
  if (magic !== LIST_MAGIC) {
    fail(`not an MXNet NDArray list: magic 0x${magic.toString(16)}, expected 0x112`);
  }
  p = 8;
  u64("the reserved word");
  const count = u64("the array count");
  if (count * 16 > bytes.length) fail(`declares ${count} arrays, more than the file can hold`);

  const shapes: number[][] = [];
  const values: Float32Array[] = [];
  for (let k = 0; k < count; k++) {
    context = `array ${k + 1} of ${count}`;
    const arrayMagic = u32("the array magic");
    let shape: number[] | null;
    if (arrayMagic === V2_MAGIC || arrayMagic === V3_MAGIC) {
      const stype = i32("the storage type");
      if (stype !== 0) fail(`${context} uses sparse storage type ${stype}; only dense (0) is supported`);
      if (arrayMagic === V2_MAGIC) {
        shape = readDims(u32("ndim"), () => i64("a dimension"));
      } else {
        const ndim = i32("ndim");
        shape = ndim < 0 ? null : readDims(ndim, () => i64("a dimension"));
      }
    } else if (arrayMagic === V1_MAGIC) {
      shape = readDims(u32("ndim"), () => i64("a dimension"));
    } else if (arrayMagic <= 32) {
      // Legacy layout: the word just read was ndim, with uint32 dims.
      shape = readDims(arrayMagic, () => u32("a dimension"));
    } else {
      return fail(`${context} has unknown magic 0x${arrayMagic.toString(16)} (expected 0xf993fac9)`);
    }
    const isNone = shape === null || (shape.length === 0 && arrayMagic !== V3_MAGIC);
    if (isNone) {
      shapes.push([]);
      values.push(new Float32Array(0));
      continue;
    }
    const dims = shape!;
    if (dims.some((d) => !Number.isSafeInteger(d) || d < 0))
      fail(`${context} has an invalid shape (${dims.join(", ")})`);
    i32("the device type");
    i32("the device id");
    const dtype = i32("the dtype");
    const n = dims.reduce((a, d) => a * d, 1);
    values.push(readValues(dtype, n));
    shapes.push(dims);
  }

  context = "the name list";
  const nameCount = u64("the name count");
  if (nameCount !== count) fail(`has ${count} arrays but ${nameCount} names`);
  const names: string[] = [];
  for (let k = 0; k < nameCount; k++) {
    const length = u64(`the length of name ${k + 1}`);
    need(length, `name ${k + 1}`);
    names.push(new TextDecoder().decode(bytes.subarray(p, p + length)));
    p += length;
  }
  if (p !== bytes.length) fail(`${bytes.length - p} unexpected bytes after the name list`);
  return names.map((name, k) => ({ name, shape: shapes[k]!, data: values[k]! }));

  function readDims(ndim: number, dim: () => number): number[] {
    if (ndim > 32) fail(`${context} claims ${ndim} dimensions`);
    return Array.from({ length: ndim }, dim);
  }

  function readValues(dtype: number, n: number): Float32Array {
    const width = [4, 8, 2, 1, 4, 1, 8][dtype];
    if (width === undefined) {
      return fail(`${context} has dtype ${DTYPE_NAMES[dtype] ?? dtype}, which this reader does not support`);
    }
    need(width * n, `${n} ${DTYPE_NAMES[dtype]} values`);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++, p += width) {
      switch (dtype) {
        case 0:
          out[i] = view.getFloat32(p, true);
          break;
        case 1:
          out[i] = view.getFloat64(p, true);
          break;
        case 2:
          out[i] = halfToFloat(view.getUint16(p, true));
          break;
        case 3:
          out[i] = view.getUint8(p);
          break;
        case 4:
          out[i] = view.getInt32(p, true);
          break;
        case 5:
          out[i] = view.getInt8(p);
          break;
        default:
          out[i] = Number(view.getBigInt64(p, true));
      }
    }
    return out;
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
