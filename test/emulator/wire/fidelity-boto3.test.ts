/**
 * Behaviours AWS documents for S3, CloudWatch and SageMaker, through Debian's boto3 (botocore 1.29), where
 * the wire matters: S3 bucket regions and tagging, HeadObject ranges and ListObjects v1 over
 * restXml; CloudWatch's refusals, units and paging over the query protocol; SageMaker's floats as
 * a Python client reads them, SerializationException and UpdateEndpointWeightsAndCapacities over
 * JSON 1.1.
 */
import { DATA, LINEAR_LEARNER_IMAGE, ROLE, startTestEmulator, type TestEmulator } from "../../../support/emulator";
import { describeWithTools } from "../../support/tools";
import { BOTO3, BOTO3_PRELUDE, python } from "./tools";

let t: TestEmulator;
beforeAll(async () => {
  // Half a second per provisioning step, so the script's poller sees Updating before InService.
  t = await startTestEmulator({ provisioningDelayMs: 500 });
});
afterAll(() => t.stop());

const PRELUDE = `${BOTO3_PRELUDE}
result = {}
`;

const run = async (script: string) =>
  JSON.parse(await python(t.emulator.url, `${PRELUDE}\n${script}\nprint(json.dumps(result))`)) as Record<
    string,
    unknown
  >;

