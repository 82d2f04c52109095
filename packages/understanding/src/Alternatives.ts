import * as LocalDate from "@frontdesk/domain/model/LocalDate"
import type { UnderstandingContext, When } from "@frontdesk/domain/ports/Understanding"
import { DateTime } from "effect"

/** Which of the starts the agent just offered the caller picked: "the second one", "the earlier one", "4 works". */

const ordinal =
  /\b(?:the )?(1st|2nd|3rd|last|earlier|earliest|later|latest|first|second|third)(?: one| option| time| slot| choice)?\b(?! (?:thing|available|week|weekend|month|sunday|monday|tuesday|wednesday|thursday|friday|saturday|appointment|opening|you have|possible)\b)/

const positions: Record<string, number> = { "1st": 0, first: 0, "2nd": 1, second: 1, "3rd": 2, third: 2 }

/** Offers are listed best first, so "the earliest" is found by time, "the second" by position. */
const indexFor = (word: string, alternatives: ReadonlyArray<DateTime.Utc>): number | undefined => {
  const byTime = alternatives.map((a, i) => [DateTime.toEpochMillis(a), i] as const).sort((a, b) => a[0] - b[0])
  if (word === "earlier" || word === "earliest") return byTime[0]?.[1]
  if (word === "later" || word === "latest") return byTime[byTime.length - 1]?.[1]
  return positions[word] ?? alternatives.length - 1
}

/**
 * The offer picked by position or order, and the text without those words, so "the second one"
 * is not read again as "the 2nd of the month". Outside a choice between offers, an ordinal
 * counts only with "one", "option" or "slot", or as "earlier", "later", "last".
 */
export const pickByOrdinal = (
  s: string,
  context: UnderstandingContext,
): { readonly index: number; readonly rest: string } | undefined => {
  if (context.alternatives.length === 0) return undefined
  const word = ordinal.exec(s)?.[1]
  if (word === undefined) return undefined
  const index = indexFor(word, context.alternatives)
  if (index === undefined || index >= context.alternatives.length) return undefined
  const allowed =
    context.asking === "alternative" || /\b(?:one|option|slot)\b/.test(s) || /\b(?:earlier|later|last)\b/.test(s)
  return allowed ? { index, rest: s.replace(ordinal, " ") } : undefined
}

/** The offer at the time the caller said (on the day they said, if they said one), or the only one on the day. */
export const pickByTime = (when: When, context: UnderstandingContext): number | undefined => {
  const time = when.time
  const zone = DateTime.zoneUnsafeMakeNamed(context.business.timezone)
  if (time === undefined) {
    const date = when.date
    if (date === undefined || when.partOfDay !== undefined) return undefined
    const onDay = context.alternatives.flatMap((offer, i) =>
      LocalDate.equals(LocalDate.localDateOf(offer, zone), date) ? [i] : [],
    )
    return onDay.length === 1 ? onDay[0] : undefined
  }
  const index = context.alternatives.findIndex((offer) => {
    const clock = LocalDate.clockTimeOf(offer, zone)
    const onDay = when.date === undefined || LocalDate.equals(LocalDate.localDateOf(offer, zone), when.date)
    return onDay && clock.hour === time.hour && clock.minute === time.minute
  })
  return index >= 0 ? index : undefined
}
