/**
 * The fuzzer's request generator. Request `i` of seed `s` is always the same request: it is drawn
 * from its own PRNG seeded with (s, i), so any finding is replayed by its index alone, whatever
 * order the concurrent requests were answered in.
 *
 * A request starts as a valid one of the four services (seeds below) and goes through 0–4
 * mutations: JSON shapes (members dropped, nulled, retyped, bloated, nested deep, prototype
 * keys), query-protocol parameters, XML bodies (broken, entity bombs), raw body bytes
 * (truncated, flipped, replaced), headers, paths (traversal, bad percent-encoding, long),
 * methods and query strings. Most are signed so they get past authentication; some are sent
 * unsigned, with a wrong key or secret, a skewed clock, or changed after signing. A few are raw
 * bytes on a socket (broken HTTP that node:http would refuse to write).
 */
import { createHash } from "node:crypto";
import { Prng } from "../../../src/models/prng";
import { MODEL_DATA_URL, LINEAR_LEARNER_IMAGE, ROLE, ROWS } from "./fixtures";
import { encodeRfc3986, type Prepared, type RawRequest, type Service, type Signing } from "./wire";

/** The fixtures the seeds address (fuzz.test.ts creates them). */
export const FUZZ_FIXTURES = {
  bucket: "fuzz-bucket",
  endpoint: "fuzz-endpoint",
  model: "fuzz-model",
  config: "fuzz-config",
  variant: "AllTraffic",
  /** Objects present in the bucket before fuzzing. */
  keys: ["plain.txt", "dir/nested/object.bin", "model.tar.gz"],
};

/** Small name pools keep the state the fuzzer creates bounded (creates mostly collide). */
const NAMES = ["fz-0", "fz-1", "fz-2", "fz-3", "fz-4", "fz-5"];
const BUCKETS = [FUZZ_FIXTURES.bucket, "fz-bucket-0", "fz-bucket-1", "fz-bucket-2"];
const KEYS = [
  ...FUZZ_FIXTURES.keys,
  "a",
  "a/b",
  "a/b/c.txt",
  "über/ключ/鍵",
  "with space",
  "..",
  "../escape",
  "./dot",
  "a//b",
  "%2e%2e",
  "trailing/",
  "k".repeat(200),
];
const NAMESPACES = ["Fuzz/A", "Fuzz/B", "Fuzz/C"];
const METRICS = ["Latency", "Count", "Errors"];
const ALARMS = ["fz-alarm-0", "fz-alarm-1", "fz-alarm-2"];
const STATS = ["Sum", "Average", "Minimum", "Maximum", "SampleCount"];

export interface PostSignMutation {
  what: string;
  apply: (p: Prepared) => void;
}

export interface FuzzRequest {
  index: number;
  /** Which service the request started as, and its operation. */
  origin: string;
  /** The mutations applied, for the report and for replaying by hand. */
  mutations: string[];
  raw?: RawRequest;
  postSign?: PostSignMutation;
  /** Raw bytes on a fresh socket instead of an HTTP request. */
  bytes?: Buffer;
  /** Whether the request is expected to fail authentication (then a 5XX is all the more a bug). */
  authBroken: boolean;
}

/** A PRNG per request: mixing the seed and index so neighbouring indexes draw unrelated streams. */
export function requestRng(seed: number, index: number): Prng {
  const digest = createHash("sha256").update(`${seed}:${index}`).digest();
  return new Prng(digest.readUInt32LE(0));
}

class Draw {
  constructor(readonly rng: Prng) {}
  chance(p: number): boolean {
    return this.rng.next() < p;
  }
  int(low: number, high: number): number {
    return this.rng.integer(low, high);
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng.next() * items.length)]!;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(this.rng.next() * 256);
    return b;
  }
  string(
    n: number,
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~/%+=:@!$&'()*,; <>\"\\{}[]|^`#?\u00e9\u4e2d\ud83d\ude00\u0000\u0007\u007f",
  ): string {
    const chars = [...alphabet];
    let s = "";
    for (let i = 0; i < n; i++) s += this.pick(chars);
    return s;
  }
}

const csvRows = (d: Draw) => Array.from({ length: d.int(1, 5) }, () => d.pick(ROWS)).join("\n");
const keyPath = (bucket: string, key: string) => `/${bucket}/${key.split("/").map(encodeRfc3986).join("/")}`;
const md5b64 = (b: Buffer) => createHash("md5").update(b).digest("base64");
const variant = (d: Draw, name = "AllTraffic") => ({
  VariantName: name,
  ModelName: d.chance(0.8) ? FUZZ_FIXTURES.model : d.pick(NAMES),
  InitialInstanceCount: d.int(1, 3),
  InstanceType: d.pick(["ml.m5.large", "ml.c5.xlarge", "ml.t2.medium"]),
  InitialVariantWeight: d.pick([1, 0.5, 0]),
});
const nowSeconds = () => Math.floor(Date.now() / 1000);

type Seed = (d: Draw) => { origin: string; raw: RawRequest };

const json = (service: "sagemaker" | "cloudwatch", operation: string, input: unknown): RawRequest => ({
  service,
  headers: {
    "x-amz-target": `${service === "sagemaker" ? "SageMaker" : "GraniteServiceVersion20100801"}.${operation}`,
  },
  body: JSON.stringify(input),
});

