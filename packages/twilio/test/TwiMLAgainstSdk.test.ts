import { describe, expect, it } from "@effect/vitest"
import type { Reply } from "@frontdesk/domain/conversation/Turn"
import { PhoneNumber } from "@frontdesk/domain/model/Ids"
import { FastCheck as fc } from "effect"
import * as RelayTwiML from "../src/RelayTwiML.js"
import * as TwiML from "../src/TwiML.js"
import * as sdk from "./SdkTwiML.js"

/**
 * The string renderer (`Xml`) against the Twilio SDK's `VoiceResponse`/`MessagingResponse`, on
 * generated replies: every document must be the SDK's, byte for byte, and where the SDK refuses
 * a text (a character XML cannot carry) the renderer refuses it with the same message.
 */

/** A document, or the message of the error that refused it. */
const outcome = (render: () => string): { readonly xml: string } | { readonly refused: string } => {
  try {
    return { xml: render() }
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) }
  }
}

// Units that matter to XML and to the cleaning before <Say>, mixed with any code point and any
// UTF-16 unit (so lone surrogates, U+FFFE/U+FFFF and C0/C1 controls all come up).
const special = fc.constantFrom(
  "<",
  ">",
  "&",
  '"',
  "'",
  "&amp;",
  "]]>",
  "\t",
  "\n",
  "\r",
  "\r\n",
  "\0",
  "\x0B",
  "\f",
  "\x1F",
  "\x7F",
  "\x85",
  "\u00A0",
  "\u200B",
  "\u202E",
  "\u2028",
  "\uFEFF",
  "\uFFFE",
  "\uFFFF",
  "\uD800",
  "\uDFFF",
  "😀",
  "👩‍👩‍👧",
  "é",
  "e\u0301",
  "日本",
  ",",
  " , ",
  " ",
)
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: special },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) },
)
const text = fc.string({ unit, maxLength: 40 })
// Mostly clean texts too, so most cases produce a document rather than a refusal.
const anyText = fc.oneof(text, fc.string({ unit: "grapheme", maxLength: 40 }), fc.string())

const voice: fc.Arbitrary<TwiML.Voice> = fc.record(
  {
    language: fc.oneof(fc.constantFrom("en-US", "en-GB", "es-MX", "fr-FR", "ja-JP", ""), anyText),
    voice: fc.oneof(
      fc.constantFrom(
        "Polly.Joanna-Neural",
        "Google.en-US-Neural2-F",
        "alice",
        "man",
        "woman",
        "",
        "Polly.",
        "Google.",
      ),
      anyText.map((name) => `Polly.${name}`),
      anyText.map((name) => `Google.${name}`),
      anyText,
    ),
  },
  { requiredKeys: ["language"] },
)
const hints = fc.oneof(
  fc.array(anyText, { maxLength: 8 }),
  fc.array(fc.constantFrom("yes", "no", "Haircut", "Color, and style", " , ", "", "a".repeat(101)), { maxLength: 8 }),
  fc.array(fc.string({ maxLength: 3 }), { minLength: 490, maxLength: 520 }),
)
const url = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), anyText)
const action = fc.oneof(
  fc.constant({ _tag: "Listen" } as const),
  fc.constant({ _tag: "Hangup" } as const),
  fc.stringMatching(/^\+[1-9][0-9]{6,14}$/).map((to) => ({ _tag: "Transfer", to: PhoneNumber.make(to) }) as const),
  // Not a valid number: the renderer must still write (or refuse) it as the SDK would.
  fc.oneof(fc.constant(""), anyText).map((to) => ({ _tag: "Transfer", to: to as PhoneNumber }) as const),
)
const reply: fc.Arbitrary<Reply> = fc.record({ say: anyText, action, hints })
const gatherUrls = fc.record({ action: url, onSilence: url })
const holdArb = fc.record({
  say: anyText,
  pauseSeconds: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.double()),
  redirect: url,
})
const relay = fc.record({ url, action: url, welcomeGreeting: anyText, hints })

const runs = { numRuns: 2_000 }

describe("TwiML renderer against the Twilio SDK", () => {
  it("renders every reply, with every action, voice, hint list and URL, as the SDK does", () => {
    fc.assert(
      fc.property(reply, voice, gatherUrls, (reply, voice, urls) => {
        expect(outcome(() => TwiML.render(reply, voice, urls))).toEqual(outcome(() => sdk.render(reply, voice, urls)))
      }),
      runs,
    )
  })

  it("renders the hold as the SDK does", () => {
    fc.assert(
      fc.property(holdArb, voice, (hold, voice) => {
        expect(outcome(() => TwiML.hold(hold, voice))).toEqual(outcome(() => sdk.hold(hold, voice)))
      }),
      runs,
    )
  })

  it("renders a text's answer as the SDK does", () => {
    fc.assert(
      fc.property(fc.option(anyText, { nil: undefined }), (message) => {
        expect(outcome(() => TwiML.message(message))).toEqual(outcome(() => sdk.message(message)))
      }),
      runs,
    )
  })

  it("renders the ConversationRelay connect and its end as the SDK does", () => {
    fc.assert(
      fc.property(relay, voice, fc.option(anyText, { nil: undefined }), (relay, voice, to) => {
        expect(outcome(() => RelayTwiML.connect(relay, voice))).toEqual(outcome(() => sdk.connect(relay, voice)))
        expect(outcome(() => RelayTwiML.ended(to))).toEqual(outcome(() => sdk.ended(to)))
      }),
      runs,
    )
  })

  it("the generated cases include documents with escapes and refusals, not only one kind", () => {
    // Guards the generators above: a change that made every case refused (or none) would make
    // the comparisons prove little.
    const samples = fc.sample(fc.tuple(reply, voice, gatherUrls), { numRuns: 2_000, seed: 20261202 })
    const outcomes = samples.map(([reply, voice, urls]) => outcome(() => sdk.render(reply, voice, urls)))
    const documents = outcomes.flatMap((o) => ("xml" in o ? [o.xml] : []))
    expect(documents.length).toBeGreaterThan(1_000)
    expect(outcomes.length - documents.length).toBeGreaterThan(20)
    for (const written of [
      "&amp;",
      "&lt;",
      "&gt;",
      "&quot;",
      "&#xA;",
      "&#xD;",
      "&#x9;",
      "hints=",
      "<Dial/>",
      "<Hangup/>",
    ]) {
      expect(documents.some((xml) => xml.includes(written))).toBe(true)
    }
  })
})
