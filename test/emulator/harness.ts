/** The emulator harness the emulator suites import: it lives in support/, shared with the benches. */
export * from "../../support/emulator";
