import * as Channels from "@frontdesk/domain/calendarsync/Channels"
import type { SyncSettings } from "@frontdesk/domain/calendarsync/SyncSettings"
import type { BusyCache } from "@frontdesk/domain/ports/BusyCache"
import type { Outbox } from "@frontdesk/domain/ports/Outbox"
import type { WatchChannels } from "@frontdesk/domain/ports/WatchChannels"
import { Effect, type ManagedRuntime } from "effect"
import type { FastifyInstance, FastifyRequest } from "fastify"
import * as Answer from "../http/Answer.js"

export type GoogleWebhookServices = WatchChannels | BusyCache | Outbox | SyncSettings

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name]
  return typeof value === "string" && value !== "" ? value : undefined
}

/**
 * `POST /webhooks/google/calendar`: Google's push notifications. They carry no body and say only
 * "this channel's calendar changed"; the channel id and its secret token (headers) are checked
 * against the stored channel, the listing is queued for the outbox (deferred when Frontdesk's own
 * write explains the notification: Channels.receive), and Google gets its 2xx at once.
 * Refusals are 4xx so a forged or stale channel never schedules work.
 */
export const register = (
  app: FastifyInstance,
  options: { readonly runtime: ManagedRuntime.ManagedRuntime<GoogleWebhookServices, unknown> },
) => {
  const respond = Answer.responder(options.runtime)
  app.post("/webhooks/google/calendar", async (request, reply) => {
    const channelId = header(request, "x-goog-channel-id")
    if (channelId === undefined) {
      return Answer.send(reply, Answer.problem(400, "bad_request", "missing X-Goog-Channel-ID"))
    }
    return respond(
      reply,
      Channels.receive({
        channelId,
        token: header(request, "x-goog-channel-token"),
        resourceState: header(request, "x-goog-resource-state"),
      }).pipe(
        Effect.map((receipt) =>
          receipt === "accepted"
            ? Answer.noContent
            : receipt === "unknown_channel"
              ? Answer.problem(404, "unknown_channel", "no such channel")
              : Answer.problem(403, "forbidden", "channel token does not match"),
        ),
        // Storage down: a 503 makes Google deliver the notification again later.
        Answer.recover,
      ),
    )
  })
}
