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
  october november december noon midnight tonight wrong right correct incorrect fine good great perfect
  jan feb mar apr jun jul aug sep sept oct nov dec tues weds thurs weekend morning afternoon evening night
  then instead meant mean wait no nope sorry scratch actually around about quarter half past ish`.split(/\s+/),
)

/** Lowercase words inside a name: "Maria de la Cruz", "Ludwig van Beethoven". */
const particles: ReadonlySet<string> = new Set(
  "de del della der den la le van von da di du dos das bin ibn al el ter ten mac st y".split(" "),
)

const isCapital = (word: string): boolean => /^[A-ZÀ-Ö]|^[A-Za-z]'[A-Z]/.test(word)

const nameWord = /^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'.-]*$/

/** Leading words that look like a name: "Ana Ruiz, can I…" → "Ana Ruiz". */
const takeName = (fragment: string, requireCapital: boolean, vocabulary: ReadonlySet<string>): string | undefined => {
  const words: Array<string> = []
  const raws = fragment.trim().split(/\s+/)
  for (const [i, raw] of raws.entries()) {
    const word = raw.replace(/[,.!?;:]+$/, "")
    const lower = word.toLowerCase()
    if (!nameWord.test(word) || vocabulary.has(lower)) break
    // A particle joins a name that goes on: "de la Cruz", not "Maria de".
    const particle = words.length > 0 && particles.has(lower) && !/[,.!?;]$/.test(raw)
    if (!particle && notNames.has(lower)) break
    if (requireCapital && !particle && !isCapital(word)) break
    words.push(word)
    if (/[,.!?;]$/.test(raw) || words.length === 5 || i === raws.length - 1) break
  }
  while (words.length > 0 && particles.has((words[words.length - 1] ?? "").toLowerCase())) words.pop()
  return words.length === 0 ? undefined : words.join(" ")
}

/** The fragment when all of it is a capitalised name, else nothing. */
const wholeName = (fragment: string, vocabulary: ReadonlySet<string>): string | undefined => {
  const name = takeName(fragment, true, vocabulary)
  return name !== undefined && name.split(" ").length === fragment.trim().split(/\s+/).length ? name : undefined
}

const letterRun = /(?<![\p{L}\d'’])\p{L}(?![\p{L}\d'’])(?:[\s,.-]+\p{L}(?![\p{L}\d'’])){1,}/gu

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()

/**
 * Names spelled letter by letter ("it's Aisha, A I S H A, Bello"): the spelling replaces the word
 * it spells out — or, when they differ, the capitalised word right before it that starts with the
 * same letter ("Shivon, S I O B H A N" is Siobhan: the spelling is the better record) — or
 * stands for the name when said alone ("my name is A N A").
 */
export const unspell = (utterance: string): string => {
  let out = ""
  let last = 0
  letterRun.lastIndex = 0
  for (let m = letterRun.exec(utterance); m !== null; m = letterRun.exec(utterance)) {
    let letters = m[0].replace(/[^\p{L}]/gu, "")
    const before = out + utterance.slice(last, m.index)
    const previous = /([\p{L}'’-]+)([\s,.-]*)$/u.exec(before)
    const word = previous?.[1] ?? ""
    // A trailing "I" or "a" is usually the next sentence's word: "A N A I want…".
    let tail = ""
    if (letters.length > 3 && /[Ia]$/.test(letters) && letters.slice(0, -1).toLowerCase() === word.toLowerCase()) {
      tail = ` ${letters.slice(-1)}`
      letters = letters.slice(0, -1)
    }
    const spelled = capitalise(letters)
    const end = m.index + m[0].length
    const next = end + (/^[\s,.-]*/.exec(utterance.slice(end))?.[0].length ?? 0)
    // "a.m." and "p.m." are no spelling; a run of two spells only the word it follows ("Li, L I").
    if (/^[ap]m/i.test(letters)) continue
    if (letters.length === 2 && letters.toLowerCase() !== word.toLowerCase()) continue
    if (letters.toLowerCase() === word.toLowerCase()) {
      out = `${before.replace(/[\s,.-]*$/, "")}${tail} `
    } else if (
      previous !== null &&
      /^[A-Z]/.test(word) &&
      !notNames.has(word.toLowerCase()) &&
      word.charAt(0).toLowerCase() === letters.charAt(0).toLowerCase()
    ) {
      out = `${before.slice(0, before.length - previous[0].length)}${spelled}${tail} `
    } else {
      out = `${before} ${spelled}${tail} `
    }
    last = next
  }
  return last === 0 ? utterance : out + utterance.slice(last)
}

/**
 * `cleaned` is the utterance without hesitations but with its capitals; `vocabulary` holds the
 * business's service words, which end a name as common words do ("It's Ana for a massage").
 */
export const findName = (
  cleaned: string,
  asking: Asking,
  vocabulary: ReadonlySet<string>,
  corrects = false,
): string | undefined => {
  const explicit =
    /\b(?:my name is|my name's|name is|name's|the name is|name to|name should be|put it under|book it under|under the name|under)\s+(.+)/i.exec(
      cleaned,
    )
  const named = explicit?.[1] && takeName(explicit[1], false, vocabulary)
  if (named) return named
  const introduced = /\b(?:this is|it's|it is|i'm|i am)\s+(.+)/i.exec(cleaned)
  const introducedName = introduced?.[1] && takeName(introduced[1], asking !== "name", vocabulary)
  if (introducedName) return introducedName
  // "Derek here", "Maria de la Cruz here"; "Ana Ruiz, can I…" at the start of the utterance.
  const here = /(?:^|[,.!?]\s*|\b(?:[Hh]i|[Hh]ello|[Hh]ey|[Yy]eah|[Yy]es|[Oo]h)[,\s]+)([A-Z][^,.!?]*?) here\b/u.exec(
    cleaned,
  )
  const hereName = here?.[1] && wholeName(here[1], vocabulary)
  if (hereName) return hereName
  const opening = /^(?:(?:[Hh]i|[Hh]ello|[Hh]ey|[Yy]eah|[Yy]es|[Oo]h)[,\s]+)*([A-Z][^,.!?]*?),/u.exec(cleaned)
  const openingName = opening?.[1] && wholeName(opening[1], vocabulary)
  if (openingName && openingName.split(" ").length >= 2) return openingName
  // "an appointment for Kim on Friday": only a capitalised word after "for" is taken as a name.
  const forName = /\bfor ([A-Z][a-z'-]+.*)/.exec(cleaned)
  const forWhom = forName?.[1] && takeName(forName[1], true, vocabulary)
  if (forWhom) return forWhom
  const bare = cleaned
    .replace(
      /^[\s,]*(?:(?:yes|yeah|sure|ok|okay|oh|so|well|hi|it's|its|that's|that would be|that'd be|to)[,\s]+)*/i,
      "",
    )
    .replace(/[,.!\s]*(?:thanks|thank you|please)?[.!\s]*$/i, "")
  if (asking === "name") return takeName(bare, false, vocabulary)
  // A correction that is a name and nothing else: "sorry, I meant Rob Johnson".
  const again = corrects ? takeName(bare, true, vocabulary) : undefined
  return again !== undefined && again.split(" ").length === bare.split(/\s+/).length ? again : undefined
}
