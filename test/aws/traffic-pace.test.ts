import { paceShortfall } from "../../src/aws/traffic-pace";

/** `n` requests sent every `everyMs` of the service's time. */
const sent = (n: number, everyMs: number) => Array.from({ length: n }, (_, i) => ({ sentAt: 1_000_000 + i * everyMs }));

describe("the traffic's pace, judged in the service's seconds", () => {
  it("is kept when the requests went out at the rate asked (or at least 90 % of it)", () => {
    expect(paceShortfall(sent(100, 100), 10, { scale: 30, label: "emulator clock ×30" })).toBeUndefined();
    expect(paceShortfall(sent(100, 110), 10, { scale: 30, label: "emulator clock ×30" })).toBeUndefined();
  });

  it("falls short below that, and the line says at which scale and what to lower", () => {
    expect(paceShortfall(sent(100, 200), 10, { scale: 30, label: "emulator clock ×30" })).toBe(
      "⚠️ The traffic fell short: 5.0 of the 10 requests/s asked on the emulator clock ×30 (150 real requests/s); " +
        "this client cannot keep up: run at a lower GUARDRAILS_TIME_SCALE than 30.",
    );
  });

  it("on real time names no scale", () => {
    expect(paceShortfall(sent(100, 200), 10, { scale: 1, label: undefined })).toBe(
      "⚠️ The traffic fell short: 5.0 of the 10 requests/s asked; this client cannot keep up.",
    );
  });
});
