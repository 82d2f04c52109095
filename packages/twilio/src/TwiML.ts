import type { Reply } from "@frontdesk/domain/conversation/Turn"
import type { Business } from "@frontdesk/domain/model/Business"
import * as CallerText from "@frontdesk/domain/model/CallerText"
import twilio from "twilio"

/**
 * Renders the domain's `Reply` as TwiML for Twilio's `<Gather>` turns. Everything said comes from
 * the reply; this module adds only what the transport needs: where the answer is POSTed, where a
 * silent caller goes, and the hold that keeps the line alive while a slow turn is worked out.
 */

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>
type GatherLanguage = NonNullable<NonNullable<Parameters<VoiceResponse["gather"]>[0]>["language"]>
type SayLanguage = NonNullable<NonNullable<Parameters<VoiceResponse["say"]>[0]>["language"]>
type SayVoice = NonNullable<NonNullable<Parameters<VoiceResponse["say"]>[0]>["voice"]>

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

const sayAttributes = (voice: Voice) => ({
  language: voice.language as SayLanguage,
  ...(voice.voice === undefined ? {} : { voice: voice.voice as SayVoice }),
})

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

export const render = (reply: Reply, voice: Voice, urls: GatherUrls): string => {
  const response = new twilio.twiml.VoiceResponse()
  switch (reply.action._tag) {
    case "Listen": {
      const hints = hintsAttribute(reply.hints)
      const gather = response.gather({
        input: ["speech", "dtmf"],
        speechTimeout: "auto",
        action: urls.action,
        method: "POST",
        language: voice.language as GatherLanguage,
        ...(hints === undefined ? {} : { hints }),
      })
      gather.say(sayAttributes(voice), spoken(reply.say))
      response.redirect({ method: "POST" }, urls.onSilence)
      break
    }
    case "Hangup": {
      response.say(sayAttributes(voice), spoken(reply.say))
      response.hangup()
      break
    }
    case "Transfer": {
      response.say(sayAttributes(voice), spoken(reply.say))
      response.dial({}, reply.action.to)
      break
    }
  }
  return response.toString()
}

export const hold = (hold: Hold, voice: Voice): string => {
  const response = new twilio.twiml.VoiceResponse()
  response.say(sayAttributes(voice), spoken(hold.say))
  response.pause({ length: hold.pauseSeconds })
  response.redirect({ method: "POST" }, hold.redirect)
  return response.toString()
}

export const contentType = "text/xml; charset=utf-8"

/** The answer to a Messaging webhook: one text back, or nothing (an empty `<Response/>`). */
export const message = (text: string | undefined): string => {
  const response = new twilio.twiml.MessagingResponse()
  if (text !== undefined) response.message(text)
  return response.toString()
}
