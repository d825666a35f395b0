import { shiftTimelines, tradeOffChart, type StrategyShift } from "../../../src/view/charts/strategies";

type Axis = { title: { text: string } };
const xTitle = (layout: unknown): string => (layout as { xaxis: Axis }).xaxis.title.text;

const point = { strategy: "canary: 1 instance", secondsToPromote: 140, failedRequests: 12, peakInstances: 6 };
const run = { seconds: [0, 15, 30], newFleetPercent: [0, 33, 0], instances: [3, 6, 3] };
const shift: StrategyShift = { strategy: "canary: 1 instance", good: run, faulty: run };

describe("the strategy lab's charts", () => {
  it("put their seconds in real time unless told another clock, and then name it on the axis", () => {
    expect(xTitle(tradeOffChart([point]).layout)).toBe("good model: time to promote (s)");
    expect(xTitle(tradeOffChart([point], "emulator clock ×30").layout)).toBe(
      "good model: time to promote (s, emulator clock ×30)",
    );
    expect(xTitle(shiftTimelines([shift]).layout)).toBe("seconds since UpdateEndpoint");
    expect(xTitle(shiftTimelines([shift], "emulator clock ×30").layout)).toBe(
      "seconds since UpdateEndpoint (emulator clock ×30)",
    );
  });
});
