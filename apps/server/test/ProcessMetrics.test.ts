import { describe, expect, it } from "@effect/vitest"
import * as ProcessMetrics from "../src/ProcessMetrics.js"

const blockFor = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // A handler that never yields: what a runaway computation does to every call on the instance.
  }
}

describe("process metrics", () => {
  it("reports how long the event loop was blocked in the window it happened", async () => {
    const monitor = ProcessMetrics.monitorLoop()
    try {
      expect(monitor.last()).toBeUndefined()
      await new Promise((resolve) => setTimeout(resolve, 50))
      blockFor(150)
      await new Promise((resolve) => setTimeout(resolve, 50))
      monitor.close()
      // At least as late as the loop was blocked (a loaded machine only makes it later).
      expect(monitor.last()?.maxSeconds).toBeGreaterThanOrEqual(0.14)
      const text = ProcessMetrics.render(monitor.last()).join("\n")
      expect(text).toMatch(/^nodejs_eventloop_delay_max_seconds [0-9.]+$/m)
      expect(text).toMatch(/^process_resident_memory_bytes [1-9]\d+$/m)
    } finally {
      monitor.stop()
    }
  })
})
