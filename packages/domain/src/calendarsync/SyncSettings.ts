import { Context, type Duration, type Effect, type Option } from "effect"

/**
 * How this deployment keeps its busy cache current (GOOGLE_PUSH, GOOGLE_SYNC_POLL_MS,
 * GOOGLE_SYNC_VERIFY_MS, PUBLIC_BASE_URL).
 */
export interface Settings {
  /** Open push channels (`GOOGLE_PUSH=on`); off, every calendar is polled. */
  readonly push: boolean
  /** Where the calendar POSTs notifications (`$PUBLIC_BASE_URL/webhooks/google/calendar`); none: poll. */
  readonly webhookAddress: Option.Option<string>
  /** Incremental-sync poll for a calendar with no live channel. */
  readonly pollInterval: Duration.Duration
  /** How long a channel is asked to live; Google caps it (about a week for events). */
  readonly channelTtl: Duration.Duration
  /** A channel is replaced this long before it expires. */
  readonly renewBefore: Duration.Duration
  /**
   * A notification that Frontdesk's own write explains is not listed at once; one verification
   * listing this long after it catches whatever a miscount hid (ADR 0012, amended 2026-12-02).
   */
  readonly verifyDelay: Duration.Duration
  /** An expected notification of Frontdesk's own write older than this no longer explains one. */
  readonly ownChangeWindow: Duration.Duration
  /** An unguessable secret (channel ids and tokens); the app supplies a cryptographic source. */
  readonly newSecret: Effect.Effect<string>
  /** A one-way digest of a channel token (sha256, hex); only digests are stored. The app supplies it. */
  readonly digest: (secret: string) => Effect.Effect<string>
}

export class SyncSettings extends Context.Tag("@frontdesk/domain/SyncSettings")<SyncSettings, Settings>() {}
