/**
 * What one heavy request costs everyone else: while `work` runs, a second client sends `probe`
 * requests one after another and the longest one is the stall a concurrent client saw; RSS is
 * sampled every 10 ms for the peak. Figures only: tests print them and assert nothing on timings
 * beyond bounds no load can reach (speed targets are the benches').
 */
export interface Cost<T> {
  result: T;
  /** Longest single probe request while `work` ran, in ms. */
  longestStallMs: number;
  probes: number;
  /** Peak RSS above the RSS when `work` began, in MiB. */
  peakRssGrowthMiB: number;
}

const MiB = 1024 * 1024;

export interface CostOptions {
  /** Pause between one probe's answer and the next probe (default 5 ms). */
  pauseMs?: number;
  /** The RSS to sample, in bytes (default this process's: the in-process emulator's). */
  rss?: () => number;
}

export async function costOf<T>(
  probe: () => Promise<unknown>,
  work: () => Promise<T>,
  options: CostOptions = {},
): Promise<Cost<T>> {
  const { pauseMs = 5, rss = () => process.memoryUsage().rss } = options;
  await probe(); // warm: the first request of a client pays for its connection
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 10);
  let done = false;
  let longest = 0;
  let probes = 0;
  const probing = (async () => {
    while (!done) {
      const began = performance.now();
      await probe();
      longest = Math.max(longest, performance.now() - began);
      probes++;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  })();
  try {
    const result = await work();
    done = true;
    await probing; // the probe in flight when the work ended counts too
    return {
      result,
      longestStallMs: Math.round(longest),
      probes,
      peakRssGrowthMiB: Math.round((peak - baseline) / MiB),
    };
  } finally {
    done = true;
    clearInterval(sampler);
  }
}
