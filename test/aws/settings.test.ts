import { settings } from "../../src/aws/settings";

describe("the notebook's settings (GUARDRAILS_* environment variables)", () => {
  it("are all unset by default: the target is the notebook's TARGET, else local", () => {
    expect(settings({})).toEqual({});
    expect(JSON.parse(JSON.stringify(settings({ GUARDRAILS_TARGET: "" })))).toEqual({});
  });

  it("read every variable once, as its type", () => {
    expect(
      settings({
        GUARDRAILS_TARGET: "aws",
        GUARDRAILS_PROFILE: "fast",
        GUARDRAILS_EMULATOR_URL: "http://127.0.0.1:4600",
        GUARDRAILS_EMULATOR_PORT: "4600",
        GUARDRAILS_STATE_DIR: "/tmp/state",
        GUARDRAILS_EMULATOR_CONTAINERS: "/tmp/containers.json",
        GUARDRAILS_TIME_SCALE: "30",
        GUARDRAILS_ROLE_ARN: "arn:aws:iam::123456789012:role/r",
        GUARDRAILS_BUCKET: "my-bucket",
      }),
    ).toEqual({
      target: "aws",
      profile: "fast",
      emulatorUrl: "http://127.0.0.1:4600",
      emulatorPort: 4600,
      stateDir: "/tmp/state",
      containersFile: "/tmp/containers.json",
      timeScale: 30,
      roleArn: "arn:aws:iam::123456789012:role/r",
      bucket: "my-bucket",
    });
  });

  it.each([
    ["GUARDRAILS_TARGET", "AWS", 'GUARDRAILS_TARGET="AWS" is not allowed: use "local" or "aws".'],
    ["GUARDRAILS_PROFILE", "slow", 'GUARDRAILS_PROFILE="slow" is not allowed: use "fast" or "aws".'],
    [
      "GUARDRAILS_EMULATOR_PORT",
      "45x",
      'GUARDRAILS_EMULATOR_PORT="45x" is not allowed: use a port number from 0 to 65535.',
    ],
    [
      "GUARDRAILS_EMULATOR_PORT",
      "70000",
      'GUARDRAILS_EMULATOR_PORT="70000" is not allowed: use a port number from 0 to 65535.',
    ],
    [
      "GUARDRAILS_EMULATOR_URL",
      "127.0.0.1:4599",
      'GUARDRAILS_EMULATOR_URL="127.0.0.1:4599" is not allowed: use an http:// or https:// URL.',
    ],
    ...["0", "61", "2.5", "x10"].map((value) => [
      "GUARDRAILS_TIME_SCALE",
      value,
      `GUARDRAILS_TIME_SCALE="${value}" is not allowed: use a whole number from 1 (real time) to 60: how many times faster than real time the emulator's clock runs.`,
    ]),
  ])("refuse a wrong %s (%s) in one line naming what is allowed", (name, value, message) => {
    expect(() => settings({ [name]: value })).toThrow(message);
    try {
      settings({ [name]: value });
    } catch (e) {
      expect((e as Error).stack).toBe(`❌ ${message}`);
    }
  });
});
