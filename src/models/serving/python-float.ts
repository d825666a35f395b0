/**
 * Number formatting as the Python containers print it: floats always carry a
 * decimal point or exponent (`2.0`, not `2`), with Python's repr rules
 * (scientific below 1e-4 and from 1e16, two-digit exponents: `1e-05`).
 *
 * `pythonFloat` is `repr(float(x))` — what `json.dumps` writes for a float32
 * score converted with `.tolist()` (all the digits of the double).
 * `float32Repr` is `str(numpy.float32(x))` — the shortest digits that identify
 * the float32, as numpy writes CSV.
 */
export function pythonFloat(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e16) {
    const text = String(x);
    return text.includes(".") ? text : `${text}.0`;
  }
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  return fromExponential(x.toExponential());
}

export function float32Repr(x: number): string {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return pythonFloat(f);
  for (let digits = 1; digits < 9; digits++) {
    const shortest = Number(f.toPrecision(digits));
    if (Math.fround(shortest) === f) return pythonFloat(shortest);
  }
  return pythonFloat(Number(f.toPrecision(9)));
}

/** Re-spells JavaScript's `d.ddde±x` in Python's repr layout. */
function fromExponential(text: string): string {
  const [mantissa = "", exp = "0"] = text.split("e");
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace(/^-/, "").replace(".", "");
  const e = Number(exp);
  let body: string;
  if (e >= -4 && e < 16) {
    if (e < 0) body = `0.${"0".repeat(-e - 1)}${digits}`;
    else if (e >= digits.length - 1) body = `${digits}${"0".repeat(e - digits.length + 1)}.0`;
    else body = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return negative ? `-${body}` : body;
}
