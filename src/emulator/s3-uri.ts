/**
 * `s3://bucket/key` and the https forms of an S3 URL. `parseS3Uri` also accepts a bucket or a
 * prefix (DataCaptureConfig's DestinationS3Uri); `parseS3Url` names an object, as SageMaker
 * accepts it for ModelDataUrl. A format other services write (SageMaker, data capture), not part
 * of the S3 API (which addresses objects by path), so it lives beside them, not in services/s3.
 */
export function parseS3Uri(url: string): { bucket: string; key: string } | undefined {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (s3) return { bucket: s3[1]!, key: s3[2]! };
  const https =
    /^https:\/\/([^/]+)\.s3[.-][^/]*amazonaws\.com\/?(.*)$/.exec(url) ??
    /^https:\/\/s3[.-][^/]*amazonaws\.com\/([^/]+)\/?(.*)$/.exec(url);
  if (!https) return undefined;
  const key = percentDecoded(https[2]!);
  return key === undefined ? undefined : { bucket: https[1]!, key };
}

/**
 * Percent-decoded text, or undefined if an escape is malformed (`%zz`): such a URL names no
 * object (SageMaker's member patterns let it through, so validation asks this too).
 */
export function percentDecoded(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

export function parseS3Url(url: string): { bucket: string; key: string } | undefined {
  const location = parseS3Uri(url);
  return location?.key ? location : undefined;
}
