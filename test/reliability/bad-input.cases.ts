/**
 * The bad-input matrix: malformed or invalid requests to the four services, each with the error
 * code and HTTP status AWS answers it with. Requests an SDK can express go through the SDK
 * clients; the rest are built raw and signed as the SDKs sign (support/wire.ts).
 *
 * Fixtures every case may rely on (bad-input.test.ts sets them up):
 * - bucket `reliability-models` holding `005-model.tar.gz` (so it is not empty);
 * - model, endpoint configuration and endpoint `weather`: the 005 linear-learner artifact,
 *   InService on one ml.m5.large instance, variant `AllTraffic`;
 * - endpoint `broken`: Failed (its image is not an algorithm the emulator runs).
 */
import { createHash } from "node:crypto";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  AddTagsCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  ListTagsCommand,
  type EndpointStatus,
  type ProductionVariantInstanceType,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, type SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { LINEAR_LEARNER_IMAGE, MODEL_BUCKET, MODEL_DATA_URL, MODEL_KEY, ROLE, ROW } from "./support/fixtures";
import { cloudWatchJson, cloudWatchQuery, invoke, sageMaker, type RawRequest } from "./support/wire";

export interface Clients {
  s3: S3Client;
  sagemaker: SageMakerClient;
  runtime: SageMakerRuntimeClient;
}

export interface Expected {
  /** AWS's error code as it is on the wire (JSON __type / x-amzn-ErrorType, XML <Code>; the SDK's error name). */
  code: string;
  status: number;
  /** The exact message, or a pattern it must match. */
  message?: string | RegExp;
}

export interface BadInputCase {
  service: "S3" | "SageMaker" | "Runtime" | "CloudWatch";
  /** What is wrong with the request. */
  what: string;
  /** A raw request (signed unless it says otherwise), or an SDK call expected to fail. */
  send: RawRequest | ((c: Clients) => Promise<unknown>);
  expect: Expected;
}

