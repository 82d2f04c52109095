import * as TwilioSignature from "@frontdesk/twilio/TwilioSignature"
import { Redacted } from "effect"
import { adminToken, publicBaseUrl, twilioAuthToken } from "./Harness.js"

/**
 * Malformed requests for the fuzz test, generated from a seed so a failure names the seed and the
 * case index and replays exactly (`FUZZ_SEED=<seed> pnpm --filter @frontdesk/server test Fuzz`).
 */

/** mulberry32: tiny, fast, and the same sequence on every machine. */
export class Rng {
  private state: number
  constructor(readonly seed: number) {
    this.state = seed >>> 0
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<A>(items: ReadonlyArray<A>): A {
    return items[this.int(items.length)] as A
  }
}

/** A request as light-my-request takes it; headers may repeat (arrays), as on the wire. */
export interface FuzzRequest {
  readonly method: string
  readonly url: string
  readonly headers?: Readonly<Record<string, string | ReadonlyArray<string>>>
  readonly payload?: string
}

/** What the server may do with a case and still be right. */
export interface FuzzCase {
  readonly group: string
  readonly label: string
  readonly request: FuzzRequest
  /** Every status this route documents for this kind of input. */
  readonly allowed: ReadonlyArray<number>
  /**
   * `none`: nothing may be stored. `session`: a correctly signed webhook to a real business may
   * store its call session (that is the conversation), but never a business, booking, job or token.
   */
  readonly writes: "none" | "session"
  /** A 200 must be TwiML with something said (the polite answer), not JSON or an empty body. */
  readonly twiml?: boolean
}

export interface FuzzContext {
  readonly businessId: string
  readonly bookingId: string
  /** Genuine OAuth states from /oauth/google/start, each usable once. */
  readonly states: ReadonlyArray<string>
}

/** A number Twilio would never be asked to dial; a reply containing it inside <Dial> is TwiML injection. */
export const injectedNumber = "+19005550100"

const bodyLimit = 64 * 1024

/**
 * What the router answers before any route runs, for every route: 400 for a path that is not valid
 * percent-encoding, 404 for no such route, 414 for a path segment over Fastify's parameter length.
 * 413 is the body limit, checked before the body is parsed.
 */
const routing = [400, 404, 414]
const allowing = (...statuses: ReadonlyArray<number>) => [...new Set([...routing, 413, ...statuses])].sort()

// ---------------------------------------------------------------------------------------------
// Strings

const nastyStrings: ReadonlyArray<string> = [
  "",
  " ",
  "\t\r\n",
  "\u0000",
  "CA\u0000abc",
  "\u001b[31mred\u001b[0m",
  "\r\nX-Injected: 1",
  "%",
  "%00",
  "%zz",
  "+",
  "&",
  "=",
  "==&&",
  "😀".repeat(40),
  "\ud800",
  "a\udfffb",
  "\u202eevil",
  "z̷̢a̶l̵g̸o̴",
  "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "0x10",
  "9".repeat(400),
  "<Say>hi</Say>",
  `</Say><Dial>${injectedNumber}</Dial><Say>`,
  `<Response><Dial>${injectedNumber}</Dial></Response>`,
  "]]><!--",
  "&amp;&lt;&#0;",
  "'; DROP TABLE bookings; --",
  "$" + "{7*7}{{7*7}}", // template injection, spelled so no linter mistakes it for a template
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "yes",
  "no",
  "1",
  "2",
  "#",
  "*",
  "0",
  "+15551230001",
  "anonymous",
  "+1",
  "+0000000",
  "+15551230001999999999",
  "book me a haircut tomorrow at 2pm",
  "cancel",
  "talk to a person",
]

const charFrom = (rng: Rng): string => {
  switch (rng.int(6)) {
    case 0:
      return String.fromCharCode(rng.int(0x20)) // control characters, NUL included
    case 1:
      return String.fromCharCode(0x80 + rng.int(0x780)) // latin-1 … cyrillic, combining marks
    case 2:
      return String.fromCodePoint(0x1f300 + rng.int(0x300)) // emoji (astral plane)
    case 3:
      return String.fromCharCode(0xd800 + rng.int(0x800)) // lone surrogate halves
    case 4:
      return rng.pick(["<", ">", "&", '"', "'", "%", "+", "=", "\\", "/", "?", "#", ";", ","])
    default:
      return String.fromCharCode(0x20 + rng.int(0x5f)) // printable ASCII
  }
}

export const garbageString = (rng: Rng): string => {
  if (rng.chance(0.35)) return rng.pick(nastyStrings)
  const length = rng.chance(0.08) ? 2000 + rng.int(20_000) : rng.int(80)
  let out = ""
  for (let i = 0; i < length; i++) out += charFrom(rng)
  return out
}

// ---------------------------------------------------------------------------------------------
// Twilio webhooks

const sign = (url: string, params: Record<string, string>) =>
  TwilioSignature.sign(Redacted.make(twilioAuthToken), url, params)

/** The params the server will decode from a form body (last duplicate wins), which is what Twilio signs. */
const formParams = (body: string): Record<string, string> => {
  const params: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(body)) params[key] = value
  return params
}

