/**
 * Multipart upload as the AWS CLI and boto3 use it for any file above 8 MiB: `aws s3 cp` and
 * boto3's upload_file / download_file of a 100 MiB file round-trip byte for byte, the object's
 * ETag is the multipart `-N` form, and the emulator's memory grows by far less than the file
 * while the parts stream to disk.
 */
import { createHash } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestEmulator, type TestEmulator } from "../../../support/emulator";
import { describeWithTools } from "../../support/tools";
import { AWS_CLI, BOTO3, BOTO3_PRELUDE, aws, awsJson, python } from "./tools";

const MiB = 2 ** 20;
let t: TestEmulator;
let dir: string;
let file: string;
let fileMd5: string;

const md5Of = async (path: string) => {
  const hash = createHash("md5");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
};

/** The process's peak RSS above its RSS before `work`, sampled every 20 ms (the emulator runs in this process). */
async function rssGrowth(work: () => Promise<void>): Promise<number> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage.rss()) - before;
}

beforeAll(async () => {
  t = await startTestEmulator();
  dir = mkdtempSync(join(tmpdir(), "emulator-multipart-"));
  file = join(dir, "big.bin");
  const piece = Buffer.alloc(MiB);
  const pieces: Buffer[] = [];
  for (let i = 0; i < 100; i++) pieces.push(Buffer.from(piece.fill((i * 37) % 256)));
  writeFileSync(file, Buffer.concat(pieces));
  fileMd5 = await md5Of(file);
});
afterAll(async () => {
  await t.stop();
  rmSync(dir, { recursive: true, force: true });
});

// 100 MiB up and back through a Python client: minutes, not seconds, on a busy two-core machine.
describeWithTools([AWS_CLI], "multipart upload through the AWS CLI", () => {
  it("copies a 100 MiB file up and back (13 parts of 8 MiB), byte for byte", async () => {
    expect((await aws(t.emulator.url, ["s3", "mb", "s3://cli-multipart"])).code).toBe(0);
    let up = { code: -1, stdout: "", stderr: "" };
    const growth = await rssGrowth(async () => {
      up = await aws(t.emulator.url, ["s3", "cp", file, "s3://cli-multipart/big.bin"]);
    });
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const head = await awsJson<{ ETag: string; ContentLength: number }>(t.emulator.url, [
      "s3api",
      "head-object",
      "--bucket",
      "cli-multipart",
      "--key",
      "big.bin",
    ]);
    expect(head.ContentLength).toBe(100 * MiB);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-13"$/);
    const back = join(dir, "back-cli.bin");
    expect((await aws(t.emulator.url, ["s3", "cp", "s3://cli-multipart/big.bin", back])).code).toBe(0);
    expect(await md5Of(back)).toBe(fileMd5);
    const uploads = await awsJson<{ Uploads?: unknown[] }>(t.emulator.url, [
      "s3api",
      "list-multipart-uploads",
      "--bucket",
      "cli-multipart",
    ]);
    expect(uploads.Uploads ?? []).toEqual([]);
    console.log(`aws s3 cp of 100 MiB: RSS growth ${Math.round(growth / MiB)} MiB`);
    expect(growth).toBeLessThan(100 * MiB);
  }, 240_000);
});

describeWithTools([BOTO3], "multipart upload through boto3", () => {
  it("upload_file and download_file a 100 MiB file (concurrent parts), byte for byte", async () => {
    const back = join(dir, "back-boto3.bin");
    let out = "";
    const growth = await rssGrowth(async () => {
      out = await python(
        t.emulator.url,
        `${BOTO3_PRELUDE}
s3.create_bucket(Bucket="boto-multipart")
s3.upload_file(${JSON.stringify(file)}, "boto-multipart", "big.bin")
head = s3.head_object(Bucket="boto-multipart", Key="big.bin")
s3.download_file("boto-multipart", "big.bin", ${JSON.stringify(back)})
print(json.dumps({"etag": head["ETag"], "length": head["ContentLength"]}))
`,
      );
    });
    const result = JSON.parse(out) as { etag: string; length: number };
    expect(result.length).toBe(100 * MiB);
    expect(result.etag).toMatch(/^"[0-9a-f]{32}-13"$/);
    expect(await md5Of(back)).toBe(fileMd5);
    console.log(`boto3 upload_file + download_file of 100 MiB: RSS growth ${Math.round(growth / MiB)} MiB`);
    expect(growth).toBeLessThan(100 * MiB);
  }, 240_000);
});
