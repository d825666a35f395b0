import { alarmName, configName, imagesFor, loadConfig, modelName, PROFILES } from "../../src/aws/config";

describe("configuration", () => {
  it("defaults to the local target with the fast timing profile, whose endpoint configs publish metrics every 10 s", () => {
    const config = loadConfig("local");
    expect(config.target).toBe("local");
    expect(config.profileName).toBe("fast");
    expect(config.profile).toBe(PROFILES.fast);
    expect(config.profile.metricsConfig).toEqual({ EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 10 });
    expect(config.profile.metricsConfig?.MetricPublishFrequencyInSeconds).toBe(config.profile.alarmPeriodSeconds);
    expect(config.profile.metricsPublication.intervalSeconds).toBe(
      config.profile.metricsConfig?.MetricPublishFrequencyInSeconds,
    );
    expect(config.endpointName).toBe("weather-prediction-endpoint");
  });

  it("names every resource without timestamps, as the plan does", () => {
    expect(modelName("v2", 2)).toBe("weather-model-v2-2");
    expect(configName("shadow", 3)).toBe("weather-config-shadow-3");
    expect(alarmName("5XXErrors")).toBe("TestAlarm-5XXErrors-weather-prediction-endpoint");
  });

  it("uses CloudWatch-valid alarm periods and SageMaker-valid waits in every profile", () => {
    for (const p of Object.values(PROFILES)) {
      expect([10, 20, 30].includes(p.alarmPeriodSeconds) || p.alarmPeriodSeconds % 60 === 0).toBe(true);
      expect(p.maxExecutionSeconds).toBeGreaterThanOrEqual(600);
      expect(p.maxExecutionSeconds).toBeGreaterThan(p.canaryBakeSeconds + p.finalBakeSeconds);
    }
    expect(PROFILES.aws).toMatchObject({ alarmPeriodSeconds: 60, canaryBakeSeconds: 300, finalBakeSeconds: 120 });
  });

  it("maps a region to the built-in algorithm images", () => {
    expect(imagesFor("us-east-1")).toEqual({
      linearLearner: "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1",
      xgboost: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.2-1",
    });
  });

  it("refuses an unknown region, naming the supported ones", () => {
    expect(() => imagesFor("mars-north-1")).toThrow(/"mars-north-1".*Supported regions: us-east-1, us-east-2/);
  });

  describe("the aws target", () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it("takes its timing profile from GUARDRAILS_PROFILE, apart from the target", () => {
      Object.assign(process.env, {
        AWS_REGION: "eu-west-1",
        GUARDRAILS_BUCKET: "b",
        GUARDRAILS_ROLE_ARN: "arn:aws:iam::123456789012:role/x",
        GUARDRAILS_PROFILE: "fast",
      });
      expect(loadConfig("aws")).toMatchObject({ target: "aws", profileName: "fast", profile: PROFILES.fast });
      process.env.GUARDRAILS_PROFILE = "aws";
      expect(loadConfig("local")).toMatchObject({ target: "local", profileName: "aws", profile: PROFILES.aws });
      process.env.GUARDRAILS_PROFILE = "slow";
      expect(() => loadConfig("local")).toThrow('GUARDRAILS_PROFILE="slow" is not allowed: use "fast" or "aws".');
    });

    it("names the missing environment variable", () => {
      process.env.AWS_REGION = "eu-west-1";
      delete process.env.GUARDRAILS_BUCKET;
      process.env.GUARDRAILS_ROLE_ARN = "arn:aws:iam::123456789012:role/x";
      expect(() => loadConfig("aws")).toThrow(/GUARDRAILS_BUCKET/);
      process.env.GUARDRAILS_BUCKET = "b";
      delete process.env.GUARDRAILS_ROLE_ARN;
      expect(() => loadConfig("aws")).toThrow(/GUARDRAILS_ROLE_ARN/);
    });

    it("takes region, bucket and role from the environment and uses AWS timings", () => {
      Object.assign(process.env, {
        AWS_REGION: "eu-west-1",
        GUARDRAILS_BUCKET: "my-bucket",
        GUARDRAILS_ROLE_ARN: "arn:aws:iam::123456789012:role/x",
      });
      const config = loadConfig("aws");
      expect(config).toMatchObject({
        region: "eu-west-1",
        bucket: "my-bucket",
        profileName: "aws",
        profile: PROFILES.aws,
      });
      expect(config.profile.metricsConfig).toBeUndefined();
      expect(config.profile.metricsPublication.intervalSeconds).toBe(60);
      expect(config.images.linearLearner).toBe("438346466558.dkr.ecr.eu-west-1.amazonaws.com/linear-learner:1");
    });
  });
});