const callSid = (rng: Rng) => `CA${Array.from({ length: 32 }, () => "0123456789abcdef"[rng.int(16)]).join("")}`

const phoneLike = (rng: Rng) =>
  rng.chance(0.5) ? `+1${2 + rng.int(8)}${String(rng.int(1e9)).padStart(9, "0")}` : garbageString(rng).slice(0, 300)

/** A webhook form, sometimes plausible, sometimes full of garbage values and odd keys. */
const webhookForm = (rng: Rng): Array<[string, string]> => {
  const pairs: Array<[string, string]> = []
  if (!rng.chance(0.08)) pairs.push(["CallSid", rng.chance(0.6) ? callSid(rng) : garbageString(rng)])
  pairs.push(["AccountSid", "AC00000000000000000000000000000000"])
  if (rng.chance(0.85)) pairs.push(["From", phoneLike(rng)])
  if (rng.chance(0.7)) pairs.push(["To", phoneLike(rng)])
  pairs.push(["CallStatus", rng.pick(["ringing", "in-progress", "completed", garbageString(rng)])])
  if (rng.chance(0.6)) pairs.push(["SpeechResult", garbageString(rng)])
  if (rng.chance(0.3))
    pairs.push(["Digits", rng.chance(0.5) ? rng.pick(["1", "2", "#", "*", "123#"]) : garbageString(rng)])
  if (rng.chance(0.3)) pairs.push(["Confidence", rng.pick(["0.9", "-1", "NaN", "1e309", garbageString(rng)])])
  if (rng.chance(0.15)) pairs.push([garbageString(rng), garbageString(rng)])
  if (rng.chance(0.1)) pairs.push([rng.pick(["__proto__", "constructor", "hasOwnProperty", "toString"]), "x"])
  if (rng.chance(0.1)) pairs.push(["SpeechResult", garbageString(rng)]) // a duplicate key
  return pairs
}

const encodeForm = (pairs: ReadonlyArray<[string, string]>) =>
  new URLSearchParams(pairs as Array<[string, string]>).toString()

/** encodeURIComponent throws on lone surrogates; a browser would send U+FFFD for them. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
export const enc = (text: string) => encodeURIComponent(text.replace(loneSurrogate, "\ufffd"))

const oddIds: ReadonlyArray<string> = [
  "%00",
  "%2e%2e",
  "..",
  "..%2F..%2Fapi%2Fv1%2Fbusinesses",
  "%ZZ",
  "%E0%A4%A",
  "%F0%9F%98%80",
  "%20",
  "%20biz",
  "biz%20",
  "%09",
  "null",
  "__proto__",
  "constructor",
  "toString",
  "a".repeat(3000),
  "%C3%BC%C3%B1%C3%AF",
  "biz;drop",
  "biz%3Cscript%3E",
  "%2F",
  "%5C",
  "%0D%0AX-Injected:1",
]

const turnQueries = (rng: Rng, signedGood: boolean): string => {
  if (signedGood && rng.chance(0.6)) return `?turn=${1 + rng.int(6)}${rng.chance(0.2) ? "&silence=1" : ""}`
  return rng.pick([
    "",
    "?turn=",
    "?turn=0",
    "?turn=-1",
    "?turn=1.5",
    "?turn=1001",
    "?turn=1e3",
    "?turn=abc",
    "?turn=1&turn=2",
    "?turn=%00",
    "?turn=9999999999999999999999",
    "?turn=1&silence=yes",
    "?turn[]=1",
    "?turn[__proto__]=1",
    `?turn=${enc(garbageString(rng)).slice(0, 500)}`,
  ])
}

const voicePath = (
  rng: Rng,
  context: FuzzContext,
): { readonly url: string; readonly real: boolean; readonly route: string } => {
  const route = rng.pick(["incoming", "incoming", "turn", "turn", "status"])
  const real = rng.chance(0.7)
  const id = real
    ? context.businessId
    : rng.pick([...oddIds, "no-such-business", enc(garbageString(rng)).slice(0, 400)])
  return { url: `/voice/${route}/${id}`, real, route }
}

/**
 * One call, correctly signed turn after turn, where the caller says garbage: the conversation itself
 * (not only its first greeting) must keep answering politely. Turn numbers follow the Gather actions.
 */
