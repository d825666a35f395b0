/**
 * Dense float32 tensors (row-major) and the shape arithmetic the graph ops
 * share: numpy-style broadcasting and axis reductions. float32 storage
 * mirrors MXNet, which computes linear-learner inference in float32.
 */
export interface Tensor {
  shape: number[];
  data: Float32Array;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

export function tensor(shape: number[], data?: Float32Array): Tensor {
  return { shape, data: data ?? new Float32Array(sizeOf(shape)) };
}

export function shapeText(shape: readonly number[]): string {
  return `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
}

export function map(t: Tensor, f: (x: number) => number): Tensor {
  const out = new Float32Array(t.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(t.data[i]!);
  return { shape: t.shape, data: out };
}

/** Element-wise `f(a, b)` with numpy broadcasting (shapes aligned on the right). */
export function broadcast(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  const ndim = Math.max(a.shape.length, b.shape.length);
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) {
    const x = a.shape[d - ndim + a.shape.length] ?? 1;
    const y = b.shape[d - ndim + b.shape.length] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new Error(`shapes ${shapeText(a.shape)} and ${shapeText(b.shape)} cannot be broadcast together`);
    }
    shape.push(x === 1 ? y : x);
  }
  const out = new Float32Array(sizeOf(shape));
  const ad = a.data;
  const bd = b.data;
  if (ad.length === out.length && bd.length === out.length) {
    for (let i = 0; i < out.length; i++) out[i] = f(ad[i]!, bd[i]!);
    return { shape, data: out };
  }
  const sa = alignedStrides(a.shape, shape);
  const sb = alignedStrides(b.shape, shape);
  const index = new Array<number>(ndim).fill(0);
  let pa = 0;
  let pb = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = f(ad[pa]!, bd[pb]!);
    for (let d = ndim - 1; d >= 0; d--) {
      pa += sa[d]!;
      pb += sb[d]!;
      if (++index[d]! < shape[d]!) break;
      pa -= sa[d]! * shape[d]!;
      pb -= sb[d]! * shape[d]!;
      index[d] = 0;
    }
  }
  return { shape, data: out };
}

/** Strides of `shape` viewed as `target` (right-aligned), 0 where broadcast. */
function alignedStrides(shape: readonly number[], target: readonly number[]): number[] {
  const strides = new Array<number>(target.length).fill(0);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const t = d + target.length - shape.length;
    strides[t] = shape[d] === 1 ? 0 : stride;
    stride *= shape[d]!;
  }
  return strides;
}

/**
 * Reduces `axes` (all axes when null) with `step(acc, x)` from `init`, then
 * `finish(acc, count)`; keeps reduced axes as size 1 when `keepdims`.
 */
export function reduce(
  t: Tensor,
  axes: number[] | null,
  keepdims: boolean,
  init: number,
  step: (acc: number, x: number) => number,
  finish: (acc: number, count: number) => number = (acc) => acc,
): Tensor {
  const ndim = t.shape.length;
  const reduced = new Set((axes ?? t.shape.map((_, i) => i)).map((a) => normalizeAxis(a, ndim)));
  const kept = t.shape.map((d, i) => (reduced.has(i) ? 1 : d));
  const shape = keepdims ? kept : t.shape.filter((_, i) => !reduced.has(i));
  const count = t.shape.reduce((n, d, i) => (reduced.has(i) ? n * d : n), 1);
  const acc = new Float64Array(sizeOf(kept)).fill(init);
  const outStrides = alignedStrides(kept, t.shape);
  const index = new Array<number>(ndim).fill(0);
  let po = 0;
  for (let i = 0; i < t.data.length; i++) {
    acc[po] = step(acc[po]!, t.data[i]!);
    for (let d = ndim - 1; d >= 0; d--) {
      po += outStrides[d]!;
      if (++index[d]! < t.shape[d]!) break;
      po -= outStrides[d]! * t.shape[d]!;
      index[d] = 0;
    }
  }
  const out = new Float32Array(acc.length);
  for (let i = 0; i < acc.length; i++) out[i] = finish(acc[i]!, count);
  return { shape, data: out };
}

export function normalizeAxis(axis: number, ndim: number): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(a) || a < 0 || a >= Math.max(ndim, 1))
    throw new Error(`axis ${axis} is out of range for ${ndim} dimensions`);
  return a;
}
