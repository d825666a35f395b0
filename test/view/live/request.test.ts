import { requestText } from "../../../src/view/live/request";

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
