/**
 * Self-corrections inside one utterance: "December 15, no wait, sorry, December 16, at 3 p.m.",
 * "Friday — no, Saturday", "sorry, I meant Rob Johnson". The utterance is cut at each correction
 * marker; slots are read per part and a later part's slot replaces an earlier one's.
 */

export interface Part {
  /** The part as said (case and punctuation kept). */
  readonly said: string
  /** A correction marker came right before this part. */
  readonly corrects: boolean
}

// Markers are matched on the lowercased utterance with its punctuation, where "no," differs from
// "no idea". Each consumes the punctuation around it.
const markers = new RegExp(
  [
    // "no wait", "wait, no", "no, sorry", "oh sorry", "sorry, I meant", "I mean", "scratch that"…
    "(?:^|[\\s,.;:!?—–-])(?:no+,? (?:no,? )?wait|wait,? no|no+,? sorry|sorry,? no|oh,? sorry|(?:no,? |sorry,? |oh,? )*i mean[t]?|scratch that|let me rephrase|or rather|make that|correction|no no)(?=[\\s,.;:!?—–-]|$)",
    // "Friday — no, Saturday", "the 15th, no, the 16th": a "no" between commas or dashes.
    "[,;—–-]\\s*no+[,.!]?\\s+(?=[a-z0-9])",
    // "December 15, sorry, December 16".
    "[,;—–-]\\s*sorry[,.!]?\\s+(?=[a-z0-9])",
    // "actually" that takes something back: ", actually", "actually, make it…".
    "(?:^|[,;.—–-])\\s*actually,?(?=\\s)",
  ].join("|"),
  "g",
)

export const partsOf = (utterance: string): ReadonlyArray<Part> => {
  const lower = utterance.toLowerCase()
  const parts: Array<Part> = []
  let last = 0
  let corrects = false
  markers.lastIndex = 0
  for (let m = markers.exec(lower); m !== null; m = markers.exec(lower)) {
    if (m[0].length === 0) {
      markers.lastIndex++
      continue
    }
    const said = utterance.slice(last, m.index).trim()
    if (said.length > 0) parts.push({ said, corrects })
    corrects = true
    last = m.index + m[0].length
  }
  const rest = utterance.slice(last).trim()
  if (rest.length > 0 || parts.length === 0) parts.push({ said: rest, corrects })
  return parts
}