describeWithTools([BOTO3], "AWS-documented S3, CloudWatch and SageMaker behaviours through boto3", () => {
  it("S3: bucket regions from the LocationConstraint, GetBucketLocation, HeadObject ranges, ListObjects v1, bucket tagging", async () => {
    const r = await run(`
eu = boto3.client("s3", endpoint_url=url, config=cfg, region_name="eu-west-1")
result["unspecified"] = error_of(lambda: eu.create_bucket(Bucket="no-constraint"))
result["other_region"] = error_of(lambda: eu.create_bucket(Bucket="other-region", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}))
result["named_us_east_1"] = error_of(lambda: s3.create_bucket(Bucket="named-virginia", CreateBucketConfiguration={"LocationConstraint": "us-east-1"}))
s3.create_bucket(Bucket="from-global", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
s3.create_bucket(Bucket="in-virginia")
result["locations"] = [s3.get_bucket_location(Bucket=b)["LocationConstraint"] for b in ["from-global", "in-virginia"]]

s3.put_object(Bucket="in-virginia", Key="digits", Body=b"0123456789")
head = s3.head_object(Bucket="in-virginia", Key="digits", Range="bytes=2-5")
# botocore 1.29's HeadObject shape predates ContentRange: read the header itself.
result["head_range"] = [head["ResponseMetadata"]["HTTPStatusCode"], head["ResponseMetadata"]["HTTPHeaders"]["content-range"], head["ContentLength"]]

for key in ["v1/a/1", "v1/a/2", "v1/b/1", "v1/c", "v1/d"]:
    s3.put_object(Bucket="in-virginia", Key=key, Body=b"x")
pages = s3.get_paginator("list_objects").paginate(Bucket="in-virginia", Prefix="v1/", Delimiter="/", PaginationConfig={"PageSize": 2})
result["v1_pages"] = [[p["Prefix"] for p in page.get("CommonPrefixes", [])] + [o["Key"] for o in page.get("Contents", [])] for page in pages]

s3.put_bucket_tagging(Bucket="in-virginia", Tagging={"TagSet": [{"Key": "project", "Value": "guardrails"}]})
result["tags"] = s3.get_bucket_tagging(Bucket="in-virginia")["TagSet"]
s3.delete_bucket_tagging(Bucket="in-virginia")
result["no_tags"] = error_of(lambda: s3.get_bucket_tagging(Bucket="in-virginia"))
`);
    expect(r).toEqual({
      unspecified: [
        "IllegalLocationConstraintException",
        "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.",
        400,
      ],
      other_region: [
        "IllegalLocationConstraintException",
        "The eu-central-1 location constraint is incompatible for the region specific endpoint this request was sent to.",
        400,
      ],
      named_us_east_1: ["InvalidLocationConstraint", "The specified location-constraint is not valid", 400],
      locations: ["eu-west-1", null],
      head_range: [206, "bytes 2-5/10", 4],
      v1_pages: [
        ["v1/a/", "v1/b/"],
        ["v1/c", "v1/d"],
      ],
      tags: [{ Key: "project", Value: "guardrails" }],
      no_tags: ["NoSuchTagSet", "The TagSet does not exist", 404],
    });
  });

  it("CloudWatch (query protocol): PutMetricData refusals, GetMetricData's Unit and time order, ListMetrics pages of 500", async () => {
    const r = await run(`
now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0) - datetime.timedelta(minutes=5)
put = lambda datum: cw.put_metric_data(Namespace="Wire/Fidelity", MetricData=[{"MetricName": "m", "Timestamp": now, **datum}])
result["counts"] = error_of(lambda: put({"Values": [1.0, 10.0], "Counts": [2, 4, 1]}))
result["combination"] = error_of(lambda: put({"Value": 1.0, "StatisticValues": {"SampleCount": 2, "Sum": 10, "Minimum": 1, "Maximum": 9}}))
result["old"] = error_of(lambda: put({"Value": 1.0, "Timestamp": now - datetime.timedelta(days=15)}))
put({"Value": 3.0, "Unit": "Milliseconds", "StorageResolution": 1})
query = lambda unit: {"Id": "q", "MetricStat": {"Metric": {"Namespace": "Wire/Fidelity", "MetricName": "m"}, "Period": 60, "Stat": "Sum", **({"Unit": unit} if unit else {})}}
data = lambda unit: cw.get_metric_data(StartTime=now, EndTime=now + datetime.timedelta(minutes=1), MetricDataQueries=[query(unit)])["MetricDataResults"][0]["Values"]
result["units"] = [data(None), data("Milliseconds"), data("Seconds")]
result["reversed"] = error_of(lambda: cw.get_metric_data(StartTime=now + datetime.timedelta(minutes=1), EndTime=now, MetricDataQueries=[query(None)]))
cw.put_metric_data(Namespace="Wire/Paging", MetricData=[{"MetricName": f"metric-{i:04d}", "Timestamp": now, "Value": 1.0} for i in range(501)])
result["pages"] = [len(page["Metrics"]) for page in cw.get_paginator("list_metrics").paginate(Namespace="Wire/Paging")]
`);
    expect(r).toEqual({
      counts: [
        "InvalidParameterValue",
        "The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.",
        400,
      ],
      combination: [
        "InvalidParameterCombination",
        "The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.",
        400,
      ],
      old: [
        "InvalidParameterValue",
        "The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.",
        400,
      ],
      units: [[3], [3], []],
      reversed: ["ValidationError", "The parameter EndTime must be greater than StartTime.", 400],
      pages: [500, 1],
    });
  });

  it("SageMaker (JSON 1.1): floats read as floats, a fraction in an integer member, UpdateEndpointWeightsAndCapacities", async () => {
    const r = await run(`
s3.create_bucket(Bucket="models")
s3.put_object(Bucket="models", Key="005.tar.gz", Body=open(${JSON.stringify(`${DATA}/005-model.tar.gz`)}, "rb").read())
sm.create_model(ModelName="m", ExecutionRoleArn=${JSON.stringify(ROLE)}, PrimaryContainer={"Image": ${JSON.stringify(LINEAR_LEARNER_IMAGE)}, "ModelDataUrl": "s3://models/005.tar.gz"})
variants = [{"VariantName": name, "ModelName": "m", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large", "InitialVariantWeight": weight} for name, weight in [("A", 1), ("B", 0)]]
sm.create_endpoint_config(EndpointConfigName="c", ProductionVariants=variants)
weights = sm.describe_endpoint_config(EndpointConfigName="c")["ProductionVariants"]
result["config_weights"] = [[repr(v["InitialVariantWeight"]), type(v["InitialVariantWeight"]).__name__] for v in weights]
unchecked = boto3.client("sagemaker", endpoint_url=url, config=botocore.config.Config(retries={"max_attempts": 1}, parameter_validation=False))
result["fraction"] = error_of(lambda: unchecked.create_endpoint_config(EndpointConfigName="f", ProductionVariants=[{**variants[0], "InitialInstanceCount": 1.5}]))
sm.create_endpoint(EndpointName="e", EndpointConfigName="c")
while sm.describe_endpoint(EndpointName="e")["EndpointStatus"] == "Creating":
    time.sleep(0.02)
sm.update_endpoint_weights_and_capacities(EndpointName="e", DesiredWeightsAndCapacities=[{"VariantName": "A", "DesiredWeight": 0}, {"VariantName": "B", "DesiredWeight": 1, "DesiredInstanceCount": 2}])
statuses = []
while True:
    d = sm.describe_endpoint(EndpointName="e")
    if not statuses or statuses[-1] != d["EndpointStatus"]:
        statuses.append(d["EndpointStatus"])
    if d["EndpointStatus"] != "Updating":
        break
    time.sleep(0.01)
result["statuses"] = statuses
result["variants"] = [[v["VariantName"], repr(v["CurrentWeight"]), repr(v["DesiredWeight"]), v["CurrentInstanceCount"]] for v in d["ProductionVariants"]]
result["answered_by"] = rt.invoke_endpoint(EndpointName="e", ContentType="text/csv", Body=open(${JSON.stringify(`${DATA}/test_linear_input_cols.csv`)}).readline().strip().encode())["InvokedProductionVariant"]
`);
    expect(r).toEqual({
      config_weights: [
        ["1.0", "float"],
        ["0.0", "float"],
      ],
      fraction: [
        "SerializationException",
        "Unexpected value type for member 'productionVariants.1.member.initialInstanceCount'.",
        400,
      ],
      statuses: ["Updating", "InService"],
      variants: [
        ["A", "0.0", "0.0", 1],
        ["B", "1.0", "1.0", 2],
      ],
      answered_by: "B",
    });
  });
});
