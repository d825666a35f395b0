import { requestLine, requestText } from "../../../src/view/live/request";

describe("showing a request as sent", () => {
  it("names the operation and writes the input as JSON, keeping on one line what fits in 100 columns", () => {
    const text = requestText("UpdateEndpoint", {
      EndpointName: "weather-prediction-endpoint",
      EndpointConfigName: "weather-config-v2-1",
      DeploymentConfig: {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: {
            Type: "CANARY",
            CanarySize: { Type: "INSTANCE_COUNT", Value: 1 },
            WaitIntervalInSeconds: 20,
          },
          TerminationWaitInSeconds: 10,
        },
      },
      RetainAllVariantProperties: undefined,
    });
    expect(text.split("\n")).toEqual([
      "UpdateEndpoint",
      "{",
      '  "EndpointName": "weather-prediction-endpoint",',
      '  "EndpointConfigName": "weather-config-v2-1",',
      '  "DeploymentConfig": {',
      '    "BlueGreenUpdatePolicy": {',
      '      "TrafficRoutingConfiguration": {',
      '        "Type": "CANARY",',
      '        "CanarySize": { "Type": "INSTANCE_COUNT", "Value": 1 },',
      '        "WaitIntervalInSeconds": 20',
      "      },",
      '      "TerminationWaitInSeconds": 10',
      "    }",
      "  }",
      "}",
    ]);
    expect(JSON.parse(text.slice("UpdateEndpoint\n".length))).toMatchObject({
      DeploymentConfig: { BlueGreenUpdatePolicy: { TerminationWaitInSeconds: 10 } },
    });
  });

  it("shows a byte body by its size, not its bytes", () => {
    expect(requestText("PutObject", { Bucket: "b", Key: "k", Body: Buffer.from("abcdef") })).toBe(
      'PutObject\n{ "Bucket": "b", "Key": "k", "Body": "<6 bytes>" }',
    );
    expect(requestText("PutObject", { Body: new Uint8Array(3) })).toBe('PutObject\n{ "Body": "<3 bytes>" }');
  });
});

describe("a loop's further requests", () => {
  const config = (k: number) => ({
    EndpointConfigName: `weather-config-v1-${k}`,
    ProductionVariants: [{ VariantName: "AllTraffic", ModelName: `weather-model-v1-${k}`, InitialInstanceCount: 3 }],
    Tags: [{ Key: "project", Value: "p" }],
  });

  it("show in one line only the members that differ from the loop's first request", () => {
    expect(requestLine("CreateEndpointConfig", config(1), config(2))).toBe(
      'CreateEndpointConfig EndpointConfigName: "weather-config-v1-2", ProductionVariants[0].ModelName: "weather-model-v1-2" – otherwise as the first above',
    );
  });

  it("show bodies by size and members the first request had and this one lacks", () => {
    const first = { Bucket: "b", Key: "a.csv", Body: new Uint8Array(3), ContentType: "text/csv" };
    expect(requestLine("PutObject", first, { Bucket: "b", Key: "b.csv", Body: new Uint8Array(5) })).toBe(
      'PutObject Key: "b.csv", Body: "<5 bytes>", ContentType: (none) – otherwise as the first above',
    );
  });
});
