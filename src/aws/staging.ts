/**
 * Task 0's staging sends, each written in the cell that sends it: the bucket and the
 * artifacts and test CSVs, created or uploaded only when missing or different.
 */
import { createHash } from "node:crypto";
import {
  CreateBucketCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type CreateBucketCommandInput,
  type PutObjectCommandInput,
} from "@aws-sdk/client-s3";
import { isMissing, NotebookError, withNextStep } from "./errors";
import type { Session } from "./session";
import { log } from "../view/live/log";
import { showRequest } from "../view/live/request";

/**
 * CreateBucket from a cell: skipped when the bucket exists. On AWS the bucket
 * is the user's own (GUARDRAILS_BUCKET), so a missing one is an error to fix
 * there, not something to create in someone's account.
 */
export function createBucket(session: Session, input: CreateBucketCommandInput): Promise<void> {
  showRequest("CreateBucket", input);
  return withNextStep(session, async () => {
    const { clients, config } = session;
    try {
      await clients.s3.send(new HeadBucketCommand({ Bucket: input.Bucket }));
      log(`♻️ Bucket ${input.Bucket ?? ""} exists: reused.`);
      return;
    } catch (e) {
      if (!isMissing(e)) throw e;
    }
    if (config.target === "aws")
      throw new NotebookError(
        `Bucket ${input.Bucket ?? ""} (GUARDRAILS_BUCKET) does not exist or is not yours: create it, or set GUARDRAILS_BUCKET to one of yours.`,
      );
    await clients.s3.send(new CreateBucketCommand(input));
    log(`✅ Created bucket ${input.Bucket ?? ""}.`);
  });
}

/** PutObject from a cell: skipped when S3 already holds the same bytes (same MD5 ETag). */
export function putObject(session: Session, input: PutObjectCommandInput): Promise<"uploaded" | "present"> {
  showRequest("PutObject", input);
  return withNextStep(session, async () => {
    const s3 = session.clients.s3;
    const uri = `s3://${input.Bucket ?? ""}/${input.Key ?? ""}`;
    const body = input.Body;
    // Only bytes in hand can be compared; any other body is uploaded.
    const etag =
      typeof body === "string" || body instanceof Uint8Array
        ? `"${createHash("md5").update(body).digest("hex")}"`
        : undefined;
    const present =
      etag !== undefined &&
      (await s3.send(new HeadObjectCommand({ Bucket: input.Bucket, Key: input.Key })).then(
        (h) => h.ETag === etag,
        (e: unknown) => {
          if (isMissing(e)) return false;
          throw e;
        },
      ));
    if (present) {
      log(`♻️ ${uri} holds the same bytes: not uploaded again.`);
      return "present";
    }
    await s3.send(new PutObjectCommand(input));
    log(`⬆️ Uploaded ${uri}.`);
    return "uploaded";
  });
}