const conversation = (rng: Rng, context: FuzzContext): Array<FuzzCase> => {
  const sid = callSid(rng)
  const from = phoneLike(rng)
  const turns: Array<FuzzCase> = []
  for (let turn = 0, n = 2 + rng.int(6); turn <= n; turn++) {
    const silence = turn > 0 && rng.chance(0.15)
    const url =
      turn === 0
        ? `/voice/incoming/${context.businessId}`
        : `/voice/turn/${context.businessId}?turn=${turn}${silence ? "&silence=1" : ""}`
    const pairs: Array<[string, string]> = [
      ["CallSid", sid],
      ["AccountSid", "AC00000000000000000000000000000000"],
      ["From", from],
      ["To", "+15550000000"],
      ["CallStatus", "in-progress"],
    ]
    if (turn > 0 && !silence) {
      if (rng.chance(0.8)) pairs.push(["SpeechResult", garbageString(rng).slice(0, 3000)])
      if (rng.chance(0.3))
        pairs.push(["Digits", rng.chance(0.5) ? rng.pick(["1", "2", "#", "*9"]) : garbageString(rng).slice(0, 50)])
    }
    const body = encodeForm(pairs)
    turns.push({
      group: "voice.conversation",
      label: `call ${sid} turn ${turn}`,
      request: {
        method: "POST",
        url,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": sign(`${publicBaseUrl}${url}`, formParams(body)),
        },
        payload: body,
      },
      allowed: [200],
      writes: "session",
      twiml: true,
    })
    // A Twilio retry of the same turn now and then: it must replay, not run the turn again.
    if (rng.chance(0.1)) turns.push(turns[turns.length - 1] as FuzzCase)
  }
  return turns
}

const forgedSignature = (rng: Rng, url: string, params: Record<string, string>): string | Array<string> | undefined => {
  switch (rng.int(9)) {
    case 0:
      return undefined
    case 1:
      return ""
    case 2:
      return Buffer.from(garbageString(rng)).toString("base64")
    case 3:
      // Signed for the Host header the request claims, not PUBLIC_BASE_URL.
      return sign(`http://localhost:80${url}`, params)
    case 4:
      // Signed by someone with another account's token.
      return TwilioSignature.sign(Redacted.make("another-auth-token"), `${publicBaseUrl}${url}`, params)
    case 5:
      // Signed for a different path (another business, or a turn replayed onto another route).
      return sign(`${publicBaseUrl}${url.replace("/voice/", "/voice/x")}`, params)
    case 6:
      // Signed, then one value changed on the way.
      return sign(`${publicBaseUrl}${url}`, { ...params, From: `${params.From ?? ""}0` })
    case 7:
      // Two signature headers: which one would we trust? Neither.
      return [sign(`${publicBaseUrl}${url}`, params), "AAAA"]
    default:
      return `${sign(`${publicBaseUrl}${url}`, params)} `.slice(0, -2)
  }
}

/** Correctly signed webhooks with garbage values: the route logic itself must cope. */
const signedVoice = (rng: Rng, context: FuzzContext): FuzzCase => {
  const path = voicePath(rng, context)
  const url = path.route === "turn" ? `${path.url}${turnQueries(rng, true)}` : path.url
  const body = encodeForm(webhookForm(rng))
  const signature = sign(`${publicBaseUrl}${url}`, formParams(body))
  return {
    group: `voice.signed.${path.route}`,
    label: `signed ${path.real ? "real" : "odd"} business`,
    request: {
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      payload: body,
    },
    // 403 stays allowed: an odd path may be normalised before signing (the URL Twilio would sign differs).
    allowed: allowing(path.route === "status" ? 204 : 200, 403),
    writes: path.real ? "session" : "none",
    twiml: true,
  }
}

const forgedVoice = (rng: Rng, context: FuzzContext): FuzzCase => {
  const path = voicePath(rng, context)
  const url = path.route === "turn" ? `${path.url}${turnQueries(rng, false)}` : path.url
  const body = encodeForm(webhookForm(rng))
  const signature = forgedSignature(rng, url, formParams(body))
  return {
    group: "voice.forged",
    label: "missing, forged or other-URL signature",
    request: {
      method: "POST",
      url,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(signature === undefined ? {} : { "x-twilio-signature": signature }),
      },
      payload: body,
    },
    allowed: allowing(403),
    writes: "none",
  }
}

