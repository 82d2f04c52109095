import twilio from "twilio"

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

/** What the call should do after the agent speaks. */
export type Turn =
  | {
      readonly _tag: "Listen"
      readonly say: string
      /** Where the caller's answer is POSTed. */
      readonly action: string
      /** Where Twilio goes when the caller says nothing (Gather skips its action on silence). */
      readonly onSilence: string
      /** Words the recogniser should favour: the business's services, yes/no. */
      readonly hints?: ReadonlyArray<string>
    }
  | { readonly _tag: "Hangup"; readonly say: string }
  | { readonly _tag: "Transfer"; readonly say: string; readonly to: string }
  /** Keeps the line alive while the answer is still being worked out, then asks again at `redirect`. */
  | { readonly _tag: "Hold"; readonly say: string; readonly redirect: string; readonly pauseSeconds: number }

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

export const render = (turn: Turn, voice: Voice): string => {
  const response = new twilio.twiml.VoiceResponse()
  switch (turn._tag) {
    case "Listen": {
      const hints = hintsAttribute(turn.hints ?? [])
      const gather = response.gather({
        input: ["speech", "dtmf"],
        speechTimeout: "auto",
        action: turn.action,
        method: "POST",
        language: voice.language as GatherLanguage,
        ...(hints === undefined ? {} : { hints }),
      })
      gather.say(sayAttributes(voice), turn.say)
      response.redirect({ method: "POST" }, turn.onSilence)
      break
    }
    case "Hangup": {
      response.say(sayAttributes(voice), turn.say)
      response.hangup()
      break
    }
    case "Transfer": {
      response.say(sayAttributes(voice), turn.say)
      response.dial({}, turn.to)
      break
    }
    case "Hold": {
      response.say(sayAttributes(voice), turn.say)
      response.pause({ length: turn.pauseSeconds })
      response.redirect({ method: "POST" }, turn.redirect)
      break
    }
  }
  return response.toString()
}

export const contentType = "text/xml; charset=utf-8"
