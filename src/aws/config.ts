/**
 * Everything the notebook names or times, in one place: the target (local
 * emulator or AWS), the timing profile of that target, and the name of every
 * resource. Names carry no timestamps, so reruns reuse what they created.
 */

import type { MetricsConfig } from "@aws-sdk/client-sagemaker";
import { settings, type ProfileName, type Settings, type Target } from "./settings";

/** Waits and rates of one target. Local values are short but still valid on CloudWatch/SageMaker. */
export interface TimingProfile {
  /** Alarm Period in seconds (CloudWatch: 10, 20, 30 or a multiple of 60). */
  alarmPeriodSeconds: number;
  /** Canary bake: TrafficRoutingConfiguration.WaitIntervalInSeconds. */
  canaryBakeSeconds: number;
  /** Final bake on full capacity: TerminationWaitInSeconds. */
  finalBakeSeconds: number;
  /** MaximumExecutionTimeoutInSeconds (SageMaker: 600–28800). */
  maxExecutionSeconds: number;
  /** Requests per second the traffic generator sends. */
  requestsPerSecond: number;
  /** Requests of the plain inference test in Task 1. */
  testRequests: number;
  /** Requests of each shadow run in Task 3 (at most one per test row), and their rate. */
  shadowRequests: number;
  shadowRequestsPerSecond: number;
  /** How often DescribeEndpoint is polled while waiting. */
  pollMs: number;
  /** Metric chart period in seconds, and how far back charts look. */
  chartPeriodSeconds: number;
  chartWindowMinutes: number;
  /**
   * The endpoint configs' MetricsConfig. SageMaker publishes invocation metrics
   * once a minute unless enhanced metrics set a shorter interval: 10-second
   * alarms need `MetricPublishFrequencyInSeconds: 10` to see data every period.
   */
  metricsConfig?: MetricsConfig;
  /**
   * When CloudWatch's counts of a request are final: at the end of its publish
   * interval (MetricsConfig's, else a minute) plus the publication delay (the
   * emulator's is 2 s; AWS documents none, so the aws profile allows a minute).
   */
  metricsPublication: { intervalSeconds: number; delaySeconds: number };
}

/** The timing profiles by name: `fast` (the local default) and `aws` (the original notebook's timings). */
export const PROFILES: Record<ProfileName, TimingProfile> = {
  // As the original notebook: 1-minute alarms, 5-minute canary bake, 2-minute final bake.
  aws: {
    alarmPeriodSeconds: 60,
    canaryBakeSeconds: 300,
    finalBakeSeconds: 120,
    maxExecutionSeconds: 1800,
    requestsPerSecond: 1,
    testRequests: 100,
    shadowRequests: 300,
    shadowRequestsPerSecond: 2,
    pollMs: 15_000,
    chartPeriodSeconds: 60,
    chartWindowMinutes: 60,
    metricsPublication: { intervalSeconds: 60, delaySeconds: 60 },
  },
  // High-resolution alarms and bakes of tens of seconds: a full run takes minutes, on AWS too.
  fast: {
    alarmPeriodSeconds: 10,
    canaryBakeSeconds: 20,
    finalBakeSeconds: 10,
    maxExecutionSeconds: 600,
    requestsPerSecond: 20,
    testRequests: 100,
    // The whole test set: the shadow comparison then reproduces the tuning table's test accuracies.
    shadowRequests: 100_000,
    shadowRequestsPerSecond: 50,
    pollMs: 500,
    chartPeriodSeconds: 10,
    chartWindowMinutes: 15,
    metricsConfig: { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 10 },
    metricsPublication: { intervalSeconds: 10, delaySeconds: 3 },
  },
};

/** Account of the built-in algorithm images per region: [linear-learner, sagemaker-xgboost]. */
const IMAGE_ACCOUNTS: Record<string, [string, string]> = {
  "us-east-1": ["382416733822", "683313688378"],
  "us-east-2": ["404615174143", "257758044811"],
  "us-west-1": ["632365934929", "746614075791"],
  "us-west-2": ["174872318107", "246618743249"],
  "eu-west-1": ["438346466558", "141502667606"],
  "eu-west-2": ["644912444149", "764974769150"],
  "eu-central-1": ["664544806723", "492215442770"],
  "ap-northeast-1": ["351501993468", "354813040037"],
  "ap-southeast-1": ["475088953585", "121021644041"],
  "ap-southeast-2": ["712309505854", "783357654285"],
  "ap-south-1": ["991648021394", "720646828776"],
  "ca-central-1": ["469771592824", "341280168497"],
  "sa-east-1": ["855470959533", "737474898029"],
  "eu-north-1": ["669576153137", "662702820516"],
  "eu-west-3": ["749696950732", "659782779980"],
};

