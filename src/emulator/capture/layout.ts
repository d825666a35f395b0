/**
 * Where capture files go (reference §6):
 *   {DestinationS3Uri}/{EndpointName}/{VariantName}/yyyy/mm/dd/HH/{MM}-{SS}-{mmm}-{uuid}.jsonl
 * with the date and time of the file's first record, in UTC.
 */
import { parseS3Uri } from "../s3-uri";

export interface Destination {
  bucket: string;
  /** Key prefix without a trailing slash; "" for a bucket's root. */
  prefix: string;
}

export function parseDestination(uri: string): Destination | undefined {
  const location = parseS3Uri(uri);
  return location && { bucket: location.bucket, prefix: location.key.replace(/\/+$/, "") };
}

export function captureKey(
  d: Destination,
  endpointName: string,
  variantName: string,
  timeMs: number,
  uuid: string,
): string {
  const t = new Date(timeMs).toISOString(); // yyyy-mm-ddTHH:MM:SS.mmmZ
  const [yyyy, mm, dd, HH, MM, SS, mmm] = [
    t.slice(0, 4),
    t.slice(5, 7),
    t.slice(8, 10),
    t.slice(11, 13),
    t.slice(14, 16),
    t.slice(17, 19),
    t.slice(20, 23),
  ];
  const file = `${MM}-${SS}-${mmm}-${uuid}.jsonl`;
  return [d.prefix, endpointName, variantName, yyyy, mm, dd, HH, file].filter((part) => part !== "").join("/");
}
