/**
 * S3's XML request bodies are capped before they are parsed (protocols/bindings/s3-xml-limits.ts):
 * - a DeleteObjects of 3,000,000 <Object> elements (83 MiB) is refused as EntityTooLarge from its
 *   head, while other clients go on being answered;
 * - one under the cap with more elements than 1,000 objects can hold is MalformedXML, unparsed;
 * - the largest document S3's limits allow (1,000 keys of 1,024 bytes, every byte escaped) is
 *   answered as usual.
 * Entity expansion, external entities and deep nesting stay refused (bad-input and fuzz cases).
 */
import { createHash } from "node:crypto";
import { CreateBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { costOf } from "./support/stall";
import { report } from "./support/summary";
import { Wire } from "./support/wire";

let t: TestEmulator;
let wire: Wire;
const figures: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestEmulator();
  wire = new Wire(t.emulator.url, 4);
  await t.s3().send(new CreateBucketCommand({ Bucket: "xml" }));
});

afterAll(async () => {
  wire?.close();
  await t?.stop();
  report({ order: 13, title: "S3 XML bodies", figures });
});

/** A signed DeleteObjects, prepared (hashed and signed) before it is timed. */
const deleteObjects = async (xml: Buffer) => {
  const r = await wire.prepare({
    service: "s3",
    method: "POST",
    path: "/xml",
    query: { delete: "" },
    headers: { "content-md5": createHash("md5").update(xml).digest("base64"), "content-type": "application/xml" },
    body: xml,
  });
  return () => wire.transmit(r.method, r.target, r.headers, r.body);
};

const document = (objects: string) =>
  Buffer.from(`<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${objects}</Delete>`);

describe("DeleteObjects bodies", () => {
  it("refuses 3,000,000 objects (83 MiB) from the head, with other clients still answered", async () => {
    const xml = document("<Object><Key>k</Key></Object>".repeat(3_000_000));
    const probe = t.s3();
    const cost = await costOf(() => probe.send(new HeadBucketCommand({ Bucket: "xml" })), await deleteObjects(xml));
    Object.assign(figures, {
      "DeleteObjects of 3,000,000 objects (MiB)": Math.round(xml.length / 2 ** 20),
      "  longest stall of a concurrent client (ms)": cost.longestStallMs,
      "  concurrent requests answered meanwhile": cost.probes,
      "  peak RSS growth (MiB)": cost.peakRssGrowthMiB,
    });
    expect([cost.result.code, cost.result.status]).toEqual(["EntityTooLarge", 400]);
  });

  it("refuses a body under the cap with more elements than 1,000 objects hold, without parsing it", async () => {
    const xml = document("<Object><Key>k</Key></Object>".repeat(200_000));
    expect(xml.length).toBeLessThan(7000 * 1024);
    const probe = t.s3();
    const cost = await costOf(() => probe.send(new HeadBucketCommand({ Bucket: "xml" })), await deleteObjects(xml));
    Object.assign(figures, {
      "DeleteObjects of 200,000 objects under the cap (MiB)": Math.round((xml.length / 2 ** 20) * 10) / 10,
      "  longest stall of a concurrent client (ms) ": cost.longestStallMs,
      "  peak RSS growth (MiB) ": cost.peakRssGrowthMiB,
    });
    expect([cost.result.code, cost.result.status]).toEqual(["MalformedXML", 400]);
  });

  it("answers the largest document S3's limits allow: 1,000 keys of 1,024 bytes, every byte escaped", async () => {
    const key = (i: number) => `${String(i).padStart(4, "0")}${'"'.repeat(1020)}`;
    const escaped = (k: string) => k.replace(/"/g, "&quot;");
    const xml = document(
      Array.from({ length: 1000 }, (_, i) => `<Object><Key>${escaped(key(i))}</Key></Object>`).join("") +
        "<Quiet>true</Quiet>",
    );
    const answer = await (await deleteObjects(xml))();
    figures["DeleteObjects of 1,000 keys × 1,024 escaped bytes (KiB)"] = Math.round(xml.length / 1024);
    expect(answer.status).toBe(200);
  });
});