export interface AlgorithmImages {
  linearLearner: string;
  xgboost: string;
}

export function imagesFor(region: string): AlgorithmImages {
  const accounts = IMAGE_ACCOUNTS[region];
  if (!accounts) {
    throw new Error(
      `No built-in algorithm image URIs known for region "${region}". Supported regions: ${Object.keys(IMAGE_ACCOUNTS).join(", ")}.`,
    );
  }
  const [ll, xgb] = accounts;
  return {
    linearLearner: `${ll}.dkr.ecr.${region}.amazonaws.com/linear-learner:1`,
    xgboost: `${xgb}.dkr.ecr.${region}.amazonaws.com/sagemaker-xgboost:1.2-1`,
  };
}

export const ENDPOINT_NAME = "weather-prediction-endpoint";
export const S3_PREFIX = "sagemaker/RealTime-Weather-Deployment-Guardrails-Canary";
/** Tag on every resource the notebook creates; cleanup deletes only what carries it. */
export const PROJECT_TAG = { Key: "project", Value: "sagemaker-guardrails-notebook" } as const;

export type Version = "v1" | "v2" | "shadow";
export type Slot = 1 | 2 | 3;
export const SLOTS: readonly Slot[] = [1, 2, 3];

/** The name of a model the notebook creates: weather-model-{version}-{slot}. */
export const modelName = (version: Version, slot: Slot): string => `weather-model-${version}-${slot}`;
/** The name of an endpoint config the notebook creates: weather-config-{version}-{slot}. */
export const configName = (version: Version, slot: Slot): string => `weather-config-${version}-${slot}`;

/** The three auto-rollback alarms, by the kind their names carry (Task 2 defines them). */
export const ALARM_KINDS = ["5XXErrors", "4XXErrors", "ModelLatency"] as const;

/** The name of a rollback alarm: TestAlarm-{kind}-{endpoint}. */
export const alarmName = (kind: (typeof ALARM_KINDS)[number], endpoint = ENDPOINT_NAME): string =>
  `TestAlarm-${kind}-${endpoint}`;

/**
 * The session's configuration: target, region, timing profile, resource names, execution role and
 * algorithm images.
 */
export interface NotebookConfig {
  target: Target;
  region: string;
  profileName: ProfileName;
  profile: TimingProfile;
  endpointName: string;
  bucket: string;
  prefix: string;
  /** SageMaker execution role for CreateModel. */
  roleArn: string;
  images: AlgorithmImages;
}

/** A setting the AWS target cannot run without. */
function required(value: string | undefined, name: string, purpose: string): string {
  if (!value) throw new Error(`Set the environment variable ${name} (${purpose}) to run against AWS.`);
  return value;
}

/**
 * The notebook's configuration for `target`. Local needs nothing; AWS takes the
 * region from AWS_REGION / AWS_DEFAULT_REGION and the role and bucket from
 * GUARDRAILS_ROLE_ARN and GUARDRAILS_BUCKET.
 */
export function loadConfig(target?: Target): NotebookConfig {
  const env: Settings = settings();
  target ??= env.target ?? "local";
  if (target !== "local" && target !== "aws")
    throw new Error(`Unknown target "${String(target)}": use "local" or "aws".`);
  // GUARDRAILS_PROFILE, else the target's own: fast locally, the original's timings on AWS.
  const profileName: ProfileName = env.profile ?? (target === "local" ? "fast" : "aws");
  const local = target === "local";
  const region = local ? "us-east-1" : (process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION);
  if (!region)
    throw new Error("Set the environment variable AWS_REGION (the AWS region to deploy in) to run against AWS.");
  return {
    target,
    region,
    profileName,
    profile: PROFILES[profileName],
    endpointName: ENDPOINT_NAME,
    bucket: local
      ? "sagemaker-guardrails-local"
      : required(env.bucket, "GUARDRAILS_BUCKET", "the S3 bucket for artifacts and data capture"),
    prefix: S3_PREFIX,
    roleArn: local
      ? "arn:aws:iam::000000000000:role/service-role/AmazonSageMaker-ExecutionRole-local"
      : required(env.roleArn, "GUARDRAILS_ROLE_ARN", "the SageMaker execution role ARN"),
    images: imagesFor(region),
  };
}

/** The s3:// URI of a file under the session's bucket and prefix, e.g. `s3Uri(session, "005-model.tar.gz")`. */
export const s3Uri = ({ config }: { config: NotebookConfig }, file: string): string =>
  `s3://${config.bucket}/${config.prefix}/${file}`;
