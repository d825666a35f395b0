/**
 * The same services through Debian's boto3 (botocore 1.29): S3 with its default checksums,
 * SageMaker and Runtime, and CloudWatch over the query protocol.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../../src/emulator/clock";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  ROLE,
  publishInvocationMetrics,
  startTestEmulator,
  type TestEmulator,
} from "../../../support/emulator";
import { settled } from "../../../support/shadow";
import { describeWithTools } from "../../support/tools";
import { BOTO3, BOTO3_PRELUDE, python } from "./tools";

let t: TestEmulator;
// A manual clock (at the wall clock's time): the test walks the endpoint's creation and the
// invocation metrics' publication between the script's steps instead of waiting for them.
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  t = await startTestEmulator({ clock });
});
afterAll(() => t.stop());

describeWithTools([BOTO3], "boto3 against the emulator", () => {
  it("drives S3, SageMaker, Runtime and CloudWatch end to end", async () => {
    const model = readFileSync(join(DATA, "005-model.tar.gz")).toString("base64");
    const rows = readFileSync(join(DATA, "test_linear_input_cols.csv"), "utf8").split("\n").slice(0, 5).join("\n");
    const out = await python(
      t.emulator.url,
      `${BOTO3_PRELUDE}
import base64, io
result = {}
s3.create_bucket(Bucket="boto")
s3.upload_fileobj(io.BytesIO(base64.b64decode(${JSON.stringify(model)})), "boto", "models/005.tar.gz")
s3.put_object(Bucket="boto", Key="a b/ü.txt", Body=b"unicode key")
result["get"] = s3.get_object(Bucket="boto", Key="a b/ü.txt")["Body"].read().decode()
result["range"] = s3.get_object(Bucket="boto", Key="a b/ü.txt", Range="bytes=0-6")["Body"].read().decode()
result["keys"] = [o["Key"] for o in s3.list_objects_v2(Bucket="boto")["Contents"]]
result["deleted"] = [d["Key"] for d in s3.delete_objects(Bucket="boto", Delete={"Objects": [{"Key": "a b/ü.txt"}]})["Deleted"]]
result["no_bucket"] = error_of(lambda: s3.head_bucket(Bucket="missing-bucket"))
result["not_empty"] = error_of(lambda: s3.delete_bucket(Bucket="boto"))

sm.create_model(ModelName="boto-model", ExecutionRoleArn=${JSON.stringify(ROLE)}, PrimaryContainer={"Image": ${JSON.stringify(LINEAR_LEARNER_IMAGE)}, "ModelDataUrl": "s3://boto/models/005.tar.gz"})
sm.create_endpoint_config(EndpointConfigName="boto-config", ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": "boto-model", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
sm.create_endpoint(EndpointName="boto-endpoint", EndpointConfigName="boto-config")
print(json.dumps(result))
`,
    );
    await settled(t, "boto-endpoint");
    const invoked = await python(
      t.emulator.url,
      `${BOTO3_PRELUDE}
result = {"status": sm.describe_endpoint(EndpointName="boto-endpoint")["EndpointStatus"]}
result["creation_time_is_datetime"] = isinstance(sm.describe_model(ModelName="boto-model")["CreationTime"], datetime.datetime)
result["duplicate"] = error_of(lambda: sm.create_model(ModelName="boto-model", ExecutionRoleArn=${JSON.stringify(ROLE)}, PrimaryContainer={"Image": "x"}))
answer = rt.invoke_endpoint(EndpointName="boto-endpoint", ContentType="text/csv", Accept="application/json", Body=${JSON.stringify(rows)}.encode())
result["predictions"] = len(json.loads(answer["Body"].read())["predictions"])
result["variant"] = answer["InvokedProductionVariant"]
result["unknown_endpoint"] = error_of(lambda: rt.invoke_endpoint(EndpointName="nowhere", Body=b"1"))
print(json.dumps(result))
`,
    );
    publishInvocationMetrics(clock);
    const read = await python(
      t.emulator.url,
      `${BOTO3_PRELUDE}
result = {}
now = datetime.datetime.now(datetime.timezone.utc)
dims = [{"Name": "EndpointName", "Value": "boto-endpoint"}, {"Name": "VariantName", "Value": "AllTraffic"}]
data = cw.get_metric_data(StartTime=now - datetime.timedelta(minutes=10), EndTime=now + datetime.timedelta(minutes=1), MetricDataQueries=[
    {"Id": "inv", "MetricStat": {"Metric": {"Namespace": "AWS/SageMaker", "MetricName": "Invocations", "Dimensions": dims}, "Period": 3600, "Stat": "Sum"}},
    {"Id": "lat", "MetricStat": {"Metric": {"Namespace": "AWS/SageMaker", "MetricName": "ModelLatency", "Dimensions": dims}, "Period": 3600, "Stat": "p99"}}])
result["invocations"] = data["MetricDataResults"][0]["Values"]
result["latency_positive"] = data["MetricDataResults"][1]["Values"][0] > 0
stats = lambda **statistics: cw.get_metric_statistics(Namespace="AWS/SageMaker", MetricName="ModelLatency", Dimensions=dims, StartTime=now - datetime.timedelta(minutes=10), EndTime=now + datetime.timedelta(minutes=1), Period=3600, **statistics)
result["latency_unit"] = stats(Statistics=["SampleCount"])["Datapoints"][0]["Unit"]
result["p50_present"] = "p50" in stats(ExtendedStatistics=["p50"])["Datapoints"][0]["ExtendedStatistics"]
result["metric_names"] = sorted(set(m["MetricName"] for m in cw.list_metrics(Namespace="AWS/SageMaker", Dimensions=[{"Name": "EndpointName", "Value": "boto-endpoint"}])["Metrics"]))
result["missing_param"] = error_of(lambda: cw.get_metric_statistics(Namespace="x", MetricName="y", StartTime=now, EndTime=now + datetime.timedelta(minutes=1), Period=60))
print(json.dumps(result))
`,
    );
    const r = Object.assign({}, ...[out, invoked, read].map((o) => JSON.parse(o) as Record<string, unknown>)) as Record<
      string,
      unknown
    >;
    expect(r).toEqual({
      get: "unicode key",
      range: "unicode",
      keys: ["a b/ü.txt", "models/005.tar.gz"],
      deleted: ["a b/ü.txt"],
      no_bucket: ["404", "Not Found", 404],
      not_empty: ["BucketNotEmpty", "The bucket you tried to delete is not empty", 409],
      status: "InService",
      creation_time_is_datetime: true,
      duplicate: [
        "ValidationException",
        'Cannot create already existing model "arn:aws:sagemaker:us-east-1:000000000000:model/boto-model".',
        400,
      ],
      predictions: 5,
      variant: "AllTraffic",
      unknown_endpoint: ["ValidationError", "Endpoint nowhere of account 000000000000 not found.", 400],
      invocations: [1],
      latency_positive: true,
      latency_unit: "Microseconds",
      p50_present: true,
      metric_names: [
        "Invocation4XXErrors",
        "Invocation5XXErrors",
        "InvocationModelErrors",
        "Invocations",
        "InvocationsPerInstance",
        "ModelLatency",
        "OverheadLatency",
      ],
      missing_param: ["MissingParameter", "The parameter Statistics or ExtendedStatistics is required.", 400],
    });
  });
});
