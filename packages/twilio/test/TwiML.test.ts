import { describe, expect, it } from "@effect/vitest"
import * as TwiML from "../src/TwiML.js"

const voice = { language: "en-US", voice: "Polly.Joanna-Neural" }

describe("TwiML", () => {
  it("listens for speech and keys around the prompt, and redirects on silence", () => {
    const xml = TwiML.render(
      {
        _tag: "Listen",
        say: "What's your name?",
        action: "https://x.example/voice/turn/b1?turn=1",
        onSilence: "https://x.example/voice/silence/b1?turn=1",
        hints: ["Haircut", "Color, and style", "Haircut", "yes"],
      },
      voice,
    )
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Gather input="speech dtmf" speechTimeout="auto" action="https://x.example/voice/turn/b1?turn=1" method="POST" language="en-US" hints="Haircut,Color and style,yes">' +
        '<Say language="en-US" voice="Polly.Joanna-Neural">What\'s your name?</Say></Gather>' +
        '<Redirect method="POST">https://x.example/voice/silence/b1?turn=1</Redirect></Response>',
    )
  })

  it("escapes what the agent says and the URLs", () => {
    const xml = TwiML.render({ _tag: "Listen", say: "Tom & Jerry <3", action: "/a?x=1&y=2", onSilence: "/s" }, voice)
    expect(xml).toContain("Tom &amp; Jerry &lt;3")
    expect(xml).toContain('action="/a?x=1&amp;y=2"')
    expect(xml).not.toContain("hints=")
  })

  it("ends the call with a goodbye and a hang-up", () => {
    const xml = TwiML.render({ _tag: "Hangup", say: "Goodbye!" }, { language: "en-US" })
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Goodbye!</Say><Hangup/></Response>',
    )
  })

  it("transfers with Dial", () => {
    const xml = TwiML.render({ _tag: "Transfer", say: "Connecting you now.", to: "+15550001111" }, voice)
    expect(xml).toContain("<Dial>+15550001111</Dial>")
    expect(xml.indexOf("<Say")).toBeLessThan(xml.indexOf("<Dial>"))
  })
})