const S3_SEEDS: Seed[] = [
  () => ({ origin: "S3 ListBuckets", raw: { service: "s3", method: "GET", path: "/" } }),
  (d) => ({ origin: "S3 CreateBucket", raw: { service: "s3", method: "PUT", path: `/${d.pick(BUCKETS)}` } }),
  (d) => ({ origin: "S3 HeadBucket", raw: { service: "s3", method: "HEAD", path: `/${d.pick(BUCKETS)}` } }),
  (d) => ({
    origin: "S3 GetBucketLocation",
    raw: { service: "s3", method: "GET", path: `/${d.pick(BUCKETS)}`, query: { location: "" } },
  }),
  (d) => ({
    origin: "S3 DeleteBucket",
    raw: { service: "s3", method: "DELETE", path: `/${d.pick(BUCKETS.slice(1))}` },
  }),
  (d) => {
    const query: Record<string, string> = { "list-type": "2" };
    if (d.chance(0.5)) query["prefix"] = d.pick(["", "a", "dir/", "über"]);
    if (d.chance(0.5)) query["delimiter"] = "/";
    if (d.chance(0.5)) query["max-keys"] = String(d.int(0, 1200));
    if (d.chance(0.2)) query["start-after"] = d.pick(KEYS);
    if (d.chance(0.2)) query["encoding-type"] = "url";
    if (d.chance(0.1)) query["fetch-owner"] = "true";
    return { origin: "S3 ListObjectsV2", raw: { service: "s3", method: "GET", path: `/${d.pick(BUCKETS)}`, query } };
  },
  (d) => {
    const body = d.chance(0.02) ? d.bytes(d.int(50_000, 200_000)) : d.bytes(d.int(0, 2048));
    const headers: Record<string, string> = {
      "content-type": d.pick(["text/plain", "application/octet-stream", "application/x-gzip"]),
    };
    if (d.chance(0.3)) headers["content-md5"] = md5b64(body);
    if (d.chance(0.3)) headers["x-amz-meta-fuzz"] = d.string(d.int(1, 20), "abcdef0123");
    if (d.chance(0.2)) headers["cache-control"] = "no-cache";
    // The fixture objects are only read: after the run they must still hold what they held.
    const key = d.pick(KEYS.filter((k) => !FUZZ_FIXTURES.keys.includes(k)));
    return {
      origin: "S3 PutObject",
      raw: { service: "s3", method: "PUT", path: keyPath(d.pick(BUCKETS), key), headers, body },
    };
  },
  (d) => {
    const headers: Record<string, string> = {};
    if (d.chance(0.3)) headers["range"] = d.pick(["bytes=0-10", "bytes=5-", "bytes=-3", "bytes=0-0", "bytes=100-200"]);
    if (d.chance(0.2)) headers["x-amz-checksum-mode"] = "ENABLED";
    return {
      origin: "S3 GetObject",
      raw: { service: "s3", method: "GET", path: keyPath(d.pick(BUCKETS), d.pick(KEYS)), headers },
    };
  },
  (d) => ({
    origin: "S3 HeadObject",
    raw: { service: "s3", method: "HEAD", path: keyPath(d.pick(BUCKETS), d.pick(KEYS)) },
  }),
  (d) => ({
    origin: "S3 DeleteObject",
    raw: {
      service: "s3",
      method: "DELETE",
      path: keyPath(d.pick(BUCKETS), d.pick(KEYS.filter((k) => !FUZZ_FIXTURES.keys.includes(k)))),
    },
  }),
  (d) => {
    const keys = Array.from({ length: d.int(1, 4) }, () => d.pick(KEYS.filter((k) => !FUZZ_FIXTURES.keys.includes(k))));
    const body = `<Delete>${d.chance(0.3) ? "<Quiet>true</Quiet>" : ""}${keys.map((k) => `<Object><Key>${k.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</Key></Object>`).join("")}</Delete>`;
    return {
      origin: "S3 DeleteObjects",
      raw: {
        service: "s3",
        method: "POST",
        path: `/${d.pick(BUCKETS)}`,
        query: { delete: "" },
        headers: { "content-md5": md5b64(Buffer.from(body)) },
        body,
      },
    };
  },
  (d) => {
    const headers: Record<string, string> = {
      "x-amz-copy-source": `/${FUZZ_FIXTURES.bucket}/${encodeRfc3986(d.pick(KEYS))}`,
    };
    if (d.chance(0.3)) headers["x-amz-metadata-directive"] = d.pick(["COPY", "REPLACE"]);
    return {
      origin: "S3 CopyObject",
      raw: { service: "s3", method: "PUT", path: keyPath(d.pick(BUCKETS), `copy-${d.int(0, 3)}`), headers },
    };
  },
  (d) => {
    const body = `<CreateBucketConfiguration><LocationConstraint>${d.pick(["", "us-east-1", "eu-west-1"])}</LocationConstraint></CreateBucketConfiguration>`;
    return {
      origin: "S3 CreateBucket (configuration)",
      raw: { service: "s3", method: "PUT", path: `/${d.pick(BUCKETS)}`, body },
    };
  },
];

const SAGEMAKER_SEEDS: Seed[] = [
  (d) => ({
    origin: "SageMaker CreateModel",
    raw: json("sagemaker", "CreateModel", {
      ModelName: d.pick(NAMES),
      ExecutionRoleArn: ROLE,
      PrimaryContainer: {
        Image: LINEAR_LEARNER_IMAGE,
        ModelDataUrl: MODEL_DATA_URL,
        ...(d.chance(0.3) ? { Environment: { KEY: "value" } } : {}),
      },
      ...(d.chance(0.3) ? { Tags: [{ Key: "project", Value: "fuzz" }] } : {}),
    }),
  }),
  (d) => ({
    origin: "SageMaker DescribeModel",
    raw: json("sagemaker", "DescribeModel", { ModelName: d.pick([...NAMES, FUZZ_FIXTURES.model]) }),
  }),
  (d) => ({ origin: "SageMaker DeleteModel", raw: json("sagemaker", "DeleteModel", { ModelName: d.pick(NAMES) }) }),
  (d) => ({
    origin: "SageMaker ListModels",
    raw: json("sagemaker", "ListModels", {
      MaxResults: d.int(1, 100),
      SortBy: d.pick(["Name", "CreationTime"]),
      SortOrder: d.pick(["Ascending", "Descending"]),
      NameContains: d.pick(["fz", "fuzz", "x"]),
    }),
  }),
  (d) => ({
    origin: "SageMaker CreateEndpointConfig",
    raw: json("sagemaker", "CreateEndpointConfig", {
      EndpointConfigName: d.pick(NAMES),
      ProductionVariants: d.chance(0.8) ? [variant(d)] : [variant(d, "A"), variant(d, "B")],
      ...(d.chance(0.2)
        ? {
            DataCaptureConfig: {
              InitialSamplingPercentage: d.int(0, 100),
              DestinationS3Uri: `s3://${FUZZ_FIXTURES.bucket}/capture`,
              CaptureOptions: [{ CaptureMode: "Input" }],
            },
          }
        : {}),
    }),
  }),
  (d) => ({
    origin: "SageMaker DescribeEndpointConfig",
    raw: json("sagemaker", "DescribeEndpointConfig", { EndpointConfigName: d.pick([...NAMES, FUZZ_FIXTURES.config]) }),
  }),
  (d) => ({
    origin: "SageMaker DeleteEndpointConfig",
    raw: json("sagemaker", "DeleteEndpointConfig", { EndpointConfigName: d.pick(NAMES) }),
  }),
  (d) => ({
    origin: "SageMaker ListEndpointConfigs",
    raw: json("sagemaker", "ListEndpointConfigs", {
      MaxResults: d.int(1, 100),
      CreationTimeAfter: nowSeconds() - 3600,
    }),
  }),
  (d) => ({
    origin: "SageMaker CreateEndpoint",
    raw: json("sagemaker", "CreateEndpoint", {
      EndpointName: d.pick(NAMES),
      EndpointConfigName: d.pick([...NAMES, FUZZ_FIXTURES.config]),
    }),
  }),
  (d) => ({
    origin: "SageMaker DescribeEndpoint",
    raw: json("sagemaker", "DescribeEndpoint", { EndpointName: d.pick([...NAMES, FUZZ_FIXTURES.endpoint]) }),
  }),
  (d) => ({
    origin: "SageMaker DeleteEndpoint",
    raw: json("sagemaker", "DeleteEndpoint", { EndpointName: d.pick(NAMES) }),
  }),
  (d) => ({
    origin: "SageMaker ListEndpoints",
    raw: json("sagemaker", "ListEndpoints", {
      StatusEquals: d.pick(["InService", "Creating", "Failed"]),
      SortBy: "Status",
    }),
  }),
  (d) => ({
    origin: "SageMaker UpdateEndpoint",
    raw: json("sagemaker", "UpdateEndpoint", {
      EndpointName: d.pick(NAMES),
      EndpointConfigName: d.pick(NAMES),
      ...(d.chance(0.5)
        ? {
            DeploymentConfig: {
              BlueGreenUpdatePolicy: {
                TrafficRoutingConfiguration: {
                  Type: d.pick(["ALL_AT_ONCE", "CANARY", "LINEAR"]),
                  WaitIntervalInSeconds: d.int(0, 3600),
                  CanarySize: { Type: "INSTANCE_COUNT", Value: 1 },
                },
                TerminationWaitInSeconds: d.int(0, 3600),
                MaximumExecutionTimeoutInSeconds: d.int(600, 28800),
              },
              AutoRollbackConfiguration: { Alarms: [{ AlarmName: d.pick(ALARMS) }] },
            },
          }
        : {}),
    }),
  }),
  (d) => ({
    origin: "SageMaker AddTags",
    raw: json("sagemaker", "AddTags", {
      ResourceArn: `arn:aws:sagemaker:us-east-1:000000000000:model/${d.pick(NAMES)}`,
      Tags: [{ Key: d.pick(["a", "b", "c"]), Value: "v" }],
    }),
  }),
  (d) => ({
    origin: "SageMaker ListTags",
    raw: json("sagemaker", "ListTags", {
      ResourceArn: `arn:aws:sagemaker:us-east-1:000000000000:endpoint/${d.pick([...NAMES, FUZZ_FIXTURES.endpoint])}`,
    }),
  }),
  (d) => ({
    origin: "SageMaker DeleteTags",
    raw: json("sagemaker", "DeleteTags", {
      ResourceArn: `arn:aws:sagemaker:us-east-1:000000000000:model/${d.pick(NAMES)}`,
      TagKeys: ["a", "b"],
    }),
  }),
];

const RUNTIME_SEEDS: Seed[] = [
  (d) => {
    const contentType = d.pick([
      "text/csv",
      "text/csv",
      "application/json",
      "application/jsonlines",
      "application/x-recordio-protobuf",
    ]);
    const body =
      contentType === "text/csv"
        ? csvRows(d)
        : contentType === "application/json"
          ? JSON.stringify({ instances: [{ features: d.pick(ROWS).split(",").map(Number) }] })
          : `{"features": [${d.pick(ROWS)}]}`;
    const headers: Record<string, string> = { "content-type": contentType };
    if (d.chance(0.3)) headers["accept"] = d.pick(["application/json", "application/jsonlines", "text/csv", "*/*"]);
    if (d.chance(0.2)) headers["x-amzn-sagemaker-target-variant"] = d.pick(["AllTraffic", "A", "B"]);
    if (d.chance(0.2)) headers["x-amzn-sagemaker-inference-id"] = d.string(d.int(1, 70), "abc123-");
    if (d.chance(0.1)) headers["x-amzn-sagemaker-custom-attributes"] = "trace=1";
    const endpoint = d.chance(0.85) ? FUZZ_FIXTURES.endpoint : d.pick(NAMES);
    return {
      origin: "Runtime InvokeEndpoint",
      raw: { service: "runtime", path: `/endpoints/${encodeRfc3986(endpoint)}/invocations`, headers, body },
    };
  },
];

function metricDatum(d: Draw): Record<string, unknown> {
  const datum: Record<string, unknown> = {
    MetricName: d.pick(METRICS),
    Timestamp: nowSeconds() - d.int(0, 600),
    Unit: d.pick(["Count", "Milliseconds", "None"]),
  };
  if (d.chance(0.5)) datum["Dimensions"] = [{ Name: "Host", Value: `h${d.int(0, 2)}` }];
  const statisticValues = d.chance(0.2);
  if (statisticValues) datum["StatisticValues"] = { SampleCount: 3, Sum: 6, Minimum: 1, Maximum: 3 };
  else if (d.chance(0.2)) datum["Values"] = [1, 2, 3];
  else datum["Value"] = d.int(0, 1000) / 10;
  return datum;
}

const metricQuery = (d: Draw) => ({
  Namespace: d.pick(NAMESPACES),
  MetricName: d.pick(METRICS),
  StartTime: nowSeconds() - 3600,
  EndTime: nowSeconds() + 60,
  Period: d.pick([60, 300, 3600]),
});

/** CloudWatch inputs, sent as JSON 1.0 or (half the time) flattened into the query protocol. */
const CLOUDWATCH_INPUTS: ((d: Draw) => [operation: string, input: Record<string, unknown>])[] = [
  (d) => [
    "PutMetricData",
    { Namespace: d.pick(NAMESPACES), MetricData: Array.from({ length: d.int(1, 5) }, () => metricDatum(d)) },
  ],
  (d) => {
    const q = metricQuery(d);
    const stat = d.pick(STATS);
    // Statistics or ExtendedStatistics: CloudWatch refuses both together.
    return [
      "GetMetricStatistics",
      { ...q, ...(d.chance(0.3) ? { ExtendedStatistics: ["p99"] } : { Statistics: [stat] }) },
    ];
  },
  (d) => {
    const q = metricQuery(d);
    return [
      "GetMetricData",
      {
        StartTime: q.StartTime,
        EndTime: q.EndTime,
        MetricDataQueries: [
          {
            Id: "m1",
            MetricStat: {
              Metric: { Namespace: q.Namespace, MetricName: q.MetricName },
              Period: q.Period,
              Stat: d.pick(STATS),
            },
          },
        ],
      },
    ];
  },
  (d) => [
    "ListMetrics",
    { Namespace: d.pick(NAMESPACES), ...(d.chance(0.5) ? { Dimensions: [{ Name: "Host" }] } : {}) },
  ],
  (d) => [
    "PutMetricAlarm",
    {
      AlarmName: d.pick(ALARMS),
      Namespace: d.pick(NAMESPACES),
      MetricName: d.pick(METRICS),
      Statistic: d.pick(STATS),
      Period: d.pick([10, 60]),
      EvaluationPeriods: d.int(1, 3),
      Threshold: d.int(0, 100),
      ComparisonOperator: d.pick(["GreaterThanThreshold", "LessThanThreshold", "GreaterThanOrEqualToThreshold"]),
      TreatMissingData: d.pick(["missing", "breaching", "notBreaching", "ignore"]),
    },
  ],
  (d) => ["DescribeAlarms", { AlarmNames: [d.pick(ALARMS)], ...(d.chance(0.3) ? { StateValue: "ALARM" } : {}) }],
  (d) => ["DescribeAlarmsForMetric", { Namespace: d.pick(NAMESPACES), MetricName: d.pick(METRICS) }],
  (d) => ["DescribeAlarmHistory", { AlarmName: d.pick(ALARMS), MaxRecords: d.int(1, 100) }],
  (d) => [
    "SetAlarmState",
    { AlarmName: d.pick(ALARMS), StateValue: d.pick(["OK", "ALARM", "INSUFFICIENT_DATA"]), StateReason: "fuzz" },
  ],
  (d) => ["DeleteAlarms", { AlarmNames: [d.pick(ALARMS)] }],
];

/** The query protocol's flattening: lists as `member.N`, structures as dotted names, times as ISO 8601. */
export function flatten(
  input: Record<string, unknown>,
  prefix = "",
  out: Record<string, string> = {},
): Record<string, string> {
  for (const [name, value] of Object.entries(input)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (v !== null && typeof v === "object") flatten(v as Record<string, unknown>, `${key}.member.${i + 1}`, out);
        else out[`${key}.member.${i + 1}`] = String(v);
      });
    } else if (value !== null && typeof value === "object") flatten(value as Record<string, unknown>, key, out);
    else
      out[key] =
        (name.endsWith("Time") || name === "Timestamp") && typeof value === "number"
          ? new Date(value * 1000).toISOString()
          : String(value);
  }
  return out;
}

