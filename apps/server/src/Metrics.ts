import { Context, Effect, Layer } from "effect"
import * as ProcessMetrics from "./ProcessMetrics.js"

/**
 * Process-wide counters for `/metrics`, in Prometheus text format. Hand-written rather than
 * prom-client: six series do not justify a registry, and the exposition format is small.
 */
export interface MetricsRegistry {
  readonly callStarted: Effect.Effect<void>
  readonly turnHandled: (outcome: "answered" | "replayed" | "held" | "failed") => Effect.Effect<void>
  readonly bookingMade: (outcome: "confirmed" | "slot_taken" | "cancelled" | "rescheduled") => Effect.Effect<void>
  readonly availabilityChecked: (seconds: number) => Effect.Effect<void>
  readonly calendarFailed: (kind: string) => Effect.Effect<void>
  /** The rules were unsure and the language model was asked (FallbackUnderstanding.UnsureReason). */
  readonly understandingConsulted: (why: string) => Effect.Effect<void>
  /** The model's answer could not be used and the rules answered (ModelUnderstanding.FailureReason). */
  readonly understandingFellBack: (reason: string) => Effect.Effect<void>
  /** The exposition text; the outbox depth is read at scrape time. */
  readonly render: (gauges: {
    readonly outboxDepth: number | undefined
    readonly brokenCalendarConnections: number | undefined
  }) => string
}

export class Metrics extends Context.Tag("@frontdesk/server/Metrics")<Metrics, MetricsRegistry>() {}

/** Seconds; a turn should answer well under a second, the availability check inside it faster still. */
export const availabilityBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

const labelled = (values: Map<string, number>, name: string, label: string): Array<string> =>
  [...values.entries()].map(([value, count]) => `${name}{${label}="${value.replace(/["\\\n]/g, "_")}"} ${count}`)

export const make = (
  processGauges: { readonly loopDelay: () => ProcessMetrics.LoopDelay | undefined } = { loopDelay: () => undefined },
): MetricsRegistry => {
  let calls = 0
  const turns = new Map<string, number>()
  const bookings = new Map<string, number>()
  const calendarErrors = new Map<string, number>()
  const consulted = new Map<string, number>()
  const fallbacks = new Map<string, number>()
  const bucketCounts = availabilityBuckets.map(() => 0)
  let availabilityCount = 0
  let availabilitySum = 0
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1)

  return {
    callStarted: Effect.sync(() => {
      calls++
    }),
    turnHandled: (outcome) => Effect.sync(() => bump(turns, outcome)),
    bookingMade: (outcome) => Effect.sync(() => bump(bookings, outcome)),
    availabilityChecked: (seconds) =>
      Effect.sync(() => {
        availabilityCount++
        availabilitySum += seconds
        availabilityBuckets.forEach((bound, i) => {
          if (seconds <= bound) bucketCounts[i] = (bucketCounts[i] ?? 0) + 1
        })
      }),
    calendarFailed: (kind) => Effect.sync(() => bump(calendarErrors, kind)),
    understandingConsulted: (why) => Effect.sync(() => bump(consulted, why)),
    understandingFellBack: (reason) => Effect.sync(() => bump(fallbacks, reason)),
    render: ({ outboxDepth, brokenCalendarConnections }) =>
      [
        "# HELP frontdesk_calls_total Calls answered.",
        "# TYPE frontdesk_calls_total counter",
        `frontdesk_calls_total ${calls}`,
        "# HELP frontdesk_turns_total Voice webhooks handled after the first, by outcome (replayed = a Twilio retry).",
        "# TYPE frontdesk_turns_total counter",
        ...labelled(turns, "frontdesk_turns_total", "outcome"),
        "# HELP frontdesk_bookings_total Booking attempts by outcome.",
        "# TYPE frontdesk_bookings_total counter",
        ...labelled(bookings, "frontdesk_bookings_total", "outcome"),
        "# HELP frontdesk_availability_check_seconds Time to decide whether a slot is free (bookings and calendar).",
        "# TYPE frontdesk_availability_check_seconds histogram",
        ...availabilityBuckets.map(
          (bound, i) => `frontdesk_availability_check_seconds_bucket{le="${bound}"} ${bucketCounts[i] ?? 0}`,
        ),
        `frontdesk_availability_check_seconds_bucket{le="+Inf"} ${availabilityCount}`,
        `frontdesk_availability_check_seconds_sum ${availabilitySum}`,
        `frontdesk_availability_check_seconds_count ${availabilityCount}`,
        "# HELP frontdesk_calendar_errors_total Calendar failures by kind.",
        "# TYPE frontdesk_calendar_errors_total counter",
        ...labelled(calendarErrors, "frontdesk_calendar_errors_total", "kind"),
        "# HELP understanding_model_total Utterances the rules were unsure of and a language model was asked about, by why.",
        "# TYPE understanding_model_total counter",
        ...labelled(consulted, "understanding_model_total", "why"),
        "# HELP understanding_fallback_total Model answers not used (the rules answered instead), by reason.",
        "# TYPE understanding_fallback_total counter",
        ...labelled(fallbacks, "understanding_fallback_total", "reason"),
        "# HELP frontdesk_outbox_depth Outbox jobs waiting to run.",
        "# TYPE frontdesk_outbox_depth gauge",
        ...(outboxDepth === undefined ? [] : [`frontdesk_outbox_depth ${outboxDepth}`]),
        "# HELP frontdesk_calendar_connections_broken Businesses whose calendar connection waits for the owner to reconnect.",
        "# TYPE frontdesk_calendar_connections_broken gauge",
        ...(brokenCalendarConnections === undefined
          ? []
          : [`frontdesk_calendar_connections_broken ${brokenCalendarConnections}`]),
        ...ProcessMetrics.render(processGauges.loopDelay()),
        "",
      ].join("\n"),
  }
}

/** The registry, with the event loop watched (windows of a minute) while the layer is alive. */
export const layer: Layer.Layer<Metrics> = Layer.scoped(
  Metrics,
  Effect.gen(function* () {
    const loop = yield* Effect.acquireRelease(Effect.sync(ProcessMetrics.monitorLoop), (monitor) =>
      Effect.sync(monitor.stop),
    )
    // The first window closes a minute in: until then there is no loop figure to report.
    yield* Effect.forkScoped(Effect.forever(Effect.zipRight(Effect.sleep("60 seconds"), Effect.sync(loop.close))))
    return make({ loopDelay: loop.last })
  }),
)
