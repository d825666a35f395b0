/** S3's operation table (restXml, s3/http.ts): name → behaviour over the store. */
import type { Operations } from "../../protocols/types";
import { operationsOver } from "../operations";
import {
  createBucket,
  deleteBucket,
  deleteBucketTagging,
  getBucketLocation,
  getBucketTagging,
  headBucket,
  listBuckets,
  putBucketTagging,
} from "./buckets";
import { listObjects, listObjectsV2 } from "./listing";
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
  uploadPartCopy,
} from "./multipart";
import { copyObject, deleteObject, deleteObjects, getObject, headObject, putObject } from "./objects";
import type { S3Store } from "./store";

export function s3Operations(store: S3Store): Operations {
  const bind = operationsOver(store);
  return {
    ListBuckets: bind(listBuckets),
    CreateBucket: bind(createBucket),
    HeadBucket: bind(headBucket),
    GetBucketLocation: bind(getBucketLocation),
    DeleteBucket: bind(deleteBucket),
    PutBucketTagging: bind(putBucketTagging),
    GetBucketTagging: bind(getBucketTagging),
    DeleteBucketTagging: bind(deleteBucketTagging),
    PutObject: bind(putObject),
    GetObject: bind(getObject),
    HeadObject: bind(headObject),
    DeleteObject: bind(deleteObject),
    DeleteObjects: bind(deleteObjects),
    ListObjectsV2: bind(listObjectsV2),
    ListObjects: bind(listObjects),
    CopyObject: bind(copyObject),
    CreateMultipartUpload: bind(createMultipartUpload),
    UploadPart: bind(uploadPart),
    UploadPartCopy: bind(uploadPartCopy),
    CompleteMultipartUpload: bind(completeMultipartUpload),
    AbortMultipartUpload: bind(abortMultipartUpload),
    ListParts: bind(listParts),
    ListMultipartUploads: bind(listMultipartUploads),
  };
}
