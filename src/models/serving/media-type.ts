/**
 * Content-Type / Accept handling shared by the containers: media types are
 * compared case-insensitively without parameters; an absent, empty or
 * wildcard Accept means the container's default.
 */
import { PayloadError } from "./model-server";

export interface MediaType {
  type: string;
  params: Record<string, string>;
}

export function parseMediaType(header: string): MediaType {
  const [type = "", ...rest] = header.split(";");
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf("=");
    if (eq > 0)
      params[part.slice(0, eq).trim().toLowerCase()] = part
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, "");
  }
  return { type: type.trim().toLowerCase(), params };
}

/** Picks the response type: the first listed type the container supports, else 406. */
export function chooseAccept(accept: string | undefined, supported: readonly string[], fallback: string): string {
  if (accept === undefined || accept.trim() === "") return fallback;
  for (const item of accept.split(",")) {
    const { type } = parseMediaType(item);
    if (type === "*/*" || (type === "application/*" && fallback.startsWith("application/"))) return fallback;
    if (supported.includes(type)) return type;
  }
  throw new PayloadError(406, `Accept type ${accept} is not supported; supported types: ${supported.join(", ")}.`);
}
