import { describe, expect, it } from "@effect/vitest"
import { PhoneNumber } from "@frontdesk/domain/model/Ids"
import * as TwiML from "../src/TwiML.js"

const voice = { language: "en-US", voice: "Polly.Joanna-Neural" }
const listen = { _tag: "Listen" } as const

describe("TwiML", () => {
  it("listens for speech and keys around the prompt, and redirects on silence", () => {
    const xml = TwiML.render(
      { say: "What's your name?", action: listen, hints: ["Haircut", "Color, and style", "Haircut", "yes"] },
      voice,
      { action: "https://x.example/voice/turn/b1?turn=1", onSilence: "https://x.example/voice/silence/b1?turn=1" },
    )
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Gather input="speech dtmf" speechTimeout="auto" action="https://x.example/voice/turn/b1?turn=1" method="POST" language="en-US" hints="Haircut,Color and style,yes">' +
        '<Say language="en-US" voice="Polly.Joanna-Neural">What\'s your name?</Say></Gather>' +
        '<Redirect method="POST">https://x.example/voice/silence/b1?turn=1</Redirect></Response>',
    )
  })

  it("escapes what the agent says and the URLs", () => {
    const xml = TwiML.render({ say: "Tom & Jerry <3", action: listen, hints: [] }, voice, {
      action: "/a?x=1&y=2",
      onSilence: "/s",
    })
    expect(xml).toContain("Tom &amp; Jerry &lt;3")
    expect(xml).toContain('action="/a?x=1&amp;y=2"')
    expect(xml).not.toContain("hints=")
  })

  it("ends the call with a goodbye and a hang-up", () => {
    const xml = TwiML.render({ say: "Goodbye!", action: { _tag: "Hangup" }, hints: ["yes"] }, TwiML.defaultVoice, {
      action: "/a",
      onSilence: "/s",
    })
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Goodbye!</Say><Hangup/></Response>',
    )
  })

  it("transfers with Dial", () => {
    const xml = TwiML.render(
      { say: "Connecting you now.", action: { _tag: "Transfer", to: PhoneNumber.make("+15550001111") }, hints: [] },
      voice,
      { action: "/a", onSilence: "/s" },
    )
    expect(xml).toContain("<Dial>+15550001111</Dial>")
    expect(xml.indexOf("<Say")).toBeLessThan(xml.indexOf("<Dial>"))
  })

  it("holds: says one moment, pauses, and comes back to the redirect", () => {
    const xml = TwiML.hold({ say: "One moment please.", pauseSeconds: 1, redirect: "/t?turn=1&hold=1" }, voice)
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Say language="en-US" voice="Polly.Joanna-Neural">One moment please.</Say>' +
        '<Pause length="1"/><Redirect method="POST">/t?turn=1&amp;hold=1</Redirect></Response>',
    )
  })

  it("a caller-provided name is said without bidi overrides, invisible characters or line breaks", () => {
    const xml = TwiML.render(
      { say: "A haircut for \u202Eaiv\u200BlO\u202C\nRuiz on Friday. Shall I book it?", action: listen, hints: [] },
      voice,
      { action: "/a", onSilence: "/s" },
    )
    expect(xml).toContain(">A haircut for aivlO Ruiz on Friday. Shall I book it?</Say>")
    expect(xml).not.toMatch(/[\u202A-\u202E\u200B\n]/)
  })

  it("answers a text with one message, or with nothing", () => {
    expect(TwiML.message("Reply YES to cancel <your> haircut & more")).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Reply YES to cancel &lt;your&gt; haircut &amp; more</Message></Response>',
    )
    expect(TwiML.message(undefined)).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>')
  })
})
