/**
 * One owner per state directory: a second emulator started on a directory in
 * use – as a process (the CLI) or in the same process (the kernel's embedded one) – refuses with
 * "state dir … is in use by PID n" before touching anything, while the first goes on taking
 * uploads: every acknowledged object is still there, then and after a restart; a lock left by a
 * SIGKILLed owner is taken over.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { startEmulator } from "../../src/emulator/server";
import { startCli } from "./support/cli";
import { report } from "./support/summary";

const dirs: string[] = [];
const tally = { attempts: 0, refused: 0, acknowledged: 0, verified: 0, lost: 0, putsFailed: 0 };

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  report({
    order: 6,
    title: "State dir ownership",
    figures: {
      "second-process attempts on a state dir in use": tally.attempts,
      "  refused naming the owner's PID": tally.refused,
      "uploads acknowledged meanwhile": tally.acknowledged,
      "  PUTs failed meanwhile": tally.putsFailed,
      "objects verified (before and after restart)": tally.verified,
      "acknowledged objects lost to a second process": tally.lost,
    },
  });
});

/** Why a start failed; a start that succeeded is stopped again (so a failing test leaves no process). */
const refusal = (started: Promise<void>) =>
  started.then(
    () => "started",
    (e: unknown) => String(e),
  );

const body = (i: number) => Buffer.from(`object ${i} `.repeat(64 + (i % 50)));

async function countIntact(s3: S3Client, keys: number[]): Promise<number> {
  const intact = async (i: number) => {
    try {
      const out = await s3.send(new GetObjectCommand({ Bucket: "owned", Key: `k/${i}` }));
      return Buffer.from(await out.Body!.transformToByteArray()).equals(body(i));
    } catch {
      return false; // counted as lost
    }
  };
  let count = 0;
  for (let from = 0; from < keys.length; from += 16)
    count += (await Promise.all(keys.slice(from, from + 16).map(intact))).filter(Boolean).length;
  tally.verified += keys.length;
  return count;
}

describe("a state dir has one owner", () => {
  it("refuses a second emulator (process or in-process) while the first uploads, and nothing acknowledged is lost", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reliability-owner-"));
    dirs.push(dir);
    const first = await startCli(dir);
    await first.s3.send(new CreateBucketCommand({ Bucket: "owned" }));
    const acknowledged: number[] = [];
    let next = 0;
    let uploading = true;
    const uploader = async () => {
      while (uploading) {
        const i = next++;
        try {
          await first.s3.send(new PutObjectCommand({ Bucket: "owned", Key: `k/${i}`, Body: body(i) }));
          acknowledged.push(i);
        } catch {
          tally.putsFailed++;
        }
      }
    };
    const uploads = Promise.all(Array.from({ length: 8 }, uploader));
    const owner = `is in use by PID ${first.pid}`;
    tally.attempts++;
    expect(await refusal(startCli(dir).then((e) => e.stop()))).toContain(owner);
    tally.refused++;
    tally.attempts++;
    expect(await refusal(startEmulator({ stateDir: dir, port: 0 }).then((e) => e.stop()))).toContain(owner);
    tally.refused++;
    uploading = false;
    await uploads;
    tally.acknowledged += acknowledged.length;
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(tally.putsFailed).toBe(0);
    const before = await countIntact(first.s3, acknowledged);
    await first.kill();

    // The SIGKILLed owner's lock is stale: the next emulator takes it over.
    const again = await startCli(dir);
    try {
      const after = await countIntact(again.s3, acknowledged);
      tally.lost += acknowledged.length - Math.min(before, after);
      expect([before, after]).toEqual([acknowledged.length, acknowledged.length]);
    } finally {
      await again.stop();
    }
  });

  it("is free again once its in-process owner stops", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reliability-owner-"));
    dirs.push(dir);
    const first = await startEmulator({ stateDir: dir, port: 0 });
    tally.attempts++;
    expect(await refusal(startEmulator({ stateDir: dir, port: 0 }).then((e) => e.stop()))).toContain(
      `is in use by PID ${process.pid}`,
    );
    tally.refused++;
    await first.stop();
    const second = await startEmulator({ stateDir: dir, port: 0 });
    await second.stop();
  });
});