const brokenForms: ReadonlyArray<(rng: Rng) => string> = [
  () => "CallSid=CA%zz&From=%E0%A4%A",
  () => "CallSid=%",
  () => "%=%",
  () => "SpeechResult=%ED%A0%80", // an encoded lone surrogate: invalid UTF-8
  () => "SpeechResult=%C0%AF", // overlong encoding
  () => "SpeechResult=%FF%FE",
  (rng) => `CallSid=${callSid(rng)}&SpeechResult=${"%E2%82".repeat(1 + rng.int(50))}`,
  (rng) => `${encodeForm(webhookForm(rng))}&%`,
]

const contentTypes: ReadonlyArray<string | undefined> = [
  undefined,
  "",
  "text/plain",
  "application/json",
  "application/xml",
  "text/xml",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded; charset=utf-16",
  "application/x-www-form-urlencoded;;;",
  "application/octet-stream",
  "application/x-www-form-urlencodedx",
  "APPLICATION/X-WWW-FORM-URLENCODED",
  "*/*",
  "application/json; charset=utf-8",
]

/** Bodies the form parser must refuse, bodies of other types, and bodies around the size limit. */
const malformedVoice = (rng: Rng, context: FuzzContext): FuzzCase => {
  const path = voicePath(rng, context)
  const url = path.route === "turn" ? `${path.url}?turn=1` : path.url
  const kind = rng.int(5)
  let contentType: string | undefined = "application/x-www-form-urlencoded"
  let payload: string
  let label: string
  if (kind === 0) {
    payload = rng.pick(brokenForms)(rng)
    label = "invalid form encoding"
  } else if (kind === 1) {
    contentType = rng.pick(contentTypes)
    payload = rng.pick([
      encodeForm(webhookForm(rng)),
      JSON.stringify(Object.fromEntries(webhookForm(rng))),
      '{"CallSid": "CA1", ',
      "<Response/>",
      "[]",
      "null",
      garbageString(rng),
    ])
    label = `content type ${String(contentType)}`
  } else if (kind === 2) {
    // Just over the limit: 413 before anything is parsed or verified.
    payload = `CallSid=CA1&Junk=${"a".repeat(bodyLimit + rng.int(4096))}`
    label = "body over 64 KB"
  } else if (kind === 3) {
    // Just under the limit, correctly signed: verified and handled like any webhook.
    const pairs = webhookForm(rng).filter(([key, value]) => key !== "CallSid" && value.length < 2000)
    pairs.unshift(["CallSid", callSid(rng)])
    const head = encodeForm(pairs)
    payload = `${head}&Junk=${"b".repeat(Math.max(0, bodyLimit - head.length - 6 - rng.int(200)))}`
    const signature = sign(`${publicBaseUrl}${url}`, formParams(payload))
    return {
      group: "voice.size",
      label: "signed body just under 64 KB",
      request: {
        method: "POST",
        url,
        headers: { "content-type": contentType, "x-twilio-signature": signature },
        payload,
      },
      allowed: allowing(path.route === "status" ? 204 : 200, 403),
      writes: path.real ? "session" : "none",
      twiml: true,
    }
  } else {
    payload = encodeForm(webhookForm(rng))
    const method = rng.pick(["GET", "PUT", "DELETE", "PATCH", "OPTIONS"])
    return {
      group: "voice.method",
      label: `${method} on a webhook`,
      request: {
        method,
        url,
        headers: { "content-type": contentType },
        ...(method === "GET" ? {} : { payload }),
      },
      allowed: allowing(403, 405),
      writes: "none",
    }
  }
  return {
    group: "voice.malformed",
    label,
    request: {
      method: "POST",
      url,
      headers: { ...(contentType === undefined ? {} : { "content-type": contentType }), "x-twilio-signature": "x" },
      payload,
    },
    allowed: allowing(403, 415),
    writes: "none",
  }
}

// ---------------------------------------------------------------------------------------------
// Admin API

const validBody = (rng: Rng): Record<string, unknown> => ({
  name: "Fuzz Barber",
  timezone: "America/New_York",
  phoneNumbers: [`+1${2 + rng.int(8)}${String(rng.int(1e9)).padStart(9, "0")}`],
  services: [{ name: "Haircut", durationMinutes: 30, aliases: ["cut"] }],
  hours: { mon: [["09:00", "18:00"]], sat: [["10:00", "13:00"]] },
  ...(rng.chance(0.3) ? { bookingRules: { slotGranularityMinutes: 15 } } : {}),
  ...(rng.chance(0.3) ? { ownerPhone: "+15551239999" } : {}),
})

/** One change that certainly makes a business invalid. */
type Breaker = (
  body: Record<string, unknown>,
  rng: Rng,
) => { readonly label: string; readonly raw?: (json: string) => string }

