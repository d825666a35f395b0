/**
 * S3's conditional requests (RFC 7232 as S3 applies it): on GetObject and HeadObject If-Match and
 * If-Unmodified-Since fail with 412 PreconditionFailed, If-None-Match and If-Modified-Since with
 * 304 Not Modified; If-Match that holds overrides a failing If-Unmodified-Since, and If-None-Match
 * that fails overrides a holding If-Modified-Since. PutObject's `If-None-Match: *` fails when the
 * key exists; CopyObject's x-amz-copy-source-if-* apply the same tests to the source, all as 412.
 */
import { ServiceError } from "../../errors";
import type { ObjectMeta } from "./records";

export interface Conditions {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: Date;
  IfUnmodifiedSince?: Date;
}

const preconditionFailed = (condition: string) =>
  new ServiceError(
    "PreconditionFailed",
    "At least one of the pre-conditions you specified did not hold",
    412,
    "Sender",
    {
      Condition: condition,
    },
  );

const notModified = () => new ServiceError("NotModified", "Not Modified", 304);

/** An entity-tag list (`"a", "b"`, `*`) names this ETag. */
function matches(list: string, etag: string): boolean {
  return list.split(",").some((tag) => {
    const t = tag.trim().replace(/^W\//, "");
    return t === "*" || t === etag || `"${t}"` === etag;
  });
}

/** HTTP dates have whole seconds: an object modified within the given second counts as not modified since. */
const seconds = (ms: number) => Math.floor(ms / 1000);

/** GetObject's and HeadObject's conditions on the object; `copy`: CopyObject's on its source (every failure 412). */
export function checkConditions(meta: ObjectMeta, c: Conditions, copy = false): void {
  const modified = seconds(meta.lastModified);
  const valid = (d: Date | undefined): d is Date => d !== undefined && !Number.isNaN(d.getTime());
  const prefix = copy ? "x-amz-copy-source-" : "";
  if (c.IfMatch !== undefined && !matches(c.IfMatch, meta.etag)) throw preconditionFailed(`${prefix}If-Match`);
  if (c.IfMatch === undefined && valid(c.IfUnmodifiedSince) && modified > seconds(c.IfUnmodifiedSince.getTime()))
    throw preconditionFailed(`${prefix}If-Unmodified-Since`);
  const fail = (condition: string) => (copy ? preconditionFailed(`${prefix}${condition}`) : notModified());
  if (c.IfNoneMatch !== undefined && matches(c.IfNoneMatch, meta.etag)) throw fail("If-None-Match");
  if (c.IfNoneMatch === undefined && valid(c.IfModifiedSince) && modified <= seconds(c.IfModifiedSince.getTime()))
    throw fail("If-Modified-Since");
}

/** PutObject's `If-None-Match: *`: only if the key does not exist (S3 supports no other value here). */
export function checkPutCondition(exists: boolean, ifNoneMatch: string | undefined): void {
  if (ifNoneMatch === undefined) return;
  if (ifNoneMatch.trim() !== "*")
    throw new ServiceError(
      "NotImplemented",
      "A header you provided implies functionality that is not implemented",
      501,
      "Receiver",
      {
        Header: "If-None-Match",
      },
    );
  if (exists) throw preconditionFailed("If-None-Match");
}
