/**
 * `s3://bucket/key` and the https forms of an S3 URL. `parseS3Uri` also accepts a bucket or a
 * prefix (DataCaptureConfig's DestinationS3Uri); `parseS3Url` names an object, as SageMaker
 * accepts it for ModelDataUrl.
 */
export function parseS3Uri(url: string): { bucket: string; key: string } | undefined {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (s3) return { bucket: s3[1]!, key: s3[2]! };
  const virtual = /^https:\/\/([^/]+)\.s3[.-][^/]*amazonaws\.com\/?(.*)$/.exec(url);
  if (virtual) return { bucket: virtual[1]!, key: decodeURIComponent(virtual[2]!) };
  const path = /^https:\/\/s3[.-][^/]*amazonaws\.com\/([^/]+)\/?(.*)$/.exec(url);
  if (path) return { bucket: path[1]!, key: decodeURIComponent(path[2]!) };
  return undefined;
}

export function parseS3Url(url: string): { bucket: string; key: string } | undefined {
  const location = parseS3Uri(url);
  return location?.key ? location : undefined;
}
