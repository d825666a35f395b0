/**
 * The bucket operations: ListBuckets, CreateBucket, HeadBucket, GetBucketLocation, DeleteBucket
 * and Put/Get/DeleteBucketTagging, over the store.
 */
import type {
  CreateBucketCommandInput,
  CreateBucketOutput,
  DeleteBucketCommandInput,
  DeleteBucketTaggingCommandInput,
  GetBucketLocationCommandInput,
  GetBucketLocationOutput,
  GetBucketTaggingCommandInput,
  GetBucketTaggingOutput,
  HeadBucketCommandInput,
  HeadBucketOutput,
  ListBucketsOutput,
} from "@aws-sdk/client-s3";
import type { RequestContext } from "../../protocols/types";
import { s3Errors, wellFormed } from "./errors";
import { digestsOfBuffer, verifyIntegrity } from "./integrity";
import type { Addressed, PutBucketTaggingInput } from "./shapes";
import type { S3Store } from "./store";

export const OWNER = {
  ID: "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a",
  DisplayName: "emulator",
};

export function listBuckets(store: S3Store): ListBucketsOutput {
  const buckets = store
    .listBuckets()
    .map((b) => ({ Name: b.name, CreationDate: new Date(b.created), BucketRegion: b.region }));
  return { Owner: OWNER, Buckets: buckets };
}

export async function createBucket(
  store: S3Store,
  input: Addressed<CreateBucketCommandInput>,
  ctx: RequestContext,
): Promise<CreateBucketOutput> {
  const { Bucket } = input;
  const region = bucketRegion(ctx.region, input.CreateBucketConfiguration?.LocationConstraint);
  const created = await store.createBucket(Bucket, region);
  // A us-east-1 bucket re-created through us-east-1 answers 200 (a documented legacy behaviour); otherwise 409.
  if (!created && !(ctx.region === "us-east-1" && store.bucket(Bucket).region === "us-east-1"))
    throw s3Errors.bucketAlreadyOwnedByYou(Bucket);
  return { Location: `/${Bucket}` };
}

/**
 * The region a bucket is created in (the CreateBucket reference): through us-east-1 (the global
 * endpoint) the LocationConstraint names it, us-east-1 by default and never by name; through
 * another region the constraint must name that region.
 */
function bucketRegion(signedFor: string, location: string | undefined): string {
  if (signedFor === "us-east-1") {
    if (location === "us-east-1") throw s3Errors.invalidLocationConstraint();
    return location ?? "us-east-1";
  }
  if (location !== signedFor) throw s3Errors.illegalLocationConstraint(location);
  return location;
}

export function headBucket(store: S3Store, { Bucket }: Addressed<HeadBucketCommandInput>): HeadBucketOutput {
  return { BucketRegion: store.bucket(Bucket).region };
}

/** us-east-1 has no location constraint: the reply's element is empty. */
export function getBucketLocation(
  store: S3Store,
  { Bucket }: Addressed<GetBucketLocationCommandInput>,
): GetBucketLocationOutput {
  const region = store.bucket(Bucket).region;
  // The SDK's enum lists the regions a bucket can be in.
  const LocationConstraint = region as GetBucketLocationOutput["LocationConstraint"];
  return { LocationConstraint: region === "us-east-1" ? undefined : LocationConstraint };
}

export async function deleteBucket(store: S3Store, { Bucket }: Addressed<DeleteBucketCommandInput>): Promise<void> {
  await store.deleteBucket(Bucket);
}

export async function putBucketTagging(store: S3Store, input: PutBucketTaggingInput): Promise<void> {
  store.bucket(input.Bucket);
  verifyIntegrity(input, digestsOfBuffer(input.Body));
  const tags = (wellFormed(input.Tagging).TagSet ?? []).map(({ Key = "", Value = "" }) => ({ Key, Value }));
  await store.setBucketTags(input.Bucket, tags);
}

export function getBucketTagging(
  store: S3Store,
  { Bucket }: Addressed<GetBucketTaggingCommandInput>,
): GetBucketTaggingOutput {
  const { tags } = store.bucket(Bucket);
  if (!tags) throw s3Errors.noSuchTagSet(Bucket);
  return { TagSet: tags };
}

export async function deleteBucketTagging(
  store: S3Store,
  { Bucket }: Addressed<DeleteBucketTaggingCommandInput>,
): Promise<void> {
  await store.setBucketTags(Bucket, undefined);
}
