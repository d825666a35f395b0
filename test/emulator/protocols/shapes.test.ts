import { GetMetricStatisticsInput$, PutMetricAlarmInput$, PutMetricDataInput$ } from "@aws-sdk/client-cloudwatch";
import {
  CreateEndpointConfigInput$,
  CreateModelInput$,
  ListEndpointsInput$,
  ListModelsInput$,
} from "@aws-sdk/client-sagemaker";
import { NormalizedSchema } from "@smithy/core/schema";
import { ServiceError } from "../../../src/emulator/errors";
import { fromJson, fromQuery } from "../../../src/emulator/protocols/shapes";

const invalid = (path: string, value: string) => new ServiceError("InvalidParameterValue", `${path}=${value}`, 400);
const shape = (schema: Parameters<typeof NormalizedSchema.of>[0]) => NormalizedSchema.of(schema);

describe("decoding a request by its operation's input shape", () => {
  it("types the query form's text: numbers, booleans, timestamps and lists, nested as the shape says", () => {
    const form = {
      Namespace: "N",
      MetricData: [
        {
          MetricName: "m",
          Value: "1.5",
          Timestamp: "2026-01-01T00:00:00Z",
          Values: ["1", "2"],
          Dimensions: [{ Name: "a", Value: "b" }],
          Unknown: "dropped",
        },
      ],
    };
    expect(fromQuery(shape(PutMetricDataInput$), form, "", invalid)).toEqual({
      Namespace: "N",
      MetricData: [
        {
          MetricName: "m",
          Value: 1.5,
          Timestamp: new Date("2026-01-01T00:00:00Z"),
          Values: [1, 2],
          Dimensions: [{ Name: "a", Value: "b" }],
        },
      ],
    });
    expect(fromQuery(shape(PutMetricAlarmInput$), { ActionsEnabled: "false", Period: "60" }, "", invalid)).toEqual({
      ActionsEnabled: false,
      Period: 60,
    });
    // A list sent as one value (no member.N) is a list of one.
    expect(fromQuery(shape(GetMetricStatisticsInput$), { Statistics: "Sum" }, "", invalid)).toEqual({
      Statistics: ["Sum"],
    });
  });

  it("refuses a query value that is not of its member's type, naming the parameter as sent", () => {
    const form = { Namespace: "N", MetricData: [{ MetricName: "m" }, { MetricName: "m", Value: "lots" }] };
    expect(() => fromQuery(shape(PutMetricDataInput$), form, "", invalid)).toThrow("MetricData.member.2.Value=lots");
    expect(() => fromQuery(shape(GetMetricStatisticsInput$), { StartTime: "yesterday" }, "", invalid)).toThrow(
      "StartTime=yesterday",
    );
    expect(() => fromQuery(shape(PutMetricAlarmInput$), { ActionsEnabled: "yes" }, "", invalid)).toThrow(
      "ActionsEnabled=yes",
    );
  });

  it("reads JSON as typed, epoch seconds as Dates, null as absent; a wrong JSON type is a SerializationException", () => {
    expect(
      fromJson(shape(GetMetricStatisticsInput$), { StartTime: 1_700_000_000, Period: 60, Unit: null }, ""),
    ).toEqual({ StartTime: new Date(1_700_000_000_000), Period: 60 });
    expect(fromJson(shape(ListEndpointsInput$), { CreationTimeAfter: 1_700_000_000.5, MaxResults: 5 }, "")).toEqual({
      CreationTimeAfter: new Date(1_700_000_000_500),
      MaxResults: 5,
    });
    for (const input of [{ Namespace: 7 }, { MetricData: {} }, { MetricData: [{ Value: "1" }] }]) {
      expect(() => fromJson(shape(PutMetricDataInput$), input, "")).toThrow(/^Unexpected value type for member/);
    }
  });

  it("names the member of the wrong JSON type as AWS's messages write its path", () => {
    const refusal = (schema: Parameters<typeof shape>[0], input: object): string => {
      try {
        fromJson(shape(schema), input, "");
      } catch (e) {
        return (e as Error).message;
      }
      return "decoded";
    };
    const variant = { VariantName: "v", ModelName: "m", InstanceType: "ml.m5.large" };
    expect(
      refusal(CreateEndpointConfigInput$, { ProductionVariants: [variant, { ...variant, InitialInstanceCount: "2" }] }),
    ).toBe("Unexpected value type for member 'productionVariants.2.member.initialInstanceCount'.");
    expect(refusal(ListModelsInput$, { CreationTimeBefore: "2026-01-01T00:00:00Z" })).toBe(
      "Unexpected value type for member 'creationTimeBefore'.",
    );
    expect(refusal(ListModelsInput$, { CreationTimeBefore: 1e300 })).toBe(
      "Unexpected value type for member 'creationTimeBefore'.",
    );
  });

  it("refuses a null list member, except in a query-compatible API, which reads it as its query form would (empty)", () => {
    expect(() => fromJson(shape(CreateModelInput$), { ModelName: "m", Tags: [null] }, "")).toThrow(
      "Unexpected value type for member 'tags.1.member'.",
    );
    const metricData = { Namespace: "N", MetricData: [null] };
    expect(fromJson(shape(PutMetricDataInput$), metricData, "", { queryCompatible: true })).toEqual({
      Namespace: "N",
      MetricData: [{}],
    });
  });
});
