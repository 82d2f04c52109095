import type { Reply } from "@frontdesk/domain/conversation/Turn"
import type { Business } from "@frontdesk/domain/model/Business"
import * as CallerText from "@frontdesk/domain/model/CallerText"
import * as Xml from "./Xml.js"

/**
 * Renders the domain's `Reply` as TwiML for Twilio's `<Gather>` turns. Everything said comes from
 * the reply; this module adds only what the transport needs: where the answer is POSTed, where a
 * silent caller goes, and the hold that keeps the line alive while a slow turn is worked out.
 * Written with `Xml` as the Twilio SDK's `VoiceResponse` writes it, byte for byte
 * (`test/TwiMLAgainstSdk.test.ts`), without building a document per element.
 */

export interface Voice {
  /** BCP-47 tag used for both speech recognition and synthesis ("en-US"). */
  readonly language: string
  /** Twilio voice name ("Polly.Joanna-Neural"); Twilio's default when absent. */
  readonly voice?: string
}

/** For answers given before (or without) a business: Twilio's default voice in US English. */
export const defaultVoice: Voice = { language: "en-US" }

/** The business's configured voice and language (`aiConfig.voice`, `aiConfig.language`). */
export const voiceOf = (business: Business): Voice => {
  const voice = business.aiConfig.voice
  const language = business.aiConfig.language
  return {
    language: typeof language === "string" ? language : defaultVoice.language,
    ...(typeof voice === "string" ? { voice } : {}),
  }
}

/** Where Twilio goes after a reply that listens. */
export interface GatherUrls {
  /** Where the caller's answer is POSTed. */
  readonly action: string
  /** Where Twilio goes when the caller says nothing (Gather skips its action on silence). */
  readonly onSilence: string
}

/** "One moment": keeps the line alive, then asks again at `redirect`. */
export interface Hold {
  readonly say: string
  readonly pauseSeconds: number
  readonly redirect: string
}

const sayAttributes = (voice: Voice): Xml.Attributes => ({ language: voice.language, voice: voice.voice })

/** Twilio hints: comma separated, at most 500 entries, each at most 100 characters. */
const hintsAttribute = (hints: ReadonlyArray<string>): string | undefined => {
  const cleaned = [...new Set(hints.map((hint) => hint.replace(/\s*,\s*/g, " ").trim()).filter((hint) => hint !== ""))]
    .filter((hint) => hint.length <= 100)
    .slice(0, 500)
  return cleaned.length === 0 ? undefined : cleaned.join(",")
}

/**
 * What `<Say>` reads: sentences carry caller-provided words (a name, a service heard), and a bidi
 * override or an invisible character in them would be read out or break the speech engine.
 */
const spoken = (text: string): string => CallerText.cleanLine(text)

const say = (voice: Voice, text: string): string => Xml.textElement("Say", sayAttributes(voice), spoken(text))

const redirect = (url: string): string => Xml.textElement("Redirect", { method: "POST" }, url)

export const render = (reply: Reply, voice: Voice, urls: GatherUrls): string => {
  switch (reply.action._tag) {
    case "Listen": {
      const gather = {
        input: ["speech", "dtmf"],
        speechTimeout: "auto",
        action: urls.action,
        method: "POST",
        language: voice.language,
        hints: hintsAttribute(reply.hints),
      }
      return Xml.response([Xml.element("Gather", gather, [say(voice, reply.say)]), redirect(urls.onSilence)])
    }
    case "Hangup":
      return Xml.response([say(voice, reply.say), Xml.element("Hangup")])
    case "Transfer":
      return Xml.response([say(voice, reply.say), Xml.textElement("Dial", {}, reply.action.to)])
  }
}

export const hold = (hold: Hold, voice: Voice): string =>
  Xml.response([say(voice, hold.say), Xml.element("Pause", { length: hold.pauseSeconds }), redirect(hold.redirect)])

export const contentType = "text/xml; charset=utf-8"

/** The answer to a Messaging webhook: one text back, or nothing (an empty `<Response/>`). */
export const message = (text: string | undefined): string =>
  Xml.response(text === undefined ? [] : [Xml.textElement("Message", {}, text)])
