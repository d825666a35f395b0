import { answer, failingModelServer, PayloadError } from "../../../src/models/serving/model-server";

describe("answer", () => {
  it("turns a PayloadError into the container's error response", () => {
    expect(
      answer(() => {
        throw new PayloadError(415, "nope");
      }),
    ).toEqual({ status: 415, contentType: "text/plain", body: "nope" });
  });

  it("lets programming errors through", () => {
    expect(() =>
      answer(() => {
        throw new TypeError("bug");
      }),
    ).toThrow(TypeError);
  });
});

describe("failingModelServer", () => {
  it("answers every invocation with 500 and the load error", () => {
    const server = failingModelServer("Unable to load model: bad");
    expect(server.invoke(new Uint8Array(), "text/csv", undefined)).toEqual({
      status: 500,
      contentType: "text/plain",
      body: "Unable to load model: bad",
    });
  });
});