const CLOUDWATCH_SEEDS: Seed[] = CLOUDWATCH_INPUTS.map((make) => (d: Draw) => {
  const [operation, input] = make(d);
  if (d.chance(0.5)) return { origin: `CloudWatch ${operation} (JSON)`, raw: json("cloudwatch", operation, input) };
  const body = new URLSearchParams({ Action: operation, Version: "2010-08-01", ...flatten(input) }).toString();
  return { origin: `CloudWatch ${operation} (query)`, raw: { service: "cloudwatchQuery", body } };
});

const SEEDS: { weight: number; seeds: Seed[] }[] = [
  { weight: 0.3, seeds: S3_SEEDS },
  { weight: 0.28, seeds: SAGEMAKER_SEEDS },
  { weight: 0.17, seeds: RUNTIME_SEEDS },
  { weight: 0.25, seeds: CLOUDWATCH_SEEDS },
];

// ---------------------------------------------------------------- mutations

/** `apply` may describe what it did more precisely than `what` (through `describe`). */
type Mutation = {
  what: string;
  applies: (r: RawRequest) => boolean;
  apply: (r: RawRequest, d: Draw, describe: (s: string) => void) => RawRequest;
};

const bodyOf = (r: RawRequest): Buffer =>
  r.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
const isJson = (r: RawRequest) => r.service === "sagemaker" || r.service === "cloudwatch";

