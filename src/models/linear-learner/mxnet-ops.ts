/**
 * Forward (inference) semantics of the MXNet operators a linear-learner graph
 * — or a close variant of one — uses. Each operator compiles its string
 * attributes once, so a malformed attribute fails at load time, and returns
 * a kernel over float32 tensors. Operators not listed here are rejected by the
 * interpreter with the operator's name.
 */
import { broadcast, map, normalizeAxis, reduce, shapeText, sizeOf, type Tensor, tensor } from "./tensor";

export type Kernel = (inputs: Tensor[]) => Tensor;

export interface OpSpec {
  /** Accepted number of inputs, as [min, max]. */
  arity: [number, number];
  compile(attrs: Attrs): Kernel;
  /** An addition: an operand that only exists in training (the label branch) may be dropped. */
  additive?: boolean;
  /** Inputs the forward pass never reads (the label of the legacy *Output layers). */
  unusedInputs?: number[];
}

/** Typed access to MXNet's string attributes (`"1"`, `"True"`, `"(-1, 1)"`, `"None"`). */
export class Attrs {
  constructor(private readonly raw: Record<string, string>) {}

  number(name: string, fallback?: number): number {
    const text = this.raw[name];
    if (text === undefined) return fallback ?? this.missing(name);
    const value = Number(text);
    if (text.trim() === "" || Number.isNaN(value))
      throw new Error(`attribute ${name}=${JSON.stringify(text)} is not a number`);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const text = this.raw[name];
    if (text === undefined) return fallback;
    if (/^(true|1)$/i.test(text)) return true;
    if (/^(false|0)$/i.test(text)) return false;
    throw new Error(`attribute ${name}=${JSON.stringify(text)} is not a boolean`);
  }

  string(name: string, fallback: string): string {
    return this.raw[name] ?? fallback;
  }

  /** A tuple such as `(-1, 1)` or `[2]` or a bare integer; `None`/`()` → null. */
  tuple(name: string): number[] | null {
    const text = this.raw[name];
    if (text === undefined || /^\s*(None|\(\s*\)|\[\s*\])\s*$/.test(text)) return null;
    const body = text.trim().replace(/^[([]|[)\]]$/g, "");
    const parts = body
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const values = parts.map(Number);
    if (values.length === 0 || values.some((v) => !Number.isInteger(v))) {
      throw new Error(`attribute ${name}=${JSON.stringify(text)} is not a tuple of integers`);
    }
    return values;
  }

  private missing(name: string): never {
    throw new Error(`required attribute ${name} is missing`);
  }
}

const unary = (f: (x: number) => number): OpSpec => ({
  arity: [1, 1],
  compile:
    () =>
    ([x]) =>
      map(x!, f),
});

const scalar = (f: (x: number, s: number) => number): OpSpec => ({
  arity: [1, 1],
  compile: (attrs) => {
    const s = attrs.number("scalar");
    return ([x]) => map(x!, (v) => f(v, s));
  },
});

const binary = (f: (x: number, y: number) => number, sameShape: boolean, additive = false): OpSpec => ({
  arity: [2, 2],
  additive,
  compile:
    () =>
    ([a, b]) => {
      if (sameShape && (a!.shape.length !== b!.shape.length || a!.shape.some((d, i) => d !== b!.shape[i]))) {
        throw new Error(
          `element-wise operands have different shapes ${shapeText(a!.shape)} and ${shapeText(b!.shape)}`,
        );
      }
      return broadcast(a!, b!, f);
    },
});

const reduction = (
  init: number,
  step: (acc: number, x: number) => number,
  finish?: (acc: number, n: number) => number,
): OpSpec => ({
  arity: [1, 1],
  compile: (attrs) => {
    const axes = attrs.tuple("axis");
    const keepdims = attrs.bool("keepdims", false);
    const exclude = attrs.bool("exclude", false);
    return ([x]) => {
      let chosen = axes;
      if (exclude && axes) {
        const skip = new Set(axes.map((a) => normalizeAxis(a, x!.shape.length)));
        chosen = x!.shape.map((_, i) => i).filter((i) => !skip.has(i));
      }
      return reduce(x!, chosen, keepdims, init, step, finish);
    };
  },
});

const identity: OpSpec = {
  arity: [1, 1],
  compile:
    () =>
    ([x]) =>
      x!,
};
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const relu = (x: number) => (x > 0 ? x : 0);
const softrelu = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));

function softmax(x: Tensor, axis: number, log: boolean): Tensor {
  const a = normalizeAxis(axis, x.shape.length);
  const max = reduce(x, [a], true, -Infinity, Math.max);
  const shifted = broadcast(x, max, (v, m) => v - m);
  const sum = reduce(map(shifted, Math.exp), [a], true, 0, (acc, v) => acc + v);
  return broadcast(shifted, sum, log ? (v, s) => v - Math.log(s) : (v, s) => Math.exp(v) / s);
}

