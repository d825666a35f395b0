import { ArtifactError } from "../../../src/models/errors";
import { decodeParams, encodeParams } from "../../../src/models/linear-learner/ndarray-params";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const fromHex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ""), "hex"));

// One float32 array named arg:w, shape (2, 1), values [1, -2], laid out by hand.
const LIST_HEADER = "1201000000000000 0000000000000000 0100000000000000";
const ARRAY_V2 = "c9fa93f9 00000000 02000000 0200000000000000 0100000000000000 01000000 00000000 00000000";
const VALUES_F32 = "0000803f 000000c0";
const NAMES = "0100000000000000 0500000000000000 6172673a77";
const TINY = `${LIST_HEADER} ${ARRAY_V2} ${VALUES_F32} ${NAMES}`;

describe("encodeParams", () => {
  it("writes the MXNet NDArray-list layout byte for byte", () => {
    const encoded = encodeParams([{ name: "arg:w", shape: [2, 1], data: Float32Array.of(1, -2) }]);
    expect(hex(encoded)).toBe(hex(fromHex(TINY)));
  });

  it("refuses data that does not fill the shape", () => {
    expect(() => encodeParams([{ name: "w", shape: [2, 2], data: Float32Array.of(1) }])).toThrow(
      /holds 4 values, data has 1/,
    );
  });
});

describe("decodeParams", () => {
  it("reads the hand-made file", () => {
    expect(decodeParams(fromHex(TINY), "p.params")).toEqual([
      { name: "arg:w", shape: [2, 1], data: Float32Array.of(1, -2) },
    ]);
  });

  it("round-trips several arrays", () => {
    const arrays = [
      { name: "arg:fc0_weight", shape: [3, 2], data: Float32Array.of(0.5, -1, 2, 0, 1e-7, 3) },
      { name: "arg:fc0_bias", shape: [1, 2], data: Float32Array.of(0.25, -0.25) },
    ];
    expect(decodeParams(encodeParams(arrays), "p.params")).toEqual(arrays);
  });

  it("reads the v1 layout (no storage type) and float64 data", () => {
    const v1 = `${LIST_HEADER} c8fa93f9 02000000 0200000000000000 0100000000000000 01000000 00000000 01000000 000000000000f03f 00000000000000c0 ${NAMES}`;
    expect(decodeParams(fromHex(v1), "p.params")[0]!.data).toEqual(Float32Array.of(1, -2));
  });

  it("reads the legacy layout (ndim first, uint32 dims) and float16 data", () => {
    const legacy = `${LIST_HEADER} 02000000 02000000 01000000 01000000 00000000 02000000 003c 00c0 ${NAMES}`;
    expect(decodeParams(fromHex(legacy), "p.params")).toEqual([
      { name: "arg:w", shape: [2, 1], data: Float32Array.of(1, -2) },
    ]);
  });

  const expectError = (text: string, message: RegExp) => {
    const f = () => decodeParams(fromHex(text), "model.tar.gz → model_algo-1 → mx-mod-0000.params");
    expect(f).toThrow(ArtifactError);
    expect(f).toThrow(message);
  };

  it("names the file and the wrong list magic", () => {
    expectError(
      TINY.replace("1201", "1301"),
      /mx-mod-0000\.params: not an MXNet NDArray list: magic 0x113, expected 0x112/,
    );
  });

  it("names an unknown array magic", () => {
    expectError(TINY.replace("c9fa93f9", "00fa93f9"), /array 1 of 1 has unknown magic 0xf993fa00/);
  });

  it("reports truncation with the byte offset and what was being read", () => {
    const bytes = fromHex(TINY);
    const f = () => decodeParams(bytes.subarray(0, 70), "mx-mod-0000.params");
    expect(f).toThrow(/truncated at byte 64 while reading 2 float32 values of array 1 of 1 \(file is 70 bytes\)/);
    expect(() => decodeParams(bytes.subarray(0, 10), "p")).toThrow(
      /truncated at byte 8 while reading the reserved word/,
    );
  });

  it("refuses sparse storage and unsupported dtypes", () => {
    expectError(TINY.replace("c9fa93f9 00000000", "c9fa93f9 01000000"), /sparse storage type 1/);
    expectError(
      TINY.replace("01000000 00000000 00000000 0000803f", "01000000 00000000 0c000000 0000803f"),
      /dtype bfloat16, which this reader does not support/,
    );
  });

  it("refuses a name list that does not match the arrays, and trailing bytes", () => {
    expectError(TINY.replace(NAMES, "0000000000000000"), /has 1 arrays but 0 names/);
    expectError(`${TINY} 00`, /1 unexpected bytes after the name list/);
  });
});