/** Every node of a JSON value with a setter, for picking a random place to mutate. */
function places(root: unknown): { path: string; set: (v: unknown) => void; remove: () => void; value: unknown }[] {
  const out: { path: string; set: (v: unknown) => void; remove: () => void; value: unknown }[] = [];
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > 12 || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        out.push({ path: `${path}[${i}]`, value: v, set: (x) => (node[i] = x), remove: () => void node.splice(i, 1) });
        walk(v, `${path}[${i}]`, depth + 1);
      });
      return;
    }
    const obj = node as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      out.push({ path: `${path}.${k}`, value: obj[k], set: (x) => (obj[k] = x), remove: () => delete obj[k] });
      walk(obj[k], `${path}.${k}`, depth + 1);
    }
  };
  walk(root, "$", 0);
  return out;
}

/** Length of a value as JSON; a value nested too deep to write counts as a whole body. */
function jsonLength(value: unknown): number {
  try {
    return (JSON.stringify(value) ?? "null").length;
  } catch {
    return MAX_MUTATED_BODY;
  }
}

function deepNest(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { x: [v] };
  return v;
}

const MAX_MUTATED_BODY = 1_000_000;

const STRANGE_VALUES = (d: Draw): unknown[] => [
  null,
  0,
  -1,
  1.5,
  2 ** 53 + 1,
  1e308,
  -1e308,
  true,
  false,
  "",
  " ",
  d.string(d.int(1, 40)),
  "x".repeat(d.pick([64, 256, 1025, 70_000])),
  [],
  [null],
  {},
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  "2026-01-01T00:00:00Z",
  "NaN",
  "-Infinity",
  "\u0000",
  "../../etc/passwd",
  "arn:aws:sagemaker:us-east-1:000000000000:model/",
];