function matmul(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    throw new Error(`dot supports 2-D operands only, got ${shapeText(a.shape)} and ${shapeText(b.shape)}`);
  }
  const [ar, ac] = a.shape as [number, number];
  const [br, bc] = b.shape as [number, number];
  const [n, inner] = transposeA ? [ac, ar] : [ar, ac];
  const [innerB, m] = transposeB ? [bc, br] : [br, bc];
  if (inner !== innerB)
    throw new Error(`dot of ${shapeText(a.shape)} and ${shapeText(b.shape)}: inner dimensions differ`);
  const out = new Float32Array(n * m);
  const ad = a.data;
  const bd = b.data;
  const acc = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    acc.fill(0);
    for (let k = 0; k < inner; k++) {
      const x = transposeA ? ad[k * ac + i]! : ad[i * ac + k]!;
      if (x === 0) continue;
      if (transposeB) for (let j = 0; j < m; j++) acc[j]! += x * bd[j * bc + k]!;
      else for (let j = 0, row = k * bc; j < m; j++) acc[j]! += x * bd[row + j]!;
    }
    out.set(acc, i * m);
  }
  return { shape: [n, m], data: out };
}

function reshape(x: Tensor, spec: number[]): Tensor {
  const shape: number[] = [];
  let inferAt = -1;
  let src = 0;
  for (let i = 0; i < spec.length; i++) {
    const code = spec[i]!;
    if (code > 0) {
      shape.push(code);
      src++;
    } else if (code === 0) {
      shape.push(x.shape[src++]!);
    } else if (code === -1) {
      if (inferAt >= 0) throw new Error("Reshape has more than one -1");
      inferAt = shape.length;
      shape.push(1);
      src++;
    } else if (code === -2) {
      shape.push(...x.shape.slice(src));
      src = x.shape.length;
    } else if (code === -3) {
      shape.push(x.shape[src]! * x.shape[src + 1]!);
      src += 2;
    } else {
      throw new Error(`Reshape code ${code} is not supported`);
    }
  }
  const total = sizeOf(x.shape);
  if (inferAt >= 0) {
    const known = sizeOf(shape);
    if (known === 0 || total % known !== 0)
      throw new Error(`cannot reshape ${shapeText(x.shape)} to (${spec.join(", ")})`);
    shape[inferAt] = total / known;
  }
  if (sizeOf(shape) !== total) throw new Error(`cannot reshape ${shapeText(x.shape)} to (${spec.join(", ")})`);
  return { shape, data: x.data };
}

function pick(data: Tensor, index: Tensor, axis: number, keepdims: boolean, wrap: boolean): Tensor {
  const a = normalizeAxis(axis, data.shape.length);
  const outer = sizeOf(data.shape.slice(0, a));
  const span = data.shape[a]!;
  const inner = sizeOf(data.shape.slice(a + 1));
  if (index.data.length !== outer * inner) {
    throw new Error(`pick index of shape ${shapeText(index.shape)} does not match data ${shapeText(data.shape)}`);
  }
  const out = new Float32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let k = Math.trunc(index.data[o * inner + i]!);
      k = wrap ? ((k % span) + span) % span : Math.min(Math.max(k, 0), span - 1);
      out[o * inner + i] = data.data[(o * span + k) * inner + i]!;
    }
  }
  const shape = data.shape.map((d, i) => (i === a ? 1 : d)).filter((_, i) => keepdims || i !== a);
  return { shape, data: out };
}

function fullyConnected(attrs: Attrs): Kernel {
  const noBias = attrs.bool("no_bias", false);
  const flatten = attrs.bool("flatten", true);
  const hidden = attrs.number("num_hidden");
  return ([x, w, b]) => {
    if (!flatten && x!.shape.length !== 2) throw new Error("FullyConnected with flatten=False supports 2-D data only");
    const rows = x!.shape[0]!;
    const flat = tensor([rows, sizeOf(x!.shape) / Math.max(rows, 1)], x!.data);
    if (w!.shape[0] !== hidden)
      throw new Error(`weight ${shapeText(w!.shape)} does not have num_hidden=${hidden} rows`);
    const out = matmul(flat, w!, false, true);
    return noBias || !b ? out : broadcast(out, b, (v, c) => v + c);
  };
}

