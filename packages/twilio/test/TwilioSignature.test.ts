import { createHmac } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { Redacted } from "effect"
import * as TwilioSignature from "../src/TwilioSignature.js"

const token = Redacted.make("12345")
const params = { CallSid: "CA1234567890ABCDE", Caller: "+12349013030", Digits: "1234", From: "+12349013030" }

// Independent of the SDK: the algorithm as Twilio documents it.
const reference = (url: string, body: Record<string, string>) =>
  createHmac("sha1", "12345")
    .update(
      url +
        Object.keys(body)
          .sort()
          .map((key) => key + body[key])
          .join(""),
    )
    .digest("base64")

describe("TwilioSignature", () => {
  it("builds the signed URL from the public base, not from the request host", () => {
    expect(TwilioSignature.publicUrl("https://frontdesk.example.com/", "/voice/incoming/b1?x=1")).toBe(
      "https://frontdesk.example.com/voice/incoming/b1?x=1",
    )
  })

  it("accepts a signature made the way Twilio makes it", () => {
    const url = "https://frontdesk.example.com/voice/incoming/b1"
    const signature = reference(url, params)
    expect(TwilioSignature.sign(token, url, params)).toBe(signature)
    expect(TwilioSignature.isValid(token, signature, url, params)).toBe(true)
  })

  it("rejects a tampered parameter, another URL, another token or a missing signature", () => {
    const url = "https://frontdesk.example.com/voice/incoming/b1"
    const signature = reference(url, params)
    expect(TwilioSignature.isValid(token, signature, url, { ...params, Digits: "9999" })).toBe(false)
    expect(TwilioSignature.isValid(token, signature, "https://evil.example.com/voice/incoming/b1", params)).toBe(false)
    expect(TwilioSignature.isValid(Redacted.make("other"), signature, url, params)).toBe(false)
    expect(TwilioSignature.isValid(token, undefined, url, params)).toBe(false)
    expect(TwilioSignature.isValid(token, "", url, params)).toBe(false)
  })

  it("covers the query string Twilio called", () => {
    const url = "https://frontdesk.example.com/voice/turn/b1?turn=2"
    const signature = reference(url, params)
    expect(TwilioSignature.isValid(token, signature, url, params)).toBe(true)
    expect(
      TwilioSignature.isValid(token, signature, "https://frontdesk.example.com/voice/turn/b1?turn=3", params),
    ).toBe(false)
  })
})
