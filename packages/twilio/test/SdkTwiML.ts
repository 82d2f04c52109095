import type { Reply } from "@frontdesk/domain/conversation/Turn"
import * as CallerText from "@frontdesk/domain/model/CallerText"
import twilio from "twilio"
import * as RelayTwiML from "../src/RelayTwiML.js"
import type * as TwiML from "../src/TwiML.js"

/**
 * `TwiML.ts` and `RelayTwiML.ts` as they were written through the Twilio SDK's `VoiceResponse`
 * and `MessagingResponse` before the string renderer: the reference that
 * `TwiMLAgainstSdk.test.ts` compares with, and the "before" of `bench/twiml.ts`.
 */

const hintsAttribute = (hints: ReadonlyArray<string>): string | undefined => {
  const cleaned = [...new Set(hints.map((hint) => hint.replace(/\s*,\s*/g, " ").trim()).filter((hint) => hint !== ""))]
    .filter((hint) => hint.length <= 100)
    .slice(0, 500)
  return cleaned.length === 0 ? undefined : cleaned.join(",")
}

// biome-ignore lint/suspicious/noExplicitAny: the SDK's attribute types are closed unions of known voices and languages.
type Loose = any

const sayAttributes = (voice: TwiML.Voice): Loose => ({
  language: voice.language,
  ...(voice.voice === undefined ? {} : { voice: voice.voice }),
})

export const render = (reply: Reply, voice: TwiML.Voice, urls: TwiML.GatherUrls): string => {
  const response = new twilio.twiml.VoiceResponse()
  switch (reply.action._tag) {
    case "Listen": {
      const hints = hintsAttribute(reply.hints)
      const gather = response.gather({
        input: ["speech", "dtmf"],
        speechTimeout: "auto",
        action: urls.action,
        method: "POST",
        language: voice.language as Loose,
        ...(hints === undefined ? {} : { hints }),
      })
      gather.say(sayAttributes(voice), CallerText.cleanLine(reply.say))
      response.redirect({ method: "POST" }, urls.onSilence)
      break
    }
    case "Hangup":
      response.say(sayAttributes(voice), CallerText.cleanLine(reply.say))
      response.hangup()
      break
    case "Transfer":
      response.say(sayAttributes(voice), CallerText.cleanLine(reply.say))
      response.dial({}, reply.action.to)
      break
  }
  return response.toString()
}
export const hold = (hold: TwiML.Hold, voice: TwiML.Voice): string => {
  const response = new twilio.twiml.VoiceResponse()
  response.say(sayAttributes(voice), CallerText.cleanLine(hold.say))
  response.pause({ length: hold.pauseSeconds })
  response.redirect({ method: "POST" }, hold.redirect)
  return response.toString()
}
export const message = (text: string | undefined): string => {
  const response = new twilio.twiml.MessagingResponse()
  if (text !== undefined) response.message(text)
  return response.toString()
}
export const connect = (relay: RelayTwiML.RelayConnect, voice: TwiML.Voice): string => {
  const response = new twilio.twiml.VoiceResponse()
  const hints = hintsAttribute(relay.hints)
  response.connect({ action: relay.action }).conversationRelay({
    url: relay.url,
    welcomeGreeting: relay.welcomeGreeting,
    interruptible: "any",
    dtmfDetection: true,
    language: voice.language,
    ...RelayTwiML.relayVoice(voice),
    ...(hints === undefined ? {} : { hints }),
  })
  return response.toString()
}
export const ended = (to: string | undefined): string => {
  const response = new twilio.twiml.VoiceResponse()
  if (to === undefined) response.hangup()
  else response.dial({}, to)
  return response.toString()
}
