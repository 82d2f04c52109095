import type { Asking } from "@frontdesk/domain/ports/Understanding"

/**
 * The caller's name, read from the text with case and punctuation kept: "my name is…", "this is…",
 * "… here", "for Kim", or a bare answer when the agent asked for it.
 */

/** Common words of a phone request; a name stops at the first of them. */
export const notNames: ReadonlySet<string> = new Set(
  `a an the and or but so for to of on at in by with from about calling call looking want wanted would like need i i'd
  i'm im me my we our you your it it's its this that is was be can could may might will just here there yes yeah no
  not please thanks thank hi hello hey good morning afternoon evening book booking appointment today tomorrow
  monday tuesday wednesday thursday friday saturday sunday next week um uh well okay ok sure actually gonna going get
  trying try hoping wondering interested do does did have has had make schedule set up cancel reschedule speak talk
  person someone human what when how who why the sorry um calling ringing still again also really oh yep nope calling
  open hours free available january february march april may june july august september
  october november december noon midnight tonight wrong right correct incorrect fine good great perfect`.split(/\s+/),
)

const nameWord = /^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'.-]*$/

/** Leading words that look like a name: "Ana Ruiz, can I…" → "Ana Ruiz". */
const takeName = (fragment: string, requireCapital: boolean, vocabulary: ReadonlySet<string>): string | undefined => {
  const words: Array<string> = []
  for (const raw of fragment.trim().split(/\s+/)) {
    const word = raw.replace(/[,.!?;:]+$/, "")
    const lower = word.toLowerCase()
    if (!nameWord.test(word) || notNames.has(lower) || vocabulary.has(lower)) break
    if (requireCapital && !/^[A-ZÀ-Ö]/.test(word)) break
    words.push(word)
    if (/[,.!?;]$/.test(raw) || words.length === 4) break
  }
  return words.length === 0 ? undefined : words.join(" ")
}

/**
 * `cleaned` is the utterance without hesitations but with its capitals; `vocabulary` holds the
 * business's service words, which end a name as common words do ("It's Ana for a massage").
 */
export const findName = (cleaned: string, asking: Asking, vocabulary: ReadonlySet<string>): string | undefined => {
  const explicit =
    /\b(?:my name is|my name's|name is|name's|the name is|name to|name should be|put it under|book it under|under the name|under)\s+(.+)/i.exec(
      cleaned,
    )
  const named = explicit?.[1] && takeName(explicit[1], false, vocabulary)
  if (named) return named
  const introduced = /\b(?:this is|it's|it is|i'm|i am)\s+(.+)/i.exec(cleaned)
  const introducedName = introduced?.[1] && takeName(introduced[1], asking !== "name", vocabulary)
  if (introducedName) return introducedName
  const here = /^(?:(?:[Hh]i|[Hh]ello|[Hh]ey|[Yy]eah|[Yy]es)[,\s]+)?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?) here\b/.exec(
    cleaned,
  )
  if (here?.[1] && !notNames.has(here[1].toLowerCase())) return here[1]
  // "an appointment for Kim on Friday": only a capitalised word after "for" is taken as a name.
  const forName = /\bfor ([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?)/.exec(cleaned)
  const forWhom = forName?.[1] && takeName(forName[1], true, vocabulary)
  if (forWhom) return forWhom
  if (asking !== "name") return undefined
  const bare = cleaned
    .replace(/^[\s,]*(?:(?:yes|yeah|sure|ok|okay|oh|so|well|hi|it's|its|that's|that would be|that'd be)[,\s]+)*/i, "")
    .replace(/[,\s]*(?:thanks|thank you|please)[.!\s]*$/i, "")
  return takeName(bare, false, vocabulary)
}