function jsonMutation(r: RawRequest, d: Draw, describe: (s: string) => void): RawRequest {
  let doc: unknown;
  try {
    doc = JSON.parse(bodyOf(r).toString("utf8"));
  } catch {
    return r;
  }
  const targets = places(doc);
  const kind = d.int(0, 7);
  if (kind === 0 && targets.length) {
    const t = d.pick(targets);
    t.remove();
    describe(`json drop ${t.path}`);
  } else if (kind <= 3 && targets.length) {
    const t = d.pick(targets);
    const v = d.pick(STRANGE_VALUES(d));
    t.set(v);
    describe(`json set ${t.path} = ${JSON.stringify(v)?.slice(0, 40)}`);
  } else if (kind === 4 && doc && typeof doc === "object" && !Array.isArray(doc)) {
    const name = d.pick(["__proto__", "constructor", "prototype", "Unknown", d.string(8, "abcXYZ")]);
    (doc as Record<string, unknown>)[name] = d.pick(STRANGE_VALUES(d));
    describe(`json add member ${name}`);
  } else if (kind === 5 && targets.length) {
    const t = d.pick(targets);
    const depth = d.pick([50, 2000, 20_000]);
    t.set(deepNest(depth, t.value));
    describe(`json nest ${t.path} ${depth} deep`);
  } else if (kind === 6 && targets.length) {
    const t = d.pick(targets);
    const size = jsonLength(t.value) + 1;
    const length = Math.min(d.pick([11, 51, 1001, 5000]), Math.max(1, Math.floor(MAX_MUTATED_BODY / size)));
    t.set(Array.from({ length }, () => t.value));
    describe(`json repeat ${t.path} as a list of ${length}`);
  } else {
    describe("json whole document replaced");
    doc = d.pick([null, [], "string", 42, [doc], { wrapped: doc }]);
  }
  // JSON.stringify recurses: nest deeper than it can go is written by hand.
  let text: string;
  try {
    text = JSON.stringify(doc);
  } catch {
    text = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
  }
  // Bodies stay under 1 MB (a long list of long strings could reach hundreds): size is tested apart.
  return { ...r, body: text.length > MAX_MUTATED_BODY ? text.slice(0, MAX_MUTATED_BODY) : text };
}

