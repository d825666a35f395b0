/**
 * Minimal XML writer for the S3 (restXml) and query protocols, and fast-xml-parser for the few
 * XML request bodies (S3 DeleteObjects, CreateBucketConfiguration).
 * Lists are written "flat" (S3: repeated <Contents>) or "member"-wrapped (query protocol); a JS
 * Map is an API map, written as <entry><key/><value/></entry>.
 */
import { XMLParser } from "fast-xml-parser";
import { iso8601, type DateFormat } from "./values";

type ListStyle = "flat" | "member";

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function xmlElement(name: string, value: unknown, lists: ListStyle, dates: DateFormat = iso8601): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) {
    if (lists === "flat") return value.map((v) => xmlElement(name, v, lists, dates)).join("");
    return `<${name}>${value.map((v) => xmlElement("member", v, lists, dates)).join("")}</${name}>`;
  }
  return `<${name}>${xmlContent(value, lists, dates)}</${name}>`;
}

function xmlContent(value: unknown, lists: ListStyle, dates: DateFormat): string {
  if (value instanceof Date) return escapeXml(String(dates(value)));
  if (value instanceof Map) {
    return [...value]
      .map(([k, v]) => `<entry>${xmlElement("key", k, lists, dates)}${xmlElement("value", v, lists, dates)}</entry>`)
      .join("");
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value)
      .map(([k, v]) => xmlElement(k, v, lists, dates))
      .join("");
  }
  return escapeXml(String(value));
}

/** A whole document: declaration plus one root element with an optional namespace. */
export function xmlDocument(root: string, body: unknown, lists: ListStyle, xmlns?: string): string {
  const open = xmlns ? `<${root} xmlns="${xmlns}">` : `<${root}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}${xmlContent(body, lists, iso8601)}</${root}>`;
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, isArray: () => false });

/** Parses an XML body into plain objects (repeated elements become arrays); throws on malformed XML. */
export function parseXml(body: Buffer): Record<string, unknown> {
  return parser.parse(body.toString("utf8"), true) as Record<string, unknown>;
}
