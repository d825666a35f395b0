/**
 * A canary with auto-rollback driven end to end through Debian's boto3 (botocore 1.29), on the
 * emulator's wall clock: the notebook's three alarms over CloudWatch's query protocol,
 * UpdateEndpoint with a canary DeploymentConfig to the XGBoost image with the 009 artifact,
 * traffic at about 10 requests/s, DescribeEndpoint polled every 500 ms until it settles.
 */
import { join } from "node:path";
import { CreateEndpointConfigCommand } from "@aws-sdk/client-sagemaker";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  ROLE,
  XGBOOST_IMAGE,
  startTestEmulator,
  type TestEmulator,
} from "../../../support/emulator";
import { describeWithTools } from "../../support/tools";
import { BOTO3, BOTO3_PRELUDE, python } from "./tools";

let t: TestEmulator;
beforeAll(async () => {
  // Provisioning steps of a second, as on the CLI's default scale: a 500 ms poller sees each one.
  t = await startTestEmulator({ provisioningDelayMs: 1000 });
});
afterAll(() => t.stop());

/** Artifacts and models; the endpoint configs come next, from the test (createConfigs). */
const SETUP = `${BOTO3_PRELUDE}
s3.create_bucket(Bucket="models")
for name in ["005-model.tar.gz", "009-model.tar.gz"]:
    s3.put_object(Bucket="models", Key=name, Body=open(os.path.join(${JSON.stringify(DATA)}, name), "rb").read())
for config, image, key in [("v2-1", ${JSON.stringify(LINEAR_LEARNER_IMAGE)}, "009"), ("v2-2", ${JSON.stringify(XGBOOST_IMAGE)}, "009")]:
    sm.create_model(ModelName=config, ExecutionRoleArn=${JSON.stringify(ROLE)}, PrimaryContainer={"Image": image, "ModelDataUrl": f"s3://models/{key}-model.tar.gz"})
`;

const SCRIPT = `${BOTO3_PRELUDE}
endpoint = "weather-prediction-endpoint"
row = open(${JSON.stringify(join(DATA, "test_linear_input_cols.csv"))}).readline().strip().encode()

sm.create_endpoint(EndpointName=endpoint, EndpointConfigName="v2-1")
while sm.describe_endpoint(EndpointName=endpoint)["EndpointStatus"] == "Creating":
    time.sleep(0.05)

alarms = []
for kind, metric, stat, threshold in [("5XXErrors", "Invocation5XXErrors", "Sum", 1), ("4XXErrors", "Invocation4XXErrors", "Sum", 1), ("ModelLatency", "ModelLatency", "Average", 10000)]:
    name = f"TestAlarm-{kind}-{endpoint}"
    cw.put_metric_alarm(AlarmName=name, Namespace="AWS/SageMaker", MetricName=metric, Statistic=stat, Threshold=threshold,
        Dimensions=[{"Name": "EndpointName", "Value": endpoint}, {"Name": "VariantName", "Value": "AllTraffic"}],
        Period=10, EvaluationPeriods=1, ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="notBreaching", ActionsEnabled=False)
    alarms.append(name)

sm.update_endpoint(EndpointName=endpoint, EndpointConfigName="v2-2", DeploymentConfig={
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1}, "WaitIntervalInSeconds": 20},
        "TerminationWaitInSeconds": 10, "MaximumExecutionTimeoutInSeconds": 600},
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": a} for a in alarms]}})

statuses, errors, answered, last_poll = [], [], 0, 0.0
deadline = time.time() + 60
while time.time() < deadline:
    try:
        rt.invoke_endpoint(EndpointName=endpoint, Body=row, ContentType="text/csv")
        answered += 1
    except botocore.exceptions.ClientError as e:
        errors.append([e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response.get("OriginalStatusCode")])
    if time.time() - last_poll >= 0.5:
        last_poll = time.time()
        d = sm.describe_endpoint(EndpointName=endpoint)
        if not statuses or statuses[-1] != d["EndpointStatus"]:
            statuses.append(d["EndpointStatus"])
        if d["EndpointStatus"] == "InService" and len(statuses) > 1:
            break
    time.sleep(0.1)

d = sm.describe_endpoint(EndpointName=endpoint)
history = cw.describe_alarm_history(AlarmName=alarms[0], HistoryItemType="StateUpdate", ScanBy="TimestampAscending")["AlarmHistoryItems"]
print(json.dumps({
    "statuses": statuses,
    "config": d["EndpointConfigName"],
    "failure_reason": d.get("FailureReason"),
    "last_deployment_type": d["LastDeploymentConfig"]["BlueGreenUpdatePolicy"]["TrafficRoutingConfiguration"]["Type"],
    "pending": "PendingDeploymentSummary" in d,
    "answered": answered,
    "errors": errors,
    "alarm_went_to_alarm": any(h["HistorySummary"].endswith("to ALARM") for h in history),
    "alarm_reason": json.loads(history[-1]["HistoryData"])["newState"]["stateReason"] if history else None,
    "alarm_names": [a["AlarmName"] for a in cw.describe_alarms(AlarmNamePrefix="TestAlarm-")["MetricAlarms"]],
}))
`;

/**
 * The two configs, created through the JS SDK: Debian's botocore 1.29 predates MetricsConfig, and
 * the 10-second alarms need the invocation metrics published every 10 s (enhanced metrics).
 */
async function createConfigs(): Promise<void> {
  for (const name of ["v2-1", "v2-2"]) {
    await t.sagemaker().send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: name,
        ProductionVariants: [
          { VariantName: "AllTraffic", ModelName: name, InitialInstanceCount: 3, InstanceType: "ml.m5.large" },
        ],
        MetricsConfig: { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 10 },
      }),
    );
  }
}

describeWithTools([BOTO3], "a canary with auto-rollback through boto3", () => {
  it("rolls the faulty canary back on the 5XX alarm: Updating → RollingBack → InService on the previous config", async () => {
    await python(t.emulator.url, SETUP);
    await createConfigs();
    const r = JSON.parse(await python(t.emulator.url, SCRIPT)) as Record<string, unknown> & {
      errors: unknown[][];
      answered: number;
      alarm_reason: string;
    };
    expect(r).toMatchObject({
      statuses: ["Updating", "RollingBack", "InService"],
      config: "v2-1",
      failure_reason:
        "One or more configured alarm for automatic rollback deployment is in ALARM state: [TestAlarm-5XXErrors-weather-prediction-endpoint].",
      last_deployment_type: "CANARY",
      pending: false,
      alarm_went_to_alarm: true,
      alarm_names: [
        "TestAlarm-4XXErrors-weather-prediction-endpoint",
        "TestAlarm-5XXErrors-weather-prediction-endpoint",
        "TestAlarm-ModelLatency-weather-prediction-endpoint",
      ],
    });
    expect(r.errors.length).toBeGreaterThan(0);
    expect(
      r.errors.every(([code, status, original]) => code === "ModelError" && status === 424 && original === 500),
    ).toBe(true);
    expect(r.answered).toBeGreaterThan(r.errors.length);
    expect(r.alarm_reason).toMatch(
      /^Threshold Crossed: 1 datapoint \[\d+\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\)\] was greater than or equal to the threshold \(1\.0\)\.$/,
    );
  });
});
