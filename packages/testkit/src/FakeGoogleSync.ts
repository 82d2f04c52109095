import { randomBytes } from "node:crypto"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import type { Endpoint } from "./FakeGoogleRoutes.js"
import type { FakeGoogleStore } from "./FakeGoogleStore.js"
import { GoogleWireError } from "./FakeGoogleWireErrors.js"

/**
 * FakeGoogle's push side: `events.watch` opens a channel on a calendar, `channels.stop` closes it,
 * and every change to a watched calendar's events is POSTed to the channel's address with Google's
 * `X-Goog-*` headers (a `sync` message right after the watch). Deliveries are recorded so tests can
 * see what was sent and how the receiver answered.
 */

export interface FakeChannel {
  readonly id: string
  readonly resourceId: string
  readonly account: string
  readonly calendarId: string
  readonly address: string
  readonly token: string | undefined
  /** Epoch millis. */
  readonly expiration: number
  messageNumber: number
}

export interface Delivery {
  readonly channelId: string
  readonly state: "sync" | "exists" | "not_exists"
  /** The receiver's HTTP status, or undefined when it could not be reached. */
  readonly status: number | undefined
}

/** Google's default and longest channel lifetime for events (one week / thirty days, in seconds). */
const DEFAULT_TTL_SECONDS = 604_800
const MAX_TTL_SECONDS = 2_592_000
/** A receiver that does not answer within this is counted as unreachable (Google retries later). */
const DELIVERY_TIMEOUT_MS = 5_000

const normalized = (account: string, calendarId: string) => (calendarId === account ? "primary" : calendarId)

export const makeChannels = (store: FakeGoogleStore) => {
  const channels = new Map<string, FakeChannel>()
  const deliveries: Array<Delivery> = []
  let pending: Array<Promise<void>> = []

  const deliver = (channel: FakeChannel, state: Delivery["state"]) => {
    channel.messageNumber += 1
    const headers: Record<string, string> = {
      "X-Goog-Channel-ID": channel.id,
      "X-Goog-Channel-Expiration": new Date(channel.expiration).toUTCString(),
      "X-Goog-Resource-ID": channel.resourceId,
      "X-Goog-Resource-URI": `https://www.googleapis.com/calendar/v3/calendars/${encodeURIComponent(channel.calendarId)}/events?alt=json`,
      "X-Goog-Resource-State": state,
      "X-Goog-Message-Number": String(channel.messageNumber),
      ...(channel.token === undefined ? {} : { "X-Goog-Channel-Token": channel.token }),
    }
    const sent = fetch(channel.address, {
      method: "POST",
      headers,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    }).then(
      (response) => {
        deliveries.push({ channelId: channel.id, state, status: response.status })
      },
      () => {
        deliveries.push({ channelId: channel.id, state, status: undefined })
      },
    )
    pending.push(sent)
  }

  store.setChangeListener((account, calendarId) => {
    const now = Date.now()
    for (const channel of channels.values()) {
      if (channel.account === account && channel.calendarId === calendarId && channel.expiration > now) {
        deliver(channel, "exists")
      }
    }
  })

  return {
    watch: (account: string, calendarId: string, body: Record<string, unknown>) => {
      // Throws notFound for a calendar the account does not have.
      store.listEvents(account, calendarId, new URLSearchParams({ maxResults: "1" }))
      const id = body.id
      const address = body.address
      if (typeof id !== "string" || id === "") throw new GoogleWireError(400, "required", "Required channel id")
      if (body.type !== "web_hook" && body.type !== "webhook") {
        throw new GoogleWireError(400, "invalid", "Invalid channel type")
      }
      if (typeof address !== "string" || !/^https?:\/\//.test(address)) {
        throw new GoogleWireError(400, "invalid", "Invalid channel address")
      }
      if (channels.has(id)) throw new GoogleWireError(400, "channelIdNotUnique", "Channel id not unique")
      const params = (body.params ?? {}) as { ttl?: unknown }
      const requestedTtl = Number(params.ttl ?? DEFAULT_TTL_SECONDS)
      const ttl =
        Number.isFinite(requestedTtl) && requestedTtl > 0
          ? Math.min(requestedTtl, MAX_TTL_SECONDS)
          : DEFAULT_TTL_SECONDS
      const channel: FakeChannel = {
        id,
        resourceId: randomBytes(12).toString("hex"),
        account,
        calendarId: normalized(account, calendarId),
        address,
        token: typeof body.token === "string" ? body.token : undefined,
        expiration: Date.now() + ttl * 1000,
        messageNumber: 0,
      }
      channels.set(id, channel)
      deliver(channel, "sync")
      return {
        kind: "api#channel",
        id,
        resourceId: channel.resourceId,
        resourceUri: `https://www.googleapis.com/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events?alt=json`,
        ...(channel.token === undefined ? {} : { token: channel.token }),
        expiration: String(channel.expiration),
      }
    },

    stop: (account: string, body: Record<string, unknown>) => {
      const channel = typeof body.id === "string" ? channels.get(body.id) : undefined
      if (channel === undefined || channel.account !== account || channel.resourceId !== body.resourceId) {
        throw new GoogleWireError(404, "notFound", `Channel '${String(body.id)}' not found for project`)
      }
      channels.delete(channel.id)
    },

    /** Open channels that have not expired. */
    list: (): ReadonlyArray<FakeChannel> => [...channels.values()].filter((channel) => channel.expiration > Date.now()),
    /** Google forgets every channel without telling anyone (as when it drops them). */
    drop: () => channels.clear(),
    deliveries: (): ReadonlyArray<Delivery> => [...deliveries],
    /** Waits for the notifications sent so far to be answered (or to fail). */
    settle: async () => {
      const waiting = pending
      pending = []
      await Promise.all(waiting)
    },
  }
}

export type FakeChannels = ReturnType<typeof makeChannels>

const jsonBody = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.map(request.text, (text) => (text === "" ? {} : (JSON.parse(text) as Record<string, unknown>)))

export const syncRoutes = (store: FakeGoogleStore, channels: FakeChannels, endpoint: Endpoint) => {
  const authenticated = <A>(request: HttpServerRequest.HttpServerRequest, use: (account: string) => A) =>
    Effect.try({ try: () => use(store.authenticate(request.headers.authorization)), catch: (error) => error })

  return HttpRouter.empty.pipe(
    HttpRouter.post(
      "/calendar/v3/calendars/:calendarId/events/watch",
      Effect.flatMap(Effect.zip(HttpServerRequest.HttpServerRequest, HttpRouter.params), ([request, params]) =>
        endpoint("events.watch", (request) =>
          Effect.flatMap(jsonBody(request), (body) =>
            authenticated(request, (account) =>
              HttpServerResponse.unsafeJson(channels.watch(account, params.calendarId ?? "", body)),
            ),
          ),
        )(request),
      ),
    ),
    HttpRouter.post(
      "/calendar/v3/channels/stop",
      Effect.flatMap(
        HttpServerRequest.HttpServerRequest,
        endpoint("channels.stop", (request) =>
          Effect.flatMap(jsonBody(request), (body) =>
            authenticated(request, (account) => {
              channels.stop(account, body)
              return HttpServerResponse.empty({ status: 204 })
            }),
          ),
        ),
      ),
    ),
  )
}