export const MXNET_OPS: Record<string, OpSpec> = {
  dot: {
    arity: [2, 2],
    compile: (attrs) => {
      const ta = attrs.bool("transpose_a", false);
      const tb = attrs.bool("transpose_b", false);
      return ([a, b]) => matmul(a!, b!, ta, tb);
    },
  },
  FullyConnected: { arity: [2, 3], compile: fullyConnected },

  broadcast_add: binary((x, y) => x + y, false, true),
  broadcast_plus: binary((x, y) => x + y, false, true),
  broadcast_sub: binary((x, y) => x - y, false),
  broadcast_minus: binary((x, y) => x - y, false),
  broadcast_mul: binary((x, y) => x * y, false),
  broadcast_div: binary((x, y) => x / y, false),
  broadcast_maximum: binary(Math.max, false),
  broadcast_minimum: binary(Math.min, false),
  elemwise_add: binary((x, y) => x + y, true, true),
  _plus: binary((x, y) => x + y, true, true),
  _Plus: binary((x, y) => x + y, true, true),
  elemwise_sub: binary((x, y) => x - y, true),
  _minus: binary((x, y) => x - y, true),
  _Minus: binary((x, y) => x - y, true),
  elemwise_mul: binary((x, y) => x * y, true),
  _mul: binary((x, y) => x * y, true),
  _Mul: binary((x, y) => x * y, true),
  elemwise_div: binary((x, y) => x / y, true),
  _div: binary((x, y) => x / y, true),
  _Div: binary((x, y) => x / y, true),

  _plus_scalar: scalar((x, s) => x + s),
  _PlusScalar: scalar((x, s) => x + s),
  _minus_scalar: scalar((x, s) => x - s),
  _MinusScalar: scalar((x, s) => x - s),
  _rminus_scalar: scalar((x, s) => s - x),
  _RMinusScalar: scalar((x, s) => s - x),
  _mul_scalar: scalar((x, s) => x * s),
  _MulScalar: scalar((x, s) => x * s),
  _div_scalar: scalar((x, s) => x / s),
  _DivScalar: scalar((x, s) => x / s),
  _rdiv_scalar: scalar((x, s) => s / x),
  _RDivScalar: scalar((x, s) => s / x),
  _maximum_scalar: scalar(Math.max),
  _minimum_scalar: scalar(Math.min),
  _power_scalar: scalar((x, s) => x ** s),

  exp: unary(Math.exp),
  log: unary(Math.log),
  log1p: unary(Math.log1p),
  sqrt: unary(Math.sqrt),
  square: unary((x) => x * x),
  abs: unary(Math.abs),
  negative: unary((x) => -x),
  sigmoid: unary(sigmoid),
  tanh: unary(Math.tanh),
  relu: unary(relu),
  Activation: {
    arity: [1, 1],
    compile: (attrs) => {
      const type = attrs.string("act_type", "");
      const f = { sigmoid, tanh: Math.tanh, relu, softrelu }[type];
      if (!f) throw new Error(`act_type ${JSON.stringify(type)} is not supported`);
      return ([x]) => map(x!, f);
    },
  },
  clip: {
    arity: [1, 1],
    compile: (attrs) => {
      const lo = attrs.number("a_min");
      const hi = attrs.number("a_max");
      return ([x]) => map(x!, (v) => (v < lo ? lo : v > hi ? hi : v));
    },
  },

  max: reduction(-Infinity, Math.max),
  min: reduction(Infinity, Math.min),
  sum: reduction(0, (acc, x) => acc + x),
  mean: reduction(
    0,
    (acc, x) => acc + x,
    (acc, n) => acc / n,
  ),

  Reshape: {
    arity: [1, 1],
    compile: (attrs) => {
      if (attrs.bool("reverse", false)) throw new Error("Reshape with reverse=True is not supported");
      const spec = attrs.tuple("shape") ?? attrs.tuple("target_shape");
      if (!spec) throw new Error("Reshape needs a shape attribute");
      return ([x]) => reshape(x!, spec);
    },
  },
  Flatten: {
    arity: [1, 1],
    compile:
      () =>
      ([x]) =>
        tensor([x!.shape[0]!, sizeOf(x!.shape.slice(1))], x!.data),
  },

  softmax: {
    arity: [1, 1],
    compile: (attrs) => {
      const axis = attrs.number("axis", -1);
      return ([x]) => softmax(x!, axis, false);
    },
  },
  log_softmax: {
    arity: [1, 1],
    compile: (attrs) => {
      const axis = attrs.number("axis", -1);
      return ([x]) => softmax(x!, axis, true);
    },
  },
  pick: {
    arity: [2, 2],
    compile: (attrs) => {
      const axis = attrs.number("axis", -1);
      const keepdims = attrs.bool("keepdims", false);
      const wrap = attrs.string("mode", "clip") === "wrap";
      return ([data, index]) => pick(data!, index!, axis, keepdims, wrap);
    },
  },

  BlockGrad: identity,
  stop_gradient: identity,
  make_loss: identity,
  MakeLoss: identity,
  identity,
  _copy: identity,

  // Legacy output layers: the forward pass ignores the label.
  SoftmaxOutput: {
    arity: [1, 2],
    unusedInputs: [1],
    compile:
      () =>
      ([x]) =>
        softmax(x!, x!.shape.length > 1 ? 1 : 0, false),
  },
  LinearRegressionOutput: {
    arity: [1, 2],
    unusedInputs: [1],
    compile:
      () =>
      ([x]) =>
        x!,
  },
  MAERegressionOutput: {
    arity: [1, 2],
    unusedInputs: [1],
    compile:
      () =>
      ([x]) =>
        x!,
  },
  LogisticRegressionOutput: {
    arity: [1, 2],
    unusedInputs: [1],
    compile:
      () =>
      ([x]) =>
        map(x!, sigmoid),
  },
};