const set =
  (label: string, key: string, values: ReadonlyArray<unknown>): Breaker =>
  (body, rng) => {
    body[key] = rng.pick(values)
    return { label: `${label}: ${key}=${JSON.stringify(body[key])?.slice(0, 60)}` }
  }

const deep = (depth: number, leaf: unknown): unknown => {
  let value = leaf
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

const breakers: ReadonlyArray<Breaker> = [
  set("unknown time zone", "timezone", [
    "Mars/Olympus",
    "America/New_Yrok",
    "",
    "UTC+25",
    "../../etc/passwd",
    "America/New_York\u0000",
    " America/New_York",
    42,
    null,
    ["America/New_York"],
  ]),
  set("bad name", "name", ["", "   ", "\t\n", null, 123, [], {}, true]),
  set("bad phone numbers", "phoneNumbers", [
    ["555-1234"],
    ["+0123456"],
    ["+1"],
    ["+1555123456789012345"],
    ["+15551234567 "],
    ["15551234567"],
    ["+1 555 123 4567"],
    ["+1555\u00001234567"],
    ["+15551230000", "+15551230000"],
    "+15551234567",
    [null],
    [15551234567],
    {},
    null,
  ]),
  set("bad services", "services", [
    [],
    null,
    "Haircut",
    [{ name: "", durationMinutes: 30 }],
    [{ name: "  ", durationMinutes: 30 }],
    [{ name: "Cut", durationMinutes: 0 }],
    [{ name: "Cut", durationMinutes: 30.5 }],
    [{ name: "Cut", durationMinutes: -30 }],
    [{ name: "Cut", durationMinutes: 100000 }],
    [{ name: "Cut", durationMinutes: "30" }],
    [{ name: "Cut", durationMinutes: Number.MAX_SAFE_INTEGER + 2 }],
    [{ name: "Cut" }],
    [{ name: "Cut", durationMinutes: 30, aliases: [""] }],
    [{ name: "Cut", durationMinutes: 30, price: 10 }],
    [null],
    deep(2000, { name: "Cut", durationMinutes: 30 }),
  ]),
  set("bad hours", "hours", [
    { mon: [["17:00", "09:00"]] },
    { mon: [["09:00", "09:00"]] },
    { mon: [["24:00", "24:00"]] },
    { mon: [["09:00", "25:00"]] },
    { mon: [["9:00", "17:00"]] },
    { mon: [["09:60", "17:00"]] },
    { mon: [["09:00"]] },
    { mon: [["09:00", "17:00", "18:00"]] },
    { mon: "09:00-17:00" },
    { mon: [[900, 1700]] },
    { funday: [["09:00", "17:00"]] },
    null,
    [],
    "always",
  ]),
  set("bad booking rules", "bookingRules", [
    { slotGranularityMinutes: 0 },
    { slotGranularityMinutes: 1000 },
    { slotGranularityMinutes: "15" },
    { bufferMinutes: -1 },
    { minLeadTimeMinutes: 1e9 },
    { maxDaysAhead: 0 },
    { maxDaysAhead: 1.5 },
    { surprise: true },
    "strict",
  ]),
  set("bad ai config", "aiConfig", [
    "x",
    null,
    [],
    { integrations: { provider: 5 } },
    { integrations: { providers: { google_calendar: { enabled: "yes" } } } },
    { integrations: { providers: { google_calendar: { default_duration_minutes: -5 } } } },
    { integrations: { providers: { google_calendar: { create_events: "no" } } } },
    { integrations: { providers: { google_calendar: { degradation: { NotConnected: "explode" } } } } },
  ]),
  set("bad owner phone", "ownerPhone", ["5551234", "", null, 15551234567, "+1"]),
  set("bad transfer phone", "transferPhone", ["call me", "+", "+123"]),
  set("bad country", "country", ["usa", "us", "U1", "", null, "ÜS"]),
  // Text Postgres cannot store: refused as bad input whatever the storage, not a storage outage (503).
  set("unstorable text", "name", ["Fuzz\u0000Barber", "Fuzz \ud800 Barber", "\udfff"]),
  set("unstorable text", "aiConfig", [{ greeting: "hello\u0000" }, { greeting: "hi \udbff" }, { "k\u0000": 1 }]),
  set("unknown field", "isAdmin", [true]),
  set("id is chosen by the server", "id", ["biz_mine", ""]),
  (body, rng) => {
    const key = rng.pick(["name", "timezone", "services", "hours", "phoneNumbers"])
    delete body[key]
    return { label: `missing ${key}` }
  },
  // Prototype pollution: rejected by the JSON parser itself, before any code sees the object.
  (_body, rng) => {
    const key = rng.pick(['"__proto__"', '"constructor"'])
    const value = key === '"__proto__"' ? '{"isAdmin": true}' : '{"prototype": {"isAdmin": true}}'
    return {
      label: `pollution key ${key}`,
      raw: (json) =>
        rng.chance(0.5)
          ? `{${key}: ${value}, ${json.slice(1)}`
          : json.replace('"hours":', `"hours": {${key}: ${value}}, "x":`),
    }
  },
  // Raw JSON numbers JSON.stringify cannot write.
  (_body, rng) => {
    const number = rng.pick(["1e309", "-1e309", "1e-400", "123456789012345678901234567890", "-0", "0.0000001"])
    return {
      label: `huge number ${number}`,
      raw: (json) => json.replace('"durationMinutes":30', `"durationMinutes":${number === "-0" ? "-1e309" : number}`),
    }
  },
]

const invalidJson: ReadonlyArray<(json: string, rng: Rng) => string> = [
  (json, rng) => json.slice(0, Math.max(1, rng.int(json.length - 1))), // truncated
  (json) => json.replace(/}$/, ",}"), // trailing comma
  (json) => json.replaceAll('"', "'"),
  (json) => `${json}}`,
  (json) => `${json}garbage`,
  (json) => `// comment\n${json}`,
  (json) => json.replace('"name"', "name"),
  (json) => json.replace(":", ': NaN, "n":'),
  () => "",
  () => "{",
  () => "\u0000",
  () => `{"name": "\\ud800 \\x41"}`,
  (json) => `${"[".repeat(5000)}${json}`,
]

