import type { Voice } from "./TwiML.js"
import * as Xml from "./Xml.js"

/**
 * TwiML that hands a call to Twilio ConversationRelay: Twilio does speech recognition and
 * synthesis and talks to our WebSocket (`url`); when the session ends it POSTs `action` and plays
 * the TwiML it gets back (a `<Dial>` for a handoff). The greeting is the domain's, spoken by Twilio
 * the moment the call connects, so the caller hears no dead air while the socket opens. Written
 * with `Xml` exactly as the Twilio SDK writes it (`test/TwiMLAgainstSdk.test.ts`).
 */

export interface RelayConnect {
  /** `wss://…/voice/relay/:businessId` (ws:// for an http base), no query: Twilio signs it as written. */
  readonly url: string
  /** Where Twilio POSTs when the relay session ends (SessionStatus, HandoffData). */
  readonly action: string
  readonly welcomeGreeting: string
  readonly hints: ReadonlyArray<string>
}

/** The `<Say>` voice names Twilio uses (`Polly.Joanna-Neural`, `Google.en-US-Neural2-F`) as relay TTS settings. */
export const relayVoice = (voice: Voice): { readonly ttsProvider?: string; readonly voice?: string } => {
  const name = voice.voice ?? ""
  if (name.startsWith("Polly.")) return { ttsProvider: "Amazon", voice: name.slice("Polly.".length) }
  if (name.startsWith("Google.")) return { ttsProvider: "Google", voice: name.slice("Google.".length) }
  // "man", "woman", "alice" have no relay equivalent: Twilio's default relay voice speaks instead.
  return {}
}

/** Twilio hints: comma separated, each at most 100 characters. */
const hintsAttribute = (hints: ReadonlyArray<string>): string | undefined => {
  const cleaned = [...new Set(hints.map((hint) => hint.replace(/\s*,\s*/g, " ").trim()).filter((hint) => hint !== ""))]
    .filter((hint) => hint.length <= 100)
    .slice(0, 500)
  return cleaned.length === 0 ? undefined : cleaned.join(",")
}

export const connect = (relay: RelayConnect, voice: Voice): string =>
  Xml.response([
    Xml.element("Connect", { action: relay.action }, [
      Xml.element("ConversationRelay", {
        url: relay.url,
        welcomeGreeting: relay.welcomeGreeting,
        interruptible: "any",
        dtmfDetection: true,
        language: voice.language,
        ...relayVoice(voice),
        hints: hintsAttribute(relay.hints),
      }),
    ]),
  ])

/** After a relay session: transfer to `to`, or hang up. */
export const ended = (to: string | undefined): string =>
  Xml.response([to === undefined ? Xml.element("Hangup") : Xml.textElement("Dial", {}, to)])

/** The WebSocket URL for a public base URL: wss for https, ws for http. */
export const socketUrl = (publicBaseUrl: string, path: string): string =>
  `${publicBaseUrl.replace(/\/+$/, "").replace(/^http/, "ws")}${path}`
