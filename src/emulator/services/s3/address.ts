/**
 * Where the bucket is named: virtual-host style (`bucket.localhost`, `bucket.s3.localhost`,
 * `bucket.s3.us-east-1.localhost`, `bucket.s3.amazonaws.com`, …) or path style (`/bucket/key`).
 * Hosts that are an IP address, `localhost` or an S3 service host itself mean path style.
 */
import { decodePath } from "../../http";

export interface S3Address {
  bucket?: string;
  key?: string;
}

const SERVICE_HOST = /^(?:s3(?:[.-][a-z0-9-]+)*\.)?(?:localhost|amazonaws\.com)$/;
const VIRTUAL_HOST = /^(.+?)\.(?:s3(?:[.-][a-z0-9-]+)*\.)?(?:localhost|amazonaws\.com)$/;

export function s3Address(host: string, rawPath: string): S3Address {
  const hostname = host.replace(/:\d+$/, "").toLowerCase();
  const path = rawPath.replace(/^\//, "");
  const virtual = SERVICE_HOST.test(hostname) ? undefined : VIRTUAL_HOST.exec(hostname)?.[1];
  if (virtual) return { bucket: virtual, key: path === "" ? undefined : decodePath(path) };
  const slash = path.indexOf("/");
  if (path === "") return {};
  if (slash < 0) return { bucket: decodePath(path) };
  const key = path.slice(slash + 1);
  return { bucket: decodePath(path.slice(0, slash)), key: key === "" ? undefined : decodePath(key) };
}