const wrongShapes: ReadonlyArray<(body: Record<string, unknown>) => unknown> = [
  () => [],
  () => null,
  () => "a business",
  () => 42,
  () => true,
  (body) => [body],
  (body) => ({ business: body }),
  () => deep(3000, null),
  () => ({}),
]

/** JSON-ish bodies that must be refused: broken, wrong shape, or valid JSON of an invalid business. */
const adminBody = (
  rng: Rng,
  forPatch: boolean,
): { readonly payload: string; readonly label: string; readonly contentType: string | undefined } => {
  const body = validBody(rng)
  const mode = rng.int(10)
  let payload: string
  let label: string
  if (mode < 6) {
    // Valid JSON, invalid business: one to three breakers on an otherwise good body.
    const raws: Array<(json: string) => string> = []
    const labels: Array<string> = []
    const patchBase: Record<string, unknown> = forPatch ? {} : body
    for (let i = 0, n = 1 + rng.int(3); i < n; i++) {
      const applied = rng.pick(breakers)(patchBase, rng)
      labels.push(applied.label)
      if (applied.raw) raws.push(applied.raw)
    }
    if (forPatch && Object.keys(patchBase).length === 0 && raws.length === 0) patchBase.name = ""
    // A patch carrying only a raw breaker still needs the anchors the raw edit looks for.
    const json = JSON.stringify(forPatch && raws.length > 0 ? { ...body, ...patchBase } : patchBase)
    payload = raws.reduce((text, raw) => raw(text), json)
    if (raws.length > 0 && payload === json) payload = json.replace(/}$/, ', "isAdmin": true}')
    label = labels.join("; ")
  } else if (mode < 8) {
    const breakJson = rng.pick(invalidJson)
    payload = breakJson(JSON.stringify(body), rng)
    label = `invalid JSON (${payload.slice(0, 40)}…)`
    if (payload === JSON.stringify(body)) payload = `${payload},`
  } else {
    const shape = rng.pick(wrongShapes)(body)
    payload = JSON.stringify(shape)
    label = `wrong shape ${payload.slice(0, 40)}`
    if (forPatch && payload === "{}") payload = '{"id": "biz_other"}'
  }
  // Occasionally wrap it in the wrong content type, or pad it to the edge of the body limit.
  let contentType: string | undefined = "application/json"
  if (rng.chance(0.15)) {
    contentType = rng.pick(contentTypes)
    label += `; content type ${String(contentType)}`
  }
  if (rng.chance(0.05)) {
    const over = rng.chance(0.5)
    const pad = over ? bodyLimit + rng.int(1000) : Math.max(0, bodyLimit - payload.length - 50 - rng.int(500))
    payload = `{"padding": "${"p".repeat(pad)}", ${payload.startsWith("{") ? payload.slice(1) : `"x": ${payload}}`}`
    label += over ? "; over 64 KB" : "; just under 64 KB"
  }
  return { payload, label, contentType }
}

