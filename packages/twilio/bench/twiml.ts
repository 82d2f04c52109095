import { PhoneNumber } from "@frontdesk/domain/model/Ids"
import * as RelayTwiML from "../src/RelayTwiML.js"
import * as TwiML from "../src/TwiML.js"
import * as Sdk from "../test/SdkTwiML.js"

/**
 * `pnpm --filter @frontdesk/twilio bench`: microseconds per TwiML document, the string renderer
 * against the Twilio SDK's `VoiceResponse` (`test/SdkTwiML.ts`, what the server used before),
 * on the documents a call answers with. `BENCH_RENDERS` (default 100,000) per document and
 * renderer, after a warm-up of a tenth of that; renderers alternate, three rounds, best round kept
 * (the machine is shared).
 */

const renders = Number(process.env.BENCH_RENDERS ?? 100_000)
const voice: TwiML.Voice = { language: "en-US", voice: "Polly.Joanna-Neural" }
const urls: TwiML.GatherUrls = {
  action: "https://frontdesk.example/voice/turn/6f1c2a4e-1b2c-4d5e-8f90-123456789abc?turn=3",
  onSilence: "https://frontdesk.example/voice/silence/6f1c2a4e-1b2c-4d5e-8f90-123456789abc?turn=3",
}
const hints = ["Haircut", "Beard trim", "Colour", "Color", "Kids cut", "yes", "no"]
const listen = {
  say: "I have Friday at 2:30 PM or 4 PM for a haircut with Sam. Which one would you like?",
  action: { _tag: "Listen" },
  hints,
} as const
const transfer = {
  say: "Connecting you to the salon now.",
  action: { _tag: "Transfer", to: PhoneNumber.make("+15550001111") },
  hints: [],
} as const
const hold = { say: "One moment please.", pauseSeconds: 2, redirect: `${urls.action}&hold=1` }
const relay = {
  url: "wss://frontdesk.example/voice/relay/6f1c2a4e-1b2c-4d5e-8f90-123456789abc",
  action: "https://frontdesk.example/voice/relay-ended/6f1c2a4e-1b2c-4d5e-8f90-123456789abc",
  welcomeGreeting: "Thanks for calling Sam's Barbers, this is the assistant. How can I help?",
  hints,
}

interface Case {
  readonly name: string
  readonly string: () => string
  readonly sdk: () => string
}

const cases: ReadonlyArray<Case> = [
  {
    name: "Gather turn (Listen)",
    string: () => TwiML.render(listen, voice, urls),
    sdk: () => Sdk.render(listen, voice, urls),
  },
  { name: "Transfer", string: () => TwiML.render(transfer, voice, urls), sdk: () => Sdk.render(transfer, voice, urls) },
  { name: "Hold", string: () => TwiML.hold(hold, voice), sdk: () => Sdk.hold(hold, voice) },
  {
    name: "SMS answer",
    string: () => TwiML.message("Booked: haircut Fri 2:30 PM."),
    sdk: () => Sdk.message("Booked: haircut Fri 2:30 PM."),
  },
  { name: "Relay connect", string: () => RelayTwiML.connect(relay, voice), sdk: () => Sdk.connect(relay, voice) },
]

// Keeps the results alive so the loop is not optimised away.
let sink = 0

const microsPerRender = (render: () => string, count: number): number => {
  const started = process.hrtime.bigint()
  for (let i = 0; i < count; i++) sink += render().length
  return Number(process.hrtime.bigint() - started) / 1_000 / count
}

const rows: Array<string> = []
for (const c of cases) {
  if (c.string() !== c.sdk()) throw new Error(`${c.name}: the renderers disagree`)
  microsPerRender(c.string, Math.ceil(renders / 10))
  microsPerRender(c.sdk, Math.ceil(renders / 10))
  let best = { string: Number.POSITIVE_INFINITY, sdk: Number.POSITIVE_INFINITY }
  for (let round = 0; round < 3; round++) {
    best = {
      sdk: Math.min(best.sdk, microsPerRender(c.sdk, renders)),
      string: Math.min(best.string, microsPerRender(c.string, renders)),
    }
  }
  rows.push(
    `| ${c.name} | ${best.sdk.toFixed(2)} µs | ${best.string.toFixed(2)} µs | ${(best.sdk / best.string).toFixed(1)}× | ${c.string().length} |`,
  )
}

process.stdout.write(
  [
    `${renders.toLocaleString("en-US")} renders per document and renderer, best of 3; Node ${process.version}`,
    "",
    "| document | Twilio SDK | string renderer | faster | bytes |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    `(checksum ${sink})`,
    "",
  ].join("\n"),
)