function formMutation(r: RawRequest, d: Draw, describe: (s: string) => void): RawRequest {
  const params = [...new URLSearchParams(bodyOf(r).toString("utf8"))];
  const kind = d.int(0, 5);
  if (kind === 0 && params.length > 2) {
    const i = d.int(2, params.length - 1);
    describe(`form drop ${params[i]![0]}`);
    params.splice(i, 1);
  } else if (kind === 1 && params.length) {
    const i = d.int(0, params.length - 1);
    const value = String(d.pick(STRANGE_VALUES(d)));
    describe(`form set ${params[i]![0]}`);
    params[i] = [params[i]![0], value];
  } else if (kind === 2) {
    const name = d.pick([
      "__proto__.polluted",
      "constructor.prototype.polluted",
      "MetricData.member.4294967295.Value",
      "MetricData.member.0.MetricName",
      "MetricData.member.1.MetricName.member.1",
      "Dimensions.member.1.Name.Value",
      "AlarmNames.member.999999999",
      "Namespace.x",
      d.string(d.int(1, 30), "abcXYZ.member123"),
    ]);
    describe(`form add ${name}`);
    params.push([name, d.string(d.int(0, 10), "abc123")]);
  } else if (kind === 3) {
    describe("form Action changed");
    params[0] = [
      "Action",
      d.pick(["", "ListMetric", "DeleteEverything", "toString", "__proto__", "constructor", "hasOwnProperty"]),
    ];
  } else if (kind === 4) {
    describe("form duplicated parameters");
    params.push(...params.slice(0, d.int(1, params.length)));
  } else {
    describe("form raw junk appended");
    return { ...r, body: `${bodyOf(r).toString("utf8")}&${d.string(d.int(1, 50))}` };
  }
  return { ...r, body: params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&") };
}

const XML_BODIES = (d: Draw): string[] => [
  "<Delete><Object><Key>a</Key></Object>",
  "<Delete><Object><Key><![CDATA[a]]></Key></Object></Delete>",
  "<Delete><Object><Key></Key></Object></Delete>",
  `<Delete>${"<Object><Key>k</Key></Object>".repeat(d.pick([999, 1000, 1001]))}</Delete>`,
  `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><Delete><Object><Key>&lol9;</Key></Object></Delete>`,
  `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Delete><Object><Key>&xxe;</Key></Object></Delete>`,
  `<CreateBucketConfiguration><LocationConstraint><LocationConstraint>x</LocationConstraint></LocationConstraint></CreateBucketConfiguration>`,
  `${"<a>".repeat(5000)}${"</a>".repeat(5000)}`,
  "<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>",
  "not xml at all",
  "<?xml version='1.0' encoding='UTF-16'?><Delete/>",
];

const MUTATIONS: Mutation[] = [
  { what: "json", applies: isJson, apply: jsonMutation },
  { what: "form", applies: (r) => r.service === "cloudwatchQuery", apply: formMutation },
  {
    what: "xml body",
    applies: (r) => r.service === "s3" && (r.method === "POST" || r.method === "PUT"),
    apply: (r, d) => ({ ...r, body: d.pick(XML_BODIES(d)) }),
  },
  {
    what: "body bytes",
    applies: () => true,
    apply: (r, d) => {
      const body = Buffer.from(bodyOf(r));
      const kind = d.int(0, 5);
      if (kind === 0) return { ...r, body: body.subarray(0, d.int(0, body.length)) };
      if (kind === 1 && body.length) {
        for (let i = d.int(1, 8); i > 0; i--) body[d.int(0, body.length - 1)] = d.int(0, 255);
        return { ...r, body };
      }
      if (kind === 2) return { ...r, body: d.bytes(d.int(0, 512)) };
      if (kind === 3) return { ...r, body: Buffer.alloc(0) };
      if (kind === 4) return { ...r, body: Buffer.concat([body, d.bytes(d.int(1, 64))]) };
      return { ...r, body: Buffer.from(d.string(d.int(1, 300))) };
    },
  },
  {
    what: "header dropped",
    applies: (r) => Object.keys(r.headers ?? {}).length > 0,
    apply: (r, d) => {
      const headers = { ...(r.headers ?? {}) };
      delete headers[d.pick(Object.keys(headers))];
      return { ...r, headers };
    },
  },
  {
    what: "header set",
    applies: () => true,
    apply: (r, d) => {
      const [name, values] = d.pick(INTERESTING_HEADERS);
      return { ...r, headers: { ...(r.headers ?? {}), [name]: d.pick(values(d)) } };
    },
  },
  {
    what: "path",
    applies: () => true,
    apply: (r, d) => {
      const path = r.path ?? "/";
      const segment = d.pick([
        "..",
        ".",
        "%2e%2e",
        "%2E%2E%2F",
        "%00",
        "%",
        "%zz",
        "%E0%A4%A",
        "%C0%AF",
        "..%2f..%2fetc",
        "%2F",
        "",
        "über",
        "a b".replace(" ", "%20"),
        "x".repeat(d.pick([300, 1100, 4000])),
      ]);
      const kind = d.int(0, 3);
      if (kind === 0) return { ...r, path: `${path}/${segment}` };
      if (kind === 1) return { ...r, path: `/${segment}${path}` };
      if (kind === 2) return { ...r, path: path.replace(/[^/]+$/, segment) || "/" };
      return {
        ...r,
        path: d.pick([
          "/",
          "//",
          "/endpoints//invocations",
          "/endpoints/x/invocations/extra",
          "/endpoints/%2e%2e/invocations",
          `/${FUZZ_FIXTURES.bucket}/../../${d.pick(KEYS)}`,
          "/service/GraniteServiceVersion20100801/operation/ListMetrics",
        ]),
      };
    },
  },
  {
    what: "method",
    applies: () => true,
    apply: (r, d) => ({
      ...r,
      method: d.pick(["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "OPTIONS", "PROPFIND", "TRACE"]),
    }),
  },
  {
    what: "query",
    applies: () => true,
    apply: (r, d) => {
      const [name, values] = d.pick(INTERESTING_QUERY);
      return { ...r, query: { ...(r.query ?? {}), [name]: d.pick(values(d)) } };
    },
  },
];

const INTERESTING_HEADERS: [string, (d: Draw) => string[]][] = [
  [
    "content-type",
    () => [
      "",
      "application/json",
      "application/x-amz-json-1.0",
      "application/x-amz-json-1.1",
      "application/x-www-form-urlencoded",
      "text/xml",
      "multipart/form-data; boundary=x",
      "text/csv; charset=utf-16",
      "*/*",
    ],
  ],
  [
    "x-amz-target",
    (d) => [
      "",
      "SageMaker.",
      "SageMaker.ListModels",
      "SageMaker.toString",
      "SageMaker.__proto__",
      "SageMaker.constructor",
      "GraniteServiceVersion20100801.ListMetrics",
      "GraniteServiceVersion20100801.hasOwnProperty",
      `SageMaker.${d.string(10, "abcXYZ")}`,
      "sagemaker.ListModels",
    ],
  ],
  ["content-md5", () => ["", "AAAAAAAAAAAAAAAAAAAAAA==", "not-base64!", "1B2M2Y8AsgTpgAmY7PhCfg=="]],
  ["x-amz-checksum-crc32", () => ["", "AAAAAA==", "@@@@", "x".repeat(100)]],
  ["x-amz-checksum-sha256", () => ["", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="]],
  [
    "x-amz-content-sha256",
    () => [
      "UNSIGNED-PAYLOAD",
      "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
      "0".repeat(64),
      "nonsense",
    ],
  ],
  ["content-encoding", () => ["aws-chunked", "gzip", "aws-chunked,gzip", "identity"]],
  ["x-amz-decoded-content-length", () => ["0", "-1", "99999999999", "abc"]],
  [
    "range",
    () => [
      "bytes=5-1",
      "bytes=-0",
      "bytes=abc",
      "bytes=0-1,2-3",
      "bytes=999999999999999999999-",
      "items=0-1",
      "bytes=-",
    ],
  ],
  [
    "x-amz-copy-source",
    (d) => [
      "",
      "/",
      "//",
      "%",
      "/fuzz-bucket/%E0%A4%A",
      "/no-such/key",
      `/fuzz-bucket/${d.pick(KEYS)}?versionId=1`,
      "fuzz-bucket/plain.txt",
    ],
  ],
  ["x-amz-metadata-directive", () => ["REPLACE", "COPY", "BOTH", ""]],
  [
    "host",
    (d) => [
      "fuzz-bucket.s3.localhost",
      "fz-bucket-0.localhost",
      "..s3.localhost",
      "s3.localhost",
      `${"h".repeat(300)}.localhost`,
      "bucket.s3.us-east-1.amazonaws.com",
      `${d.string(5, "abc")}:99999`,
      "",
    ],
  ],
  ["accept", () => ["", "image/png", "application/json;q=0.5, text/csv", "*/*"]],
  ["x-amzn-sagemaker-target-variant", () => ["", "AllTraffic", "Nope", "x".repeat(100)]],
  ["x-amzn-sagemaker-inference-id", (d) => ["", "x".repeat(65), d.string(10, "abc\u00e9\u00ff")]],
  ["x-amzn-query-mode", () => ["true", "false", ""]],
  ["x-amz-meta-big", () => ["v".repeat(2048), ""]],
  ["expect", () => ["100-continue"]],
];

const INTERESTING_QUERY: [string, (d: Draw) => string[]][] = [
  ["list-type", () => ["2", "1", "3", ""]],
  ["max-keys", () => ["-1", "0", "abc", "99999999999999999999", "1.5"]],
  [
    "continuation-token",
    (d) => [
      "",
      "!!!",
      Buffer.from(JSON.stringify(["a", true])).toString("base64"),
      Buffer.from(JSON.stringify({ offset: 1 })).toString("base64"),
      d.string(20),
    ],
  ],
  ["delete", () => [""]],
  ["location", () => [""]],
  ["acl", () => [""]],
  ["uploads", () => [""]],
  ["versionId", () => ["1", ""]],
  ["encoding-type", () => ["url", "base64"]],
  ["prefix", (d) => ["", "\u0000", d.string(10)]],
  ["delimiter", () => ["", "/", "//", "\u0000"]],
  ["start-after", (d) => [d.string(5), "\uffff"]],
  ["X-Amz-Algorithm", () => ["AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1", ""]],
  ["X-Amz-Expires", () => ["-1", "abc", "604801", "0"]],
  ["X-Amz-Credential", () => ["AKIAEMULATORLOCAL000/20260101/us-east-1/s3/aws4_request", "x"]],
  ["Action", () => ["ListMetrics", "__proto__", ""]],
  ["__proto__", () => ["x"]],
  ["constructor", () => ["x"]],
];

const SIGNINGS: { weight: number; signing: Signing }[] = [
  { weight: 0.3, signing: { kind: "none" } },
  { weight: 0.2, signing: { kind: "wrongSecret" } },
  { weight: 0.15, signing: { kind: "unknownKey" } },
  { weight: 0.1, signing: { kind: "tampered" } },
  { weight: 0.15, signing: { kind: "skewed", skewMs: -3_600_000 } },
  { weight: 0.1, signing: { kind: "skewed", skewMs: 3_600_000 } },
];

const POST_SIGN: PostSignMutation[] = [
  { what: "body changed after signing", apply: (p) => void (p.body = Buffer.concat([p.body, Buffer.from("x")])) },
  { what: "authorization removed after signing", apply: (p) => void delete p.headers["authorization"] },
  { what: "x-amz-date removed after signing", apply: (p) => void delete p.headers["x-amz-date"] },
  {
    what: "authorization truncated after signing",
    apply: (p) => void (p.headers["authorization"] = (p.headers["authorization"] ?? "").slice(0, 40)),
  },
  { what: "signed header changed after signing", apply: (p) => void (p.headers["host"] = `${p.headers["host"]}0`) },
  {
    what: "credential scope region changed after signing",
    apply: (p) =>
      void (p.headers["authorization"] = (p.headers["authorization"] ?? "").replace("/us-east-1/", "/eu-west-1/")),
  },
  {
    what: "authorization algorithm changed after signing",
    apply: (p) =>
      void (p.headers["authorization"] = (p.headers["authorization"] ?? "").replace(
        "AWS4-HMAC-SHA256",
        "AWS4-HMAC-SHA512",
      )),
  },
];

/** Broken HTTP written straight to a socket. */
const RAW_BYTES = (d: Draw, host: string): Buffer[] => [
  Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\nContent-Length: abc\r\n\r\n`),
  Buffer.from(`POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 10\r\n\r\nshort`),
  Buffer.from(`POST / HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nbroken\r\n0\r\n\r\n`),
  Buffer.from(`POST / HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n`),
  Buffer.from(`GET /\u0000/x HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
  Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`),
  Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\nBad Header Without Colon\r\n\r\n`),
  Buffer.from(`${d.string(30, "ABCDEFGH /\r\n")}\r\n\r\n`),
  Buffer.from(`GET / HTTP/9.9\r\nHost: ${host}\r\n\r\n`),
  Buffer.concat([
    Buffer.from(`PUT /${FUZZ_FIXTURES.bucket}/raw HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\n\r\n`),
    d.bytes(5),
  ]),
  d.bytes(d.int(1, 200)),
  Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\n\r\nGET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
];

/** Request `index` of the stream of `seed`. */
export function generate(seed: number, index: number, host: string): FuzzRequest {
  const d = new Draw(requestRng(seed, index));
  if (d.chance(0.01)) {
    const bytes = d.pick(RAW_BYTES(d, host));
    return {
      index,
      origin: "raw bytes",
      mutations: [`raw: ${JSON.stringify(bytes.subarray(0, 40).toString("latin1"))}`],
      bytes,
      authBroken: true,
    };
  }
  let x = d.rng.next();
  const group = SEEDS.find((g) => (x -= g.weight) < 0) ?? SEEDS[0]!;
  const { origin, raw: seedRequest } = d.pick(group.seeds)(d);
  let raw: RawRequest = seedRequest;
  const mutations: string[] = [];
  // A quarter of the stream stays valid: the state the mutants meet keeps changing.
  const count = d.chance(0.25) ? 0 : d.pick([1, 1, 1, 2, 2, 3, 4]);
  for (let i = 0; i < count; i++) {
    const m = d.pick(MUTATIONS.filter((mu) => mu.applies(raw)));
    let note = m.what;
    raw = m.apply(raw, d, (s) => (note = s));
    mutations.push(note);
  }
  // Oversize Runtime payloads are rare: 6 MB a time is what they cost.
  if (raw.service === "runtime" && d.chance(0.002)) {
    raw = { ...raw, body: Buffer.alloc(6_291_457, 0x31) };
    mutations.push("body over 6 MB");
  }
  let authBroken = false;
  if (d.chance(0.06)) {
    let y = d.rng.next();
    const signing = (SIGNINGS.find((s) => (y -= s.weight) < 0) ?? SIGNINGS[0]!).signing;
    raw = { ...raw, signing };
    mutations.push(`signing ${signing.kind}${signing.kind === "skewed" ? ` ${signing.skewMs / 60_000} min` : ""}`);
    authBroken = true;
  }
  let postSign: PostSignMutation | undefined;
  if (!authBroken && d.chance(0.03)) {
    postSign = d.pick(POST_SIGN);
    mutations.push(postSign.what);
    authBroken = true;
  }
  return { index, origin, mutations, raw, postSign, authBroken };
}

export const SERVICES_OF_ORIGIN = (origin: string): Service | "raw" => {
  if (origin.startsWith("S3")) return "s3";
  if (origin.startsWith("SageMaker")) return "sagemaker";
  if (origin.startsWith("Runtime")) return "runtime";
  if (origin.startsWith("CloudWatch")) return "cloudwatch";
  return "raw";
};
