/**
 * S3's XML request bodies read into the operations' inputs: CreateBucketConfiguration, Tagging,
 * Delete, CompleteMultipartUpload. A Tagging, Delete or CompleteMultipartUpload or Delete document that is not well-formed, or not of its schema's shape, is
 * read as `undefined`: the operation answers MalformedXML once it has checked the bucket and the
 * body's digests, in S3's order.
 */
import type { CompletedMultipartUpload, CompletedPart, Delete, Tagging } from "@aws-sdk/client-s3";
import type { Tag } from "./shapes";
import { s3Errors } from "./errors";
import { parseXml } from "../../protocols/xml";
import { withinTagLimit, type XML_LIMITS } from "./s3-xml-limits";

type Element = Record<string, unknown>;

/** CreateBucket's `<CreateBucketConfiguration><LocationConstraint>…`; an empty body names none. */
export function locationConstraint(body: Buffer): string | undefined {
  if (body.length === 0) return undefined;
  const parsed = readXml(body, "CreateBucket");
  if (!parsed) throw s3Errors.malformedXml();
  const location = child(parsed["CreateBucketConfiguration"], "LocationConstraint");
  return typeof location === "string" && location !== "" ? location : undefined;
}

/** PutBucketTagging's `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`. */
export function tagging(body: Buffer): Tagging | undefined {
  const set = child(readXml(body, "PutBucketTagging")?.["Tagging"], "TagSet");
  if (set === "") return { TagSet: [] }; // an empty <TagSet/>
  if (set === undefined || set === null || typeof set !== "object") return undefined;
  const tags: Tag[] = [];
  for (const t of elements(set as Element, "Tag")) {
    const Key = child(t, "Key");
    const Value = child(t, "Value") ?? "";
    if (typeof Key !== "string" || typeof Value !== "string") return undefined;
    tags.push({ Key, Value });
  }
  return { TagSet: tags };
}

/** DeleteObjects' `<Delete><Object><Key/></Object>…<Quiet/></Delete>`. */
export function deleteRequest(body: Buffer): Delete | undefined {
  const del = readXml(body, "DeleteObjects")?.["Delete"];
  if (!del || typeof del !== "object") return undefined;
  const keys = elements(del as Element, "Object").map((o) => child(o, "Key"));
  if (!keys.every((k): k is string => typeof k === "string")) return undefined;
  return { Objects: keys.map((Key) => ({ Key })), Quiet: (del as Element)["Quiet"] === "true" };
}

/** CompleteMultipartUpload's `<CompleteMultipartUpload><Part><PartNumber/><ETag/>[<ChecksumCRC32/>…]</Part>…`. */
export function completedUpload(body: Buffer): CompletedMultipartUpload | undefined {
  const root = readXml(body, "CompleteMultipartUpload")?.["CompleteMultipartUpload"];
  if (!root || typeof root !== "object") return undefined;
  const parts: CompletedPart[] = [];
  for (const p of elements(root as Element, "Part")) {
    const number = child(p, "PartNumber");
    if (typeof number !== "string" || !/^\d{1,5}$/.test(number.trim())) return undefined;
    const part: CompletedPart = { PartNumber: Number(number) };
    for (const member of ["ETag", "ChecksumCRC32", "ChecksumCRC32C", "ChecksumSHA1", "ChecksumSHA256"] as const) {
      const value = child(p, member);
      if (typeof value === "string") part[member] = value;
    }
    parts.push(part);
  }
  return { Parts: parts };
}

/** The parsed document; undefined when it is not well-formed or has more elements than `operation` allows. */
function readXml(body: Buffer, operation: keyof typeof XML_LIMITS): Element | undefined {
  if (!withinTagLimit(operation, body)) return undefined;
  try {
    return parseXml(body);
  } catch {
    return undefined;
  }
}

/** A child element's value; undefined when the parent is not an element (absent, or text). */
function child(parent: unknown, name: string): unknown {
  return parent !== null && typeof parent === "object" ? (parent as Element)[name] : undefined;
}

/** The repeated elements `name` of a parent (one element, or none, read as a list). */
function elements(parent: Element, name: string): unknown[] {
  const value = parent[name];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
