/**
 * S3's XML request bodies read into the operations' inputs: CreateBucketConfiguration, Tagging,
 * Delete. A Tagging or Delete document that is not well-formed, or not of its schema's shape, is
 * read as `undefined`: the operation answers MalformedXML once it has checked the bucket and the
 * body's digests, in S3's order.
 */
import type { Tag } from "./shapes";
import { s3Errors } from "./errors";
import type { XmlBody } from "./shapes";
import { parseXml } from "../../protocols/xml";

type Element = Record<string, unknown>;

/** CreateBucket's `<CreateBucketConfiguration><LocationConstraint>…`; an empty body names none. */
export function locationConstraint(body: Buffer): string | undefined {
  if (body.length === 0) return undefined;
  const parsed = readXml(body);
  if (!parsed) throw s3Errors.malformedXml();
  const location = child(parsed["CreateBucketConfiguration"], "LocationConstraint");
  return typeof location === "string" && location !== "" ? location : undefined;
}

/** PutBucketTagging's `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`. */
export function tagging(body: Buffer): XmlBody<{ TagSet: Tag[] }> {
  const set = child(readXml(body)?.["Tagging"], "TagSet");
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
export function deleteRequest(body: Buffer): XmlBody<{ Objects: { Key: string }[]; Quiet: boolean }> {
  const del = readXml(body)?.["Delete"];
  if (!del || typeof del !== "object") return undefined;
  const keys = elements(del as Element, "Object").map((o) => child(o, "Key"));
  if (!keys.every((k): k is string => typeof k === "string")) return undefined;
  return { Objects: keys.map((Key) => ({ Key })), Quiet: (del as Element)["Quiet"] === "true" };
}

function readXml(body: Buffer): Element | undefined {
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