const ACCOUNT = "000000000000";
const arn = (kind: string, name: string) => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:${kind}/${name.toLowerCase()}`;
const MODEL_NAME_PATTERN = "^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?$";
const RESOURCE_NAME_PATTERN = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$";
const oneError = (value: string, path: string, constraint: string) =>
  `1 validation error detected: Value ${value} at '${path}' failed to satisfy constraint: ${constraint}`;
const variant = (overrides: Record<string, unknown> = {}) => ({
  VariantName: "AllTraffic",
  ModelName: "weather",
  InitialInstanceCount: 1,
  InstanceType: "ml.m5.large",
  ...overrides,
});
const s3 = (method: string, path: string, extra: Partial<RawRequest> = {}): RawRequest => ({
  service: "s3",
  method,
  path,
  ...extra,
});
/** GetMetricStatistics over JSON: a valid ten-minute Sum query unless `overrides` break it. */
const statistics = (overrides: Record<string, unknown>) =>
  cloudWatchJson("GetMetricStatistics", {
    Namespace: "Reliability",
    MetricName: "m",
    StartTime: 1_700_000_000,
    EndTime: 1_700_000_600,
    Period: 60,
    Statistics: ["Sum"],
    ...overrides,
  });
/** PutMetricAlarm over JSON: a valid alarm unless `overrides` break it. */
const putAlarm = (overrides: Record<string, unknown>) =>
  cloudWatchJson("PutMetricAlarm", {
    AlarmName: "described",
    Namespace: "Reliability",
    MetricName: "m",
    Statistic: "Sum",
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: "GreaterThanThreshold",
    ...overrides,
  });
const deleteXml = (keys: string[]) =>
  `<Delete>${keys.map((k) => `<Object><Key>${k}</Key></Object>`).join("")}</Delete>`;
/** A DeleteObjects request with the Content-MD5 S3 requires on it (as the SDKs send). */
const deleteObjects = (
  body: string,
  headers: Record<string, string> = { "content-md5": createHash("md5").update(body).digest("base64") },
) => s3("POST", `/${MODEL_BUCKET}`, { query: { delete: "" }, body, headers });

const S3_CASES: BadInputCase[] = [
  {
    service: "S3",
    what: "bucket name with capitals and an underscore",
    send: (c) => c.s3.send(new CreateBucketCommand({ Bucket: "Bad_Bucket" })),
    expect: { code: "InvalidBucketName", status: 400, message: "The specified bucket is not valid." },
  },
  {
    service: "S3",
    what: "bucket name of two characters",
    send: s3("PUT", "/ab"),
    expect: { code: "InvalidBucketName", status: 400 },
  },
  {
    service: "S3",
    what: "bucket name formatted as an IP address",
    send: s3("PUT", "/192.168.5.4"),
    expect: { code: "InvalidBucketName", status: 400 },
  },
  {
    service: "S3",
    what: "bucket name with adjacent periods",
    send: s3("PUT", "/a..b"),
    expect: { code: "InvalidBucketName", status: 400 },
  },
  {
    service: "S3",
    what: "bucket name of 64 characters",
    send: s3("PUT", `/${"b".repeat(64)}`),
    expect: { code: "InvalidBucketName", status: 400 },
  },
  {
    service: "S3",
    what: "CreateBucketConfiguration that is not well-formed XML",
    send: s3("PUT", "/fresh-bucket-xml", { body: "<CreateBucketConfiguration><LocationConstraint>eu-west-1" }),
    expect: { code: "MalformedXML", status: 400 },
  },
  {
    service: "S3",
    what: "LocationConstraint naming us-east-1 (which takes none)",
    send: s3("PUT", "/fresh-bucket-region", {
      body: "<CreateBucketConfiguration><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>",
    }),
    expect: {
      code: "InvalidLocationConstraint",
      status: 400,
      message: "The specified location-constraint is not valid",
    },
  },
  {
    service: "S3",
    what: "HeadBucket of a bucket that does not exist",
    send: (c) => c.s3.send(new HeadBucketCommand({ Bucket: "no-such-bucket" })),
    expect: { code: "NotFound", status: 404 },
  },
  {
    service: "S3",
    what: "GetObject from a bucket that does not exist",
    send: (c) => c.s3.send(new GetObjectCommand({ Bucket: "no-such-bucket", Key: "k" })),
    expect: { code: "NoSuchBucket", status: 404, message: "The specified bucket does not exist" },
  },
  {
    service: "S3",
    what: "GetObject of a key that does not exist",
    send: (c) => c.s3.send(new GetObjectCommand({ Bucket: MODEL_BUCKET, Key: "no/such/key" })),
    expect: { code: "NoSuchKey", status: 404, message: "The specified key does not exist." },
  },
  {
    service: "S3",
    what: "HeadObject of a key that does not exist",
    send: (c) => c.s3.send(new HeadObjectCommand({ Bucket: MODEL_BUCKET, Key: "absent" })),
    expect: { code: "NotFound", status: 404 },
  },
  {
    service: "S3",
    what: "PutObject into a bucket that does not exist",
    send: (c) => c.s3.send(new PutObjectCommand({ Bucket: "no-such-bucket", Key: "k", Body: "x" })),
    expect: { code: "NoSuchBucket", status: 404 },
  },
  {
    service: "S3",
    what: "DeleteBucket of a bucket that does not exist",
    send: (c) => c.s3.send(new DeleteBucketCommand({ Bucket: "no-such-bucket" })),
    expect: { code: "NoSuchBucket", status: 404 },
  },
  {
    service: "S3",
    what: "DeleteBucket of a bucket that still holds objects",
    send: (c) => c.s3.send(new DeleteBucketCommand({ Bucket: MODEL_BUCKET })),
    expect: { code: "BucketNotEmpty", status: 409, message: "The bucket you tried to delete is not empty" },
  },
  {
    service: "S3",
    what: "object key longer than 1024 bytes",
    send: (c) => c.s3.send(new PutObjectCommand({ Bucket: MODEL_BUCKET, Key: "k".repeat(1025), Body: "x" })),
    expect: { code: "KeyTooLongError", status: 400, message: "Your key is too long" },
  },
  {
    service: "S3",
    what: "Content-MD5 of other bytes",
    send: s3("PUT", `/${MODEL_BUCKET}/md5`, {
      body: "payload",
      headers: { "content-md5": "1B2M2Y8AsgTpgAmY7PhCfg==" },
    }),
    expect: {
      code: "BadDigest",
      status: 400,
      message: "The Content-MD5 you specified did not match what we received.",
    },
  },
  {
    service: "S3",
    what: "Content-MD5 that is not base64 of 16 bytes",
    send: s3("PUT", `/${MODEL_BUCKET}/md5`, { body: "payload", headers: { "content-md5": "not-an-md5" } }),
    expect: { code: "InvalidDigest", status: 400, message: "The Content-MD5 you specified was invalid." },
  },
  {
    service: "S3",
    what: "x-amz-checksum-crc32 of other bytes",
    send: s3("PUT", `/${MODEL_BUCKET}/crc`, { body: "payload", headers: { "x-amz-checksum-crc32": "AAAAAA==" } }),
    expect: {
      code: "BadDigest",
      status: 400,
      message: "The CRC32 you specified did not match the calculated checksum.",
    },
  },
  {
    service: "S3",
    what: "body that does not match its signed x-amz-content-sha256",
    send: s3("PUT", `/${MODEL_BUCKET}/sha`, { body: "payload", headers: { "x-amz-content-sha256": "0".repeat(64) } }),
    expect: { code: "XAmzContentSHA256Mismatch", status: 400 },
  },
  {
    service: "S3",
    what: "Range starting beyond the object's end",
    send: s3("GET", `/${MODEL_BUCKET}/${MODEL_KEY}`, { headers: { range: "bytes=999999-" } }),
    expect: { code: "InvalidRange", status: 416, message: "The requested range is not satisfiable" },
  },
  {
    service: "S3",
    what: "ListObjectsV2 max-keys that is not a number",
    send: s3("GET", `/${MODEL_BUCKET}`, { query: { "list-type": "2", "max-keys": "many" } }),
    expect: {
      code: "InvalidArgument",
      status: 400,
      message: "Provided max-keys not an integer or within integer range",
    },
  },
  {
    service: "S3",
    what: "ListObjectsV2 negative max-keys",
    send: s3("GET", `/${MODEL_BUCKET}`, { query: { "list-type": "2", "max-keys": "-1" } }),
    expect: { code: "InvalidArgument", status: 400 },
  },
  {
    service: "S3",
    what: "ListObjectsV2 continuation token the server never issued",
    send: s3("GET", `/${MODEL_BUCKET}`, { query: { "list-type": "2", "continuation-token": "bm90IGEgdG9rZW4=" } }),
    expect: { code: "InvalidArgument", status: 400, message: "The continuation token provided is incorrect" },
  },
  {
    service: "S3",
    what: "DeleteObjects body that is not XML",
    send: deleteObjects('{"Objects": []}'),
    expect: { code: "MalformedXML", status: 400 },
  },
  {
    service: "S3",
    what: "DeleteObjects of 1001 keys",
    send: deleteObjects(deleteXml(Array.from({ length: 1001 }, (_, i) => `k${i}`))),
    expect: { code: "MalformedXML", status: 400 },
  },
  {
    service: "S3",
    what: "DeleteObjects with no keys",
    send: deleteObjects("<Delete></Delete>"),
    expect: { code: "MalformedXML", status: 400 },
  },
  {
    service: "S3",
    what: "DeleteObjects without Content-MD5 or a checksum",
    send: deleteObjects(deleteXml(["k"]), {}),
    expect: { code: "InvalidRequest", status: 400, message: "Missing required header for this request: Content-MD5" },
  },
  {
    service: "S3",
    what: "CopyObject from a key that does not exist",
    send: (c) =>
      c.s3.send(new CopyObjectCommand({ Bucket: MODEL_BUCKET, Key: "copy", CopySource: `${MODEL_BUCKET}/absent` })),
    expect: { code: "NoSuchKey", status: 404 },
  },
  {
    service: "S3",
    what: "CopyObject onto itself without changing metadata",
    send: (c) =>
      c.s3.send(
        new CopyObjectCommand({ Bucket: MODEL_BUCKET, Key: MODEL_KEY, CopySource: `${MODEL_BUCKET}/${MODEL_KEY}` }),
      ),
    expect: {
      code: "InvalidRequest",
      status: 400,
      message: /^This copy request is illegal because it is trying to copy an object to itself/,
    },
  },
  {
    service: "S3",
    what: "x-amz-copy-source naming a bucket but no key",
    send: s3("PUT", `/${MODEL_BUCKET}/copy`, { headers: { "x-amz-copy-source": `/${MODEL_BUCKET}` } }),
    expect: { code: "InvalidArgument", status: 400, message: "Invalid copy source object key" },
  },
  {
    service: "S3",
    what: "x-amz-copy-source that is not valid percent-encoding",
    send: s3("PUT", `/${MODEL_BUCKET}/copy`, { headers: { "x-amz-copy-source": `/${MODEL_BUCKET}/%E0%A4%A` } }),
    expect: { code: "InvalidArgument", status: 400 },
  },
  {
    service: "S3",
    what: "method S3 has no operation for (PATCH on an object)",
    send: s3("PATCH", `/${MODEL_BUCKET}/${MODEL_KEY}`),
    expect: {
      code: "MethodNotAllowed",
      status: 405,
      message: "The specified method is not allowed against this resource.",
    },
  },
  {
    service: "S3",
    what: "POST on an object without a sub-resource",
    send: s3("POST", `/${MODEL_BUCKET}/${MODEL_KEY}`),
    expect: { code: "MethodNotAllowed", status: 405 },
  },
  {
    service: "S3",
    what: "Authorization header without SignedHeaders and Signature",
    send: s3("GET", "/", {
      signing: { kind: "none" },
      unsignedHeaders: {
        authorization: "AWS4-HMAC-SHA256 Credential=AKIAEMULATORLOCAL000/20260101/us-east-1/s3/aws4_request",
        "x-amz-date": "20260101T000000Z",
      },
    }),
    expect: { code: "AuthorizationHeaderMalformed", status: 400 },
  },
  {
    service: "S3",
    what: "X-Amz-Date that is not a date",
    send: s3("GET", "/", { unsignedHeaders: { "x-amz-date": "yesterday" } }),
    expect: {
      code: "AccessDenied",
      status: 403,
      message: "AWS authentication requires a valid Date or x-amz-date header",
    },
  },
];

const SAGEMAKER_CASES: BadInputCase[] = [
  {
    service: "SageMaker",
    what: "model name with characters outside its pattern",
    send: (c) =>
      c.sagemaker.send(
        new CreateModelCommand({
          ModelName: "bad_name!",
          ExecutionRoleArn: ROLE,
          PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE },
        }),
      ),
    expect: {
      code: "ValidationException",
      status: 400,
      message: oneError(
        "'bad_name!'",
        "modelName",
        `Member must satisfy regular expression pattern: ${MODEL_NAME_PATTERN}`,
      ),
    },
  },
  {
    service: "SageMaker",
    what: "model name of 64 characters",
    send: (c) =>
      c.sagemaker.send(
        new CreateModelCommand({
          ModelName: "m".repeat(64),
          ExecutionRoleArn: ROLE,
          PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE },
        }),
      ),
    expect: {
      code: "ValidationException",
      status: 400,
      message: oneError(`'${"m".repeat(64)}'`, "modelName", "Member must have length less than or equal to 63"),
    },
  },
  {
    service: "SageMaker",
    what: "CreateModel without ModelName",
    send: sageMaker("CreateModel", { ExecutionRoleArn: ROLE, PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE } }),
    expect: {
      code: "ValidationException",
      status: 400,
      message: oneError("null", "modelName", "Member must not be null"),
    },
  },
  {
    service: "SageMaker",
    what: "ModelName of the wrong JSON type (number)",
    send: sageMaker("CreateModel", { ModelName: 42, ExecutionRoleArn: ROLE }),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "PrimaryContainer of the wrong JSON type (string)",
    send: sageMaker("CreateModel", { ModelName: "typed", PrimaryContainer: LINEAR_LEARNER_IMAGE }),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "Tags list holding null",
    send: sageMaker("CreateModel", {
      ModelName: "typed",
      PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE },
      Tags: [null],
    }),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "CreateModel with neither PrimaryContainer nor Containers",
    send: (c) => c.sagemaker.send(new CreateModelCommand({ ModelName: "empty", ExecutionRoleArn: ROLE })),
    expect: { code: "ValidationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "ModelDataUrl that is not an s3:// or https:// URL",
    send: (c) =>
      c.sagemaker.send(
        new CreateModelCommand({
          ModelName: "ftp",
          ExecutionRoleArn: ROLE,
          PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: "ftp://host/model.tar.gz" },
        }),
      ),
    expect: {
      code: "ValidationException",
      status: 400,
      message:
        /at 'primaryContainer.modelDataUrl' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    },
  },
  {
    service: "SageMaker",
    what: "ModelDataUrl naming an object that does not exist",
    send: (c) =>
      c.sagemaker.send(
        new CreateModelCommand({
          ModelName: "nodata",
          ExecutionRoleArn: ROLE,
          PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: `s3://${MODEL_BUCKET}/absent.tar.gz` },
        }),
      ),
    expect: {
      code: "ValidationException",
      status: 400,
      message: `Could not find model data at s3://${MODEL_BUCKET}/absent.tar.gz.`,
    },
  },
  {
    service: "SageMaker",
    what: "ExecutionRoleArn that is not an IAM role ARN",
    send: (c) =>
      c.sagemaker.send(
        new CreateModelCommand({
          ModelName: "role",
          ExecutionRoleArn: "arn:aws:s3:::bucket/role-shaped",
          PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE },
        }),
      ),
    expect: { code: "ValidationException", status: 400, message: /at 'executionRoleArn' failed to satisfy constraint/ },
  },
  {
    service: "SageMaker",
    what: "CreateModel of a name that exists",
    send: (c) =>
      c.sagemaker.send(
        new CreateModelCommand({
          ModelName: "weather",
          ExecutionRoleArn: ROLE,
          PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: MODEL_DATA_URL },
        }),
      ),
    expect: {
      code: "ValidationException",
      status: 400,
      message: `Cannot create already existing model "${arn("model", "weather")}".`,
    },
  },
  {
    service: "SageMaker",
    what: "51 tags",
    send: (c) =>
      c.sagemaker.send(
        new CreateModelCommand({
          ModelName: "tagged",
          ExecutionRoleArn: ROLE,
          PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE },
          Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })),
        }),
      ),
    expect: {
      code: "ValidationException",
      status: 400,
      message: /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50/,
    },
  },
  {
    service: "SageMaker",
    what: "DescribeModel of a model that does not exist",
    send: (c) => c.sagemaker.send(new DescribeModelCommand({ ModelName: "absent" })),
    expect: { code: "ValidationException", status: 400, message: `Could not find model "${arn("model", "absent")}".` },
  },
  // Numbers a member's model type cannot hold never reach its range checks (services/numbers.ts).
  {
    service: "SageMaker",
    what: "InitialVariantWeight 1e309 (Infinity once parsed)",
    send: sageMaker(
      "CreateEndpointConfig",
      `{"EndpointConfigName":"infinite","ProductionVariants":[{"VariantName":"AllTraffic","ModelName":"weather",` +
        `"InstanceType":"ml.m5.large","InitialInstanceCount":1,"InitialVariantWeight":1e309}]}`,
    ),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "InitialInstanceCount 2^31 (past a 32-bit Integer)",
    send: sageMaker("CreateEndpointConfig", {
      EndpointConfigName: "wide",
      ProductionVariants: [{ ...variant(), InitialInstanceCount: 2 ** 31 }],
    }),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "DesiredWeight 1e309 in UpdateEndpointWeightsAndCapacities",
    send: sageMaker(
      "UpdateEndpointWeightsAndCapacities",
      `{"EndpointName":"weather","DesiredWeightsAndCapacities":[{"VariantName":"AllTraffic","DesiredWeight":1e309}]}`,
    ),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "DesiredInstanceCount 2^32 in UpdateEndpointWeightsAndCapacities",
    send: sageMaker("UpdateEndpointWeightsAndCapacities", {
      EndpointName: "weather",
      DesiredWeightsAndCapacities: [{ VariantName: "AllTraffic", DesiredInstanceCount: 2 ** 32 }],
    }),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "PutMetricAlarm EvaluationPeriods 2^31 (query)",
    send: cloudWatchQuery("PutMetricAlarm", {
      AlarmName: "wide",
      Namespace: "N",
      MetricName: "M",
      Statistic: "Sum",
      Period: "60",
      EvaluationPeriods: "2147483648",
      Threshold: "1",
      ComparisonOperator: "GreaterThanThreshold",
    }),
    expect: {
      code: "InvalidParameterValue",
      status: 400,
      message: "The value 2147483648 for parameter EvaluationPeriods is invalid.",
    },
  },
  {
    service: "CloudWatch",
    what: "GetMetricStatistics Period 60 × 2^31 (JSON)",
    send: cloudWatchJson("GetMetricStatistics", {
      Namespace: "N",
      MetricName: "M",
      StartTime: 1,
      EndTime: 2,
      Period: 60 * 2 ** 31,
      Statistics: ["Sum"],
    }),
    expect: { code: "InvalidParameterValue", status: 400 },
  },
  {
    service: "S3",
    what: "ListObjectsV2 max-keys 2^31 (past a 32-bit Integer)",
    send: s3("GET", `/${MODEL_BUCKET}`, { query: { "list-type": "2", "max-keys": "2147483648" } }),
    expect: {
      code: "InvalidArgument",
      status: 400,
      message: "Provided max-keys not an integer or within integer range",
    },
  },
  {
    service: "SageMaker",
    what: "InitialInstanceCount of 0",
    send: (c) =>
      c.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: "zero",
          ProductionVariants: [{ ...variant(), InitialInstanceCount: 0 } as never],
        }),
      ),
    expect: {
      code: "ValidationException",
      status: 400,
      message: oneError(
        "'0'",
        "productionVariants.1.member.initialInstanceCount",
        "Member must have value greater than or equal to 1",
      ),
    },
  },
  {
    service: "SageMaker",
    what: "InstanceType outside the enum",
    send: (c) =>
      c.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: "bogus",
          ProductionVariants: [{ ...variant(), InstanceType: "ml.bogus.large" as ProductionVariantInstanceType }],
        }),
      ),
    expect: {
      code: "ValidationException",
      status: 400,
      message:
        /^1 validation error detected: Value 'ml.bogus.large' at 'productionVariants.1.member.instanceType' failed to satisfy constraint: Member must satisfy enum value set: \[/,
    },
  },
  {
    service: "SageMaker",
    what: "negative InitialVariantWeight",
    send: (c) =>
      c.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: "negative",
          ProductionVariants: [variant({ InitialVariantWeight: -1 }) as never],
        }),
      ),
    expect: {
      code: "ValidationException",
      status: 400,
      message: oneError(
        "'-1'",
        "productionVariants.1.member.initialVariantWeight",
        "Member must have value greater than or equal to 0",
      ),
    },
  },
  {
    service: "SageMaker",
    what: "empty ProductionVariants",
    send: (c) =>
      c.sagemaker.send(new CreateEndpointConfigCommand({ EndpointConfigName: "novariants", ProductionVariants: [] })),
    expect: {
      code: "ValidationException",
      status: 400,
      message: oneError("'[]'", "productionVariants", "Member must have length greater than or equal to 1"),
    },
  },
  {
    service: "SageMaker",
    what: "11 production variants",
    send: (c) =>
      c.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: "eleven",
          ProductionVariants: Array.from({ length: 11 }, (_, i) => variant({ VariantName: `v${i}` }) as never),
        }),
      ),
    expect: {
      code: "ValidationException",
      status: 400,
      message: /at 'productionVariants' failed to satisfy constraint: Member must have length less than or equal to 10/,
    },
  },
  {
    service: "SageMaker",
    what: "ProductionVariants list holding null",
    send: sageMaker("CreateEndpointConfig", { EndpointConfigName: "nullvariant", ProductionVariants: [null] }),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "variant naming a model that does not exist",
    send: (c) =>
      c.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: "nomodel",
          ProductionVariants: [variant({ ModelName: "absent" }) as never],
        }),
      ),
    expect: { code: "ValidationException", status: 400, message: `Could not find model "${arn("model", "absent")}".` },
  },
  {
    service: "SageMaker",
    what: "two variants with one name",
    send: (c) =>
      c.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: "twins",
          ProductionVariants: [variant() as never, variant() as never],
        }),
      ),
    expect: { code: "ValidationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "InitialSamplingPercentage of 101",
    send: (c) =>
      c.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: "capture",
          ProductionVariants: [variant() as never],
          DataCaptureConfig: {
            InitialSamplingPercentage: 101,
            DestinationS3Uri: "s3://capture/prefix",
            CaptureOptions: [{ CaptureMode: "Input" }],
          },
        }),
      ),
    expect: {
      code: "ValidationException",
      status: 400,
      message: oneError(
        "'101'",
        "dataCaptureConfig.initialSamplingPercentage",
        "Member must have value less than or equal to 100",
      ),
    },
  },
  {
    service: "SageMaker",
    what: "CaptureMode outside the enum",
    send: sageMaker("CreateEndpointConfig", {
      EndpointConfigName: "capture",
      ProductionVariants: [variant()],
      DataCaptureConfig: {
        InitialSamplingPercentage: 10,
        DestinationS3Uri: "s3://capture/prefix",
        CaptureOptions: [{ CaptureMode: "Everything" }],
      },
    }),
    expect: {
      code: "ValidationException",
      status: 400,
      message: oneError(
        "'Everything'",
        "dataCaptureConfig.captureOptions.1.member.captureMode",
        "Member must satisfy enum value set: [Input, Output, InputAndOutput]",
      ),
    },
  },
  {
    service: "SageMaker",
    what: "CreateEndpoint on a configuration that does not exist",
    send: (c) => c.sagemaker.send(new CreateEndpointCommand({ EndpointName: "orphan", EndpointConfigName: "absent" })),
    expect: {
      code: "ValidationException",
      status: 400,
      message: `Could not find endpoint configuration "${arn("endpoint-config", "absent")}".`,
    },
  },
  {
    service: "SageMaker",
    what: "endpoint name with an underscore",
    send: (c) => c.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "bad_endpoint" })),
    expect: {
      code: "ValidationException",
      status: 400,
      message: oneError(
        "'bad_endpoint'",
        "endpointName",
        `Member must satisfy regular expression pattern: ${RESOURCE_NAME_PATTERN}`,
      ),
    },
  },
  {
    service: "SageMaker",
    what: "DescribeEndpoint of an endpoint that does not exist",
    send: (c) => c.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "absent" })),
    expect: {
      code: "ValidationException",
      status: 400,
      message: `Could not find endpoint "${arn("endpoint", "absent")}".`,
    },
  },
  {
    service: "SageMaker",
    what: "DeleteEndpoint of an endpoint that does not exist",
    send: (c) => c.sagemaker.send(new DeleteEndpointCommand({ EndpointName: "absent" })),
    expect: {
      code: "ValidationException",
      status: 400,
      message: `Could not find endpoint "${arn("endpoint", "absent")}".`,
    },
  },
  {
    service: "SageMaker",
    what: "DescribeEndpointConfig of a configuration that does not exist",
    send: (c) => c.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: "absent" })),
    expect: {
      code: "ValidationException",
      status: 400,
      message: `Could not find endpoint configuration "${arn("endpoint-config", "absent")}".`,
    },
  },
  {
    service: "SageMaker",
    what: "ListModels MaxResults of 0",
    send: (c) => c.sagemaker.send(new ListModelsCommand({ MaxResults: 0 })),
    expect: {
      code: "ValidationException",
      status: 400,
      message: oneError("'0'", "maxResults", "Member must have value greater than or equal to 1"),
    },
  },
  {
    service: "SageMaker",
    what: "ListModels MaxResults of 101",
    send: (c) => c.sagemaker.send(new ListModelsCommand({ MaxResults: 101 })),
    expect: {
      code: "ValidationException",
      status: 400,
      message: oneError("'101'", "maxResults", "Member must have value less than or equal to 100"),
    },
  },
  {
    service: "SageMaker",
    what: "ListModels SortBy outside the enum",
    send: sageMaker("ListModels", { SortBy: "Size" }),
    expect: {
      code: "ValidationException",
      status: 400,
      message: oneError("'Size'", "sortBy", "Member must satisfy enum value set: [Name, CreationTime]"),
    },
  },
  {
    service: "SageMaker",
    what: "ListEndpoints StatusEquals outside the enum",
    send: (c) => c.sagemaker.send(new ListEndpointsCommand({ StatusEquals: "Running" as EndpointStatus })),
    expect: {
      code: "ValidationException",
      status: 400,
      message:
        /^1 validation error detected: Value 'Running' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set/,
    },
  },
  {
    service: "SageMaker",
    what: "ListModels NextToken the server never issued",
    send: (c) => c.sagemaker.send(new ListModelsCommand({ NextToken: "garbage" })),
    expect: { code: "ValidationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "ListTags of a model that does not exist",
    send: (c) => c.sagemaker.send(new ListTagsCommand({ ResourceArn: arn("model", "absent") })),
    expect: { code: "ValidationException", status: 400, message: `Could not find model "${arn("model", "absent")}".` },
  },
  {
    service: "SageMaker",
    what: "AddTags on an ARN that is not a SageMaker ARN",
    send: (c) =>
      c.sagemaker.send(new AddTagsCommand({ ResourceArn: "arn:aws:s3:::bucket", Tags: [{ Key: "k", Value: "v" }] })),
    expect: {
      code: "ValidationException",
      status: 400,
      message: /at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    },
  },
  {
    service: "SageMaker",
    what: "operation SageMaker does not have",
    send: sageMaker("CreateTrainingJobs", {}),
    expect: { code: "UnknownOperationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "no X-Amz-Target header",
    send: { service: "sagemaker", body: "{}" },
    expect: { code: "UnknownOperationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "X-Amz-Target of another service's prefix",
    send: { service: "sagemaker", headers: { "x-amz-target": "AmazonS3.ListModels" }, body: "{}" },
    expect: { code: "UnknownOperationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "body that is not JSON",
    send: sageMaker("ListModels", "ModelName=weather"),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "JSON body truncated mid-string",
    send: sageMaker("DescribeModel", '{"ModelName": "weath'),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "JSON array instead of an object",
    send: sageMaker("ListModels", "[]"),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "JSON nested 10,000 levels deep",
    send: sageMaker(
      "CreateModel",
      `{"ModelName":"deep","PrimaryContainer":{"Image":"x","Extra":${'{"x":'.repeat(10_000)}1${"}".repeat(10_000)}}}`,
    ),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "SageMaker",
    what: "X-Amz-Date that is not a date",
    send: { ...sageMaker("ListModels", {}), unsignedHeaders: { "x-amz-date": "20261340T000000Z" } },
    expect: { code: "IncompleteSignatureException", status: 403, message: /^Date must be in ISO-8601 'basic format'/ },
  },
];

const RUNTIME_CASES: BadInputCase[] = [
  {
    service: "Runtime",
    what: "endpoint that does not exist",
    send: (c) =>
      c.runtime.send(
        new InvokeEndpointCommand({ EndpointName: "absent", Body: Buffer.from(ROW), ContentType: "text/csv" }),
      ),
    expect: { code: "ValidationError", status: 400, message: `Endpoint absent of account ${ACCOUNT} not found.` },
  },
  {
    service: "Runtime",
    what: "endpoint name with characters outside its pattern",
    send: invoke("bad_name!", ROW),
    expect: { code: "ValidationError", status: 400 },
  },
  {
    service: "Runtime",
    what: "endpoint name that is not valid percent-encoding",
    send: { ...invoke("x", ROW), path: "/endpoints/%E0%A4%A/invocations" },
    expect: { code: "ValidationError", status: 400 },
  },
  {
    service: "Runtime",
    what: "endpoint that is Failed, not InService",
    send: invoke("broken", ROW),
    expect: { code: "ValidationError", status: 400 },
  },
  {
    service: "Runtime",
    what: "payload over 6 MB (6,291,457 bytes)",
    send: invoke("weather", Buffer.alloc(6_291_457, 0x31)),
    expect: {
      code: "ValidationError",
      status: 400,
      message:
        "1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length less than or equal to 6291456",
    },
  },
  {
    service: "Runtime",
    what: "InferenceId of 65 characters",
    send: (c) =>
      c.runtime.send(
        new InvokeEndpointCommand({
          EndpointName: "weather",
          Body: Buffer.from(ROW),
          ContentType: "text/csv",
          InferenceId: "i".repeat(65),
        }),
      ),
    expect: {
      code: "ValidationError",
      status: 400,
      message: /at 'inferenceId' failed to satisfy constraint: Member must have length less than or equal to 64/,
    },
  },
  {
    service: "Runtime",
    what: "InferenceId with a control character",
    send: invoke("weather", ROW, { "x-amzn-sagemaker-inference-id": "id\x85x" }),
    expect: {
      code: "ValidationError",
      status: 400,
      message: /at 'inferenceId' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    },
  },
  {
    service: "Runtime",
    what: "TargetVariant the endpoint does not have",
    send: (c) =>
      c.runtime.send(
        new InvokeEndpointCommand({
          EndpointName: "weather",
          Body: Buffer.from(ROW),
          ContentType: "text/csv",
          TargetVariant: "Absent",
        }),
      ),
    expect: { code: "ValidationError", status: 400 },
  },
  {
    service: "Runtime",
    what: "CSV row with a word where a number belongs",
    send: invoke("weather", ROW.replace(/^[^,]*/, "three")),
    expect: { code: "ModelError", status: 424, message: /^Received client error \(400\) from primary with message "/ },
  },
  {
    service: "Runtime",
    what: "CSV row with one feature too few",
    send: invoke("weather", ROW.split(",").slice(1).join(",")),
    expect: { code: "ModelError", status: 424, message: /^Received client error \(400\)/ },
  },
  {
    service: "Runtime",
    what: "CSV row with one feature too many",
    send: invoke("weather", `${ROW},1`),
    expect: { code: "ModelError", status: 424, message: /^Received client error \(400\)/ },
  },
  {
    service: "Runtime",
    what: "CSV rows of different widths",
    send: invoke("weather", `${ROW}\n1,2`),
    expect: { code: "ModelError", status: 424, message: /^Received client error \(400\)/ },
  },
  {
    service: "Runtime",
    what: "empty CSV payload",
    send: invoke("weather", ""),
    expect: { code: "ModelError", status: 424, message: /^Received client error \(400\)/ },
  },
  {
    service: "Runtime",
    what: "binary garbage sent as text/csv",
    send: invoke("weather", Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x2c, 0x80])),
    expect: { code: "ModelError", status: 424, message: /^Received client error \(400\)/ },
  },
  {
    service: "Runtime",
    what: "JSON payload of the wrong shape",
    send: invoke("weather", '{"instances": "not a list"}', { "content-type": "application/json" }),
    expect: { code: "ModelError", status: 424, message: /^Received client error \(400\)/ },
  },
  {
    service: "Runtime",
    what: "truncated JSON payload",
    send: invoke("weather", `{"instances": [{"features": [${ROW}`, { "content-type": "application/json" }),
    expect: { code: "ModelError", status: 424, message: /^Received client error \(400\)/ },
  },
  {
    service: "Runtime",
    what: "content type the container does not read",
    send: invoke("weather", ROW, { "content-type": "application/x-parquet" }),
    expect: { code: "ModelError", status: 424, message: /^Received client error \(415\)/ },
  },
  {
    service: "Runtime",
    what: "Accept type the container does not write",
    send: invoke("weather", ROW, { accept: "image/png" }),
    expect: { code: "ModelError", status: 424, message: /^Received client error \(406\)/ },
  },
];

const CLOUDWATCH_CASES: BadInputCase[] = [
  {
    service: "CloudWatch",
    what: "PutMetricData without Namespace",
    send: cloudWatchJson("PutMetricData", { MetricData: [{ MetricName: "m", Value: 1 }] }),
    expect: { code: "MissingParameter", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "PutMetricData into a reserved AWS/ namespace",
    send: cloudWatchJson("PutMetricData", {
      Namespace: "AWS/SageMaker",
      MetricData: [{ MetricName: "Invocations", Value: 1 }],
    }),
    expect: { code: "InvalidParameterValue", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "PutMetricData of 1001 datums",
    send: cloudWatchJson("PutMetricData", {
      Namespace: "Reliability",
      MetricData: Array.from({ length: 1001 }, () => ({ MetricName: "m", Value: 1 })),
    }),
    expect: {
      code: "InvalidParameterValue",
      status: 400,
      message: "The collection MetricData must not have a size greater than 1000.",
    },
  },
  {
    service: "CloudWatch",
    what: "Value that is not a number (query protocol)",
    send: cloudWatchQuery("PutMetricData", {
      Namespace: "Reliability",
      "MetricData.member.1.MetricName": "m",
      "MetricData.member.1.Value": "lots",
    }),
    expect: { code: "InvalidParameterValue", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "GetMetricStatistics Period of 7 seconds",
    send: statistics({ Period: 7 }),
    expect: { code: "InvalidParameterValue", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "StartTime after EndTime",
    send: statistics({ StartTime: 1_700_000_600, EndTime: 1_700_000_000 }),
    expect: {
      code: "InvalidParameterValue",
      status: 400,
      message: "The parameter StartTime must be less than the parameter EndTime.",
    },
  },
  {
    service: "CloudWatch",
    what: "Statistics value outside the enum",
    send: statistics({ Statistics: ["Median"] }),
    expect: { code: "InvalidParameterValue", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "more than 1440 datapoints requested",
    send: statistics({ EndTime: 1_700_100_000, Period: 1 }),
    expect: { code: "InvalidParameterCombination", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "unparseable StartTime (query protocol)",
    send: cloudWatchQuery("GetMetricStatistics", {
      Namespace: "Reliability",
      MetricName: "m",
      StartTime: "yesterday-ish",
      EndTime: "2026-01-01T00:00:00Z",
      Period: "60",
      "Statistics.member.1": "Sum",
    }),
    expect: { code: "InvalidParameterValue", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "GetMetricData query Id that starts with a capital",
    send: cloudWatchJson("GetMetricData", {
      StartTime: 1_700_000_000,
      EndTime: 1_700_000_600,
      MetricDataQueries: [
        { Id: "Bad", MetricStat: { Metric: { Namespace: "Reliability", MetricName: "m" }, Period: 60, Stat: "Sum" } },
      ],
    }),
    expect: { code: "InvalidParameterValue", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "Namespace of the wrong JSON type (number)",
    send: cloudWatchJson("PutMetricData", { Namespace: 7, MetricData: [{ MetricName: "m", Value: 1 }] }),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "MetricData list holding null",
    send: cloudWatchJson("PutMetricData", { Namespace: "Reliability", MetricData: [null] }),
    expect: { code: "MissingParameter", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "ExtendedStatistics holding a list",
    send: statistics({ Statistics: undefined, ExtendedStatistics: [["p99"]] }),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "AlarmName of the wrong JSON type (object)",
    send: putAlarm({ AlarmName: {} }),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "AlarmDescription of the wrong JSON type (object)",
    send: putAlarm({ AlarmDescription: { text: "a guardrail" } }),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "Action the query API does not have",
    send: cloudWatchQuery("PutMetricDatum", {}),
    expect: { code: "InvalidAction", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "JSON operation the API does not have",
    send: cloudWatchJson("ListMetricz", {}),
    expect: { code: "UnknownOperationException", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "JSON body that is not JSON",
    send: cloudWatchJson("ListMetrics", "Action=ListMetrics"),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "JSON body truncated",
    send: cloudWatchJson("ListMetrics", '{"Namespace": "AWS/Sage'),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "AlarmRule that does not parse (query protocol)",
    send: cloudWatchQuery("PutCompositeAlarm", { AlarmName: "guard", AlarmRule: "ALARM(a) AND" }),
    expect: { code: "ValidationError", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "AlarmRule naming an alarm that does not exist",
    send: cloudWatchJson("PutCompositeAlarm", { AlarmName: "guard", AlarmRule: 'ALARM("nowhere")' }),
    expect: {
      code: "ValidationError",
      status: 400,
      message: "Could not save the composite alarm as alarms [nowhere] in the alarm rule do not exist",
    },
  },
  {
    service: "CloudWatch",
    what: "AlarmRule of the wrong JSON type (list)",
    send: cloudWatchJson("PutCompositeAlarm", { AlarmName: "guard", AlarmRule: ["TRUE"] }),
    expect: { code: "SerializationException", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "TagResource on an ARN that is not an alarm's",
    send: cloudWatchJson("TagResource", {
      ResourceARN: `arn:aws:sns:us-east-1:${ACCOUNT}:topic`,
      Tags: [{ Key: "k", Value: "v" }],
    }),
    expect: { code: "InvalidParameterValue", status: 400 },
  },
  {
    service: "CloudWatch",
    what: "ListTagsForResource of an alarm that does not exist",
    send: cloudWatchJson("ListTagsForResource", {
      ResourceARN: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:nowhere`,
    }),
    expect: { code: "ResourceNotFoundException", status: 404 },
  },
];

export const BAD_INPUT_CASES: BadInputCase[] = [...S3_CASES, ...SAGEMAKER_CASES, ...RUNTIME_CASES, ...CLOUDWATCH_CASES];