const badTokens = (rng: Rng): string | Array<string> | undefined =>
  rng.pick<string | Array<string> | undefined>([
    undefined,
    "",
    "Bearer",
    "Bearer ",
    `Bearer ${adminToken}x`,
    `Bearer ${adminToken.slice(0, -1)}`,
    `Bearer ${adminToken.slice(0, -1)}X`,
    `Bearer ${adminToken.toUpperCase()}`,
    `Bearer ${adminToken}${adminToken}`,
    `Basic ${Buffer.from(`admin:${adminToken}`).toString("base64")}`,
    `Token ${adminToken}`,
    adminToken,
    `Bearer "${adminToken}"`,
    `Bearer ${Buffer.from(garbageString(rng))
      .toString("latin1")
      .replace(/[^\t\x20-\x7e\x80-\xff]/g, "")}`,
    `Bearer ${"a".repeat(8000)}`,
    [`Bearer ${adminToken}x`, `Bearer ${adminToken}`],
  ])

const realOrOddId = (rng: Rng, real: string) => (rng.chance(0.6) ? real : rng.pick([...oddIds, "biz_unknown"]))

const adminCase = (rng: Rng, context: FuzzContext): FuzzCase => {
  const unauthorized = rng.chance(0.25)
  const token = unauthorized ? badTokens(rng) : `Bearer ${adminToken}`
  const auth = token === undefined ? {} : { authorization: token }
  const route = rng.pick(["post", "post", "patch", "patch", "get", "bookings", "cancel"])
  switch (route) {
    case "post":
    case "patch": {
      const { payload, label, contentType } = adminBody(rng, route === "patch")
      const url = route === "post" ? "/api/v1/businesses" : `/api/v1/businesses/${realOrOddId(rng, context.businessId)}`
      return {
        group: `admin.${route}`,
        label: `${unauthorized ? "bad token; " : ""}${label}`,
        request: {
          method: route === "post" ? "POST" : "PATCH",
          url,
          headers: { ...auth, ...(contentType === undefined ? {} : { "content-type": contentType }) },
          payload,
        },
        allowed: unauthorized ? [...routing, 401] : allowing(415),
        writes: "none",
      }
    }
    case "get":
    case "bookings": {
      const id = realOrOddId(rng, context.businessId)
      const query =
        route === "bookings"
          ? rng.pick([
              "",
              "?limit=10",
              "?limit=0",
              "?limit=-1",
              "?limit=501",
              "?limit=1.5",
              "?limit=abc",
              "?limit=1&limit=2",
              "?limit=%00",
              "?limit=1e2",
              "?limit[]=1",
            ])
          : rng.pick(["", "?x=%zz", "?__proto__[x]=1"])
      return {
        group: `admin.${route}`,
        label: `${unauthorized ? "bad token; " : ""}GET ${id.slice(0, 40)}${query}`,
        request: {
          method: "GET",
          url: `/api/v1/businesses/${id}${route === "bookings" ? "/bookings" : ""}${query}`,
          headers: auth,
        },
        allowed: unauthorized ? [...routing, 401] : [...routing, 200],
        writes: "none",
      }
    }
    default: {
      const businessId = realOrOddId(rng, context.businessId)
      const bookingId = realOrOddId(rng, context.bookingId)
      const allReal = businessId === context.businessId && bookingId === context.bookingId
      // A well-formed, authorised cancel of the real booking is a genuine cancel: send it only with a
      // body that cannot be parsed, so the request must be refused before the route runs.
      const body =
        allReal && !unauthorized
          ? rng.pick<{ readonly type: string | undefined; readonly payload: string }>([
              { type: "application/json", payload: "{" },
              { type: "application/json", payload: "" },
              { type: "application/json", payload: '{"__proto__": {"x": 1}}' },
              { type: "application/xml", payload: "<cancel/>" },
              { type: "application/json", payload: `{"padding": "${"p".repeat(bodyLimit + 10)}"}` },
            ])
          : rng.pick<{ readonly type: string | undefined; readonly payload: string | undefined }>([
              { type: undefined, payload: undefined },
              { type: "application/json", payload: "{}" },
              { type: "text/plain", payload: garbageString(rng) },
            ])
      return {
        group: "admin.cancel",
        label: `${unauthorized ? "bad token; " : ""}cancel ${businessId.slice(0, 30)}/${bookingId.slice(0, 30)} body ${String(body.payload).slice(0, 30)}`,
        request: {
          method: "POST",
          url: `/api/v1/businesses/${businessId}/bookings/${bookingId}/cancel`,
          headers: { ...auth, ...(body.type === undefined ? {} : { "content-type": body.type }) },
          ...(body.payload === undefined ? {} : { payload: body.payload }),
        },
        allowed: unauthorized ? [...routing, 401] : allowing(415),
        writes: "none",
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// OAuth

const oauthCase = (rng: Rng, context: FuzzContext, stateIndex: { next: number }): FuzzCase => {
  if (rng.chance(0.35)) {
    const unauthorized = rng.chance(0.5)
    const token = unauthorized ? badTokens(rng) : `Bearer ${adminToken}`
    const query = rng.pick([
      "",
      "?businessId=",
      "?businessId=%20",
      "?businessId=%20%20x",
      "?businessId=x%20",
      `?businessId=${context.businessId}&businessId=${context.businessId}`,
      `?businessId[]=${context.businessId}`,
      "?businessId[__proto__]=1",
      `?businessId=${enc(garbageString(rng)).slice(0, 3000)}`,
      `?businessId=${rng.pick(oddIds)}`,
    ])
    return {
      group: "oauth.start",
      label: `${unauthorized ? "bad token; " : ""}start${query.slice(0, 60)}`,
      request: {
        method: "GET",
        url: `/oauth/google/start${query}`,
        headers: token === undefined ? {} : { authorization: token },
      },
      // 302 is a read: the consent URL is computed, nothing is stored until the callback.
      allowed: unauthorized ? [...routing, 401] : [...routing, 302],
      writes: "none",
    }
  }
  const genuine = context.states[stateIndex.next]
  const useGenuine = genuine !== undefined && rng.chance(0.25)
  if (useGenuine) stateIndex.next++
  const state = useGenuine
    ? genuine
    : rng.pick([
        "",
        "x",
        "x.y",
        "a.b.c",
        `${Buffer.from(JSON.stringify({ b: context.businessId, n: "n", e: 4_102_444_800_000 })).toString("base64url")}.forged`,
        `${Buffer.from(JSON.stringify({ b: context.businessId, n: "n", e: 1 })).toString("base64url")}.`,
        (context.states[0] ?? "a.b").replace(/.$/, "A"),
        `${context.states[0] ?? "a.b"}.extra`,
        enc(garbageString(rng)).slice(0, 2000),
      ])
  const params: Array<string> = []
  if (!rng.chance(0.1)) params.push(`state=${useGenuine ? encodeURIComponent(state) : state}`)
  if (rng.chance(0.7))
    params.push(`code=${rng.pick(["", "4/0AX4XfWh-garbage", "%00", enc(garbageString(rng)).slice(0, 2000)])}`)
  if (rng.chance(0.25)) params.push(`error=${rng.pick(["access_denied", "server_error", "%3Cscript%3E", ""])}`)
  if (rng.chance(0.2))
    params.push(`scope=${rng.pick(["", "email", "https://www.googleapis.com/auth/calendar", "%zz"])}`)
  if (rng.chance(0.1)) params.push("state=second")
  // A genuine state with a made-up code reaches Google's token endpoint, which refuses it (400, not connected).
  return {
    group: useGenuine ? "oauth.callback.genuine-state" : "oauth.callback",
    label: `callback ?${params.join("&").slice(0, 80)}`,
    request: { method: "GET", url: `/oauth/google/callback${params.length > 0 ? `?${params.join("&")}` : ""}` },
    allowed: [400, 414],
    writes: "none",
  }
}

// ---------------------------------------------------------------------------------------------

/** The whole corpus for one seed: `count` cases spread over every route. */
export const generate = (seed: number, count: number, context: FuzzContext): ReadonlyArray<FuzzCase> => {
  const rng = new Rng(seed)
  const stateIndex = { next: 0 }
  const cases: Array<FuzzCase> = []
  while (cases.length < count) {
    const roll = rng.next()
    if (roll < 0.04) cases.push(...conversation(rng, context))
    else if (roll < 0.22) cases.push(signedVoice(rng, context))
    else if (roll < 0.36) cases.push(forgedVoice(rng, context))
    else if (roll < 0.48) cases.push(malformedVoice(rng, context))
    else if (roll < 0.88) cases.push(adminCase(rng, context))
    else cases.push(oauthCase(rng, context, stateIndex))
  }
  return cases.slice(0, count)
}

/** A short, reproducible description of a case for failure messages. */
export const describeCase = (seed: number, index: number, fuzzCase: FuzzCase): string => {
  const { method, url, headers, payload } = fuzzCase.request
  const body = typeof payload === "string" ? payload : payload === undefined ? "" : JSON.stringify(payload)
  return [
    `seed ${seed} case #${index} [${fuzzCase.group}] ${fuzzCase.label}`,
    `  ${method} ${url.length > 200 ? `${url.slice(0, 200)}…(${url.length} chars)` : url}`,
    `  headers ${JSON.stringify(headers ?? {}).slice(0, 300)}`,
    `  body ${JSON.stringify(body.length > 300 ? `${body.slice(0, 300)}…(${body.length} chars)` : body)}`,
  ].join("\n")
}
