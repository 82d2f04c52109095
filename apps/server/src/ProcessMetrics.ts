import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks"
import { getHeapStatistics } from "node:v8"

/**
 * The process's own health for `/metrics`: memory (what an operator sizes a container by) and how
 * late the event loop ran (every webhook and outbox job shares the one thread, so a blocked loop is
 * every caller's latency at once). The loop delay covers the last completed window (a minute in
 * the server), so a scrape shows the recent tail rather than an average since start.
 */

export interface LoopDelay {
  readonly p50Seconds: number
  readonly p99Seconds: number
  readonly maxSeconds: number
}

const seconds = (nanos: number) => (Number.isFinite(nanos) ? nanos / 1e9 : 0)

export interface LoopMonitor {
  /** Ends the current window: its figures become `last`, and a new window starts. */
  readonly close: () => void
  readonly last: () => LoopDelay | undefined
  readonly stop: () => void
}

/** Samples the loop every 20 ms until `stop`. */
export const monitorLoop = (): LoopMonitor => {
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 })
  histogram.enable()
  let last: LoopDelay | undefined
  return {
    close: () => {
      last = {
        p50Seconds: seconds(histogram.percentile(50)),
        p99Seconds: seconds(histogram.percentile(99)),
        maxSeconds: seconds(histogram.max),
      }
      histogram.reset()
    },
    last: () => last,
    stop: () => histogram.disable(),
  }
}

/** Prometheus lines for the process: resident memory, V8 heap, and the last window's loop delay. */
export const render = (delay: LoopDelay | undefined): Array<string> => {
  const heap = getHeapStatistics()
  return [
    "# HELP process_resident_memory_bytes Resident memory of the server process.",
    "# TYPE process_resident_memory_bytes gauge",
    `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
    "# HELP nodejs_heap_used_bytes V8 heap in use (live objects and garbage not yet collected).",
    "# TYPE nodejs_heap_used_bytes gauge",
    `nodejs_heap_used_bytes ${heap.used_heap_size}`,
    "# HELP nodejs_heap_total_bytes V8 heap reserved.",
    "# TYPE nodejs_heap_total_bytes gauge",
    `nodejs_heap_total_bytes ${heap.total_heap_size}`,
    "# HELP nodejs_eventloop_delay_seconds How late the event loop ran a 20 ms timer, over the last completed minute.",
    "# TYPE nodejs_eventloop_delay_seconds summary",
    ...(delay === undefined
      ? []
      : [
          `nodejs_eventloop_delay_seconds{quantile="0.5"} ${delay.p50Seconds}`,
          `nodejs_eventloop_delay_seconds{quantile="0.99"} ${delay.p99Seconds}`,
          "# HELP nodejs_eventloop_delay_max_seconds The longest the event loop was late in the last completed minute.",
          "# TYPE nodejs_eventloop_delay_max_seconds gauge",
          `nodejs_eventloop_delay_max_seconds ${delay.maxSeconds}`,
        ]),
  ]
}
