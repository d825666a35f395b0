import { chooseAccept, parseMediaType } from "../../../src/models/serving/media-type";
import { PayloadError } from "../../../src/models/serving/model-server";

describe("parseMediaType", () => {
  it("lower-cases the type and reads parameters", () => {
    expect(parseMediaType("Text/CSV; charset=UTF-8; label_size=0")).toEqual({
      type: "text/csv",
      params: { charset: "UTF-8", label_size: "0" },
    });
  });
});

describe("chooseAccept", () => {
  const supported = ["application/json", "application/jsonlines"];

  it("falls back to the default when Accept is absent, empty or a wildcard", () => {
    for (const accept of [undefined, "", "*/*", "application/*"])
      expect(chooseAccept(accept, supported, "application/json")).toBe("application/json");
  });

  it("takes the first supported type of a list", () => {
    expect(chooseAccept("text/html, application/jsonlines;q=0.9", supported, "application/json")).toBe(
      "application/jsonlines",
    );
  });

  it("refuses an Accept it cannot serve with 406", () => {
    expect(() => chooseAccept("text/csv", supported, "application/json")).toThrow(
      new PayloadError(
        406,
        "Accept type text/csv is not supported; supported types: application/json, application/jsonlines.",
      ),
    );
  });
});
