/**
 * Reads our own TwiML back the way a phone would act on it: what is said, where the answer goes,
 * whether the line hangs up or transfers. Used by the call simulator, the benchmark and tests.
 */
export interface PhoneView {
  readonly says: ReadonlyArray<string>
  /** Gather action: where the caller's next words are POSTed. */
  readonly action: string | undefined
  /** Where Twilio goes when the caller stays silent. */
  readonly redirect: string | undefined
  readonly hangup: boolean
  readonly dial: string | undefined
}

const decodeXml = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")

export const read = (twiml: string): PhoneView => ({
  says: [...twiml.matchAll(/<Say\b[^>]*>([\s\S]*?)<\/Say>/g)].map((m) => decodeXml(m[1] ?? "")),
  action: ((m) => (m ? decodeXml(m[1] ?? "") : undefined))(/<Gather\b[^>]*\baction="([^"]*)"/.exec(twiml)),
  redirect: ((m) => (m ? decodeXml(m[1] ?? "") : undefined))(/<Redirect\b[^>]*>([\s\S]*?)<\/Redirect>/.exec(twiml)),
  hangup: /<Hangup\s*\/>/.test(twiml),
  dial: ((m) => (m ? decodeXml(m[1] ?? "") : undefined))(/<Dial\b[^>]*>([\s\S]*?)<\/Dial>/.exec(twiml)),
})

/** "One moment": the server is still working on the answer and asked to be called back at `redirect`. */
export const isHold = (view: PhoneView): boolean =>
  view.action === undefined && view.redirect !== undefined && !view.hangup && view.dial === undefined

/** A `<Connect><ConversationRelay>` answer: where the socket goes, what Twilio says first, where it ends. */
export interface RelayView {
  readonly url: string
  readonly welcomeGreeting: string
  readonly action: string | undefined
}

const attribute = (tag: string, name: string): string | undefined =>
  ((m) => (m ? decodeXml(m[1] ?? "") : undefined))(new RegExp(`\\b${name}="([^"]*)"`).exec(tag))

export const readRelay = (twiml: string): RelayView | undefined => {
  const relay = /<ConversationRelay\b[^>]*>/.exec(twiml)?.[0]
  const connect = /<Connect\b[^>]*>/.exec(twiml)?.[0]
  const url = relay === undefined ? undefined : attribute(relay, "url")
  if (relay === undefined || url === undefined) return undefined
  return {
    url,
    welcomeGreeting: attribute(relay, "welcomeGreeting") ?? "",
    action: connect === undefined ? undefined : attribute(connect, "action"),
  }
}
