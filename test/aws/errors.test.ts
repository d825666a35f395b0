import { inspect } from "node:util";
import { explained, NotebookError } from "../../src/aws/errors";

describe("errors with a next step", () => {
  const local = { endpoint: "http://127.0.0.1:4599" };
  const aws = { endpoint: "aws" };
  const sdkError = (name: string, message: string) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

  it("prints as one line under the cell (the stack is the message)", () => {
    const e = new NotebookError("run Task 1 first.");
    expect(e.stack).toBe("❌ run Task 1 first.");
    expect(inspect(e)).toBe("❌ run Task 1 first.");
  });

  it("says the local emulator is not running when the connection is refused", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4599"), { code: "ECONNREFUSED" });
    expect((explained(refused, local) as Error).message).toBe(
      "The local emulator at http://127.0.0.1:4599 is not running (ECONNREFUSED): rerun this task's first cell.",
    );
  });

  it("names the credential chain when AWS credentials are missing", () => {
    const missing = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    expect((explained(missing, aws) as Error).message).toMatch(
      /^No AWS credentials found \(Could not load credentials from any providers\)\. Configure the standard chain/,
    );
  });

  it("tells signature failures apart on AWS and locally", () => {
    const bad = sdkError("InvalidSignatureException", "The request signature we calculated does not match");
    expect((explained(bad, aws) as Error).message).toMatch(
      /^AWS refused the credentials \(InvalidSignatureException: .*\): check AWS_PROFILE/,
    );
    expect((explained(bad, local) as Error).message).toMatch(/^The emulator refused the request's signature/);
  });

  it("keeps AWS's code and message for any other AWS error, and passes unknown errors through", () => {
    const refused = sdkError(
      "ValidationException",
      "1 validation error detected: Value '5' at 'x' failed to satisfy constraint",
    );
    expect((explained(refused, local) as Error).message).toBe(
      "ValidationException: 1 validation error detected: Value '5' at 'x' failed to satisfy constraint",
    );
    const plain = new TypeError("x is not a function");
    expect(explained(plain, local)).toBe(plain);
  });
});
