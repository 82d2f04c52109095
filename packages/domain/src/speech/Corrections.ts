import { type ClockTime, type LocalDate, weekdayOf } from "../model/LocalDate.js"
import * as SpokenTime from "./SpokenTime.js"
import { article, capitalize } from "./Words.js"

/**
 * How the agent acknowledges a caller changing something already agreed ("Saturday instead, got
 * it."), before the next question or read-back, which says the whole booking again anyway.
 */

/** A slot the caller changed, with its new value. */
export type Correction =
  | { readonly _tag: "service"; readonly service: string }
  | { readonly _tag: "date"; readonly date: LocalDate }
  | { readonly _tag: "time"; readonly time: ClockTime }
  | { readonly _tag: "name"; readonly name: string }
  | { readonly _tag: "phone" }

const find = <T extends Correction["_tag"]>(changes: ReadonlyArray<Correction>, tag: T) =>
  changes.find((c): c is Extract<Correction, { readonly _tag: T }> => c._tag === tag)

/** "Saturday instead, got it.", "A beard trim on Friday at 4 PM instead, got it.", "Rob Johnson instead, got it." */
export const gotIt = (changes: ReadonlyArray<Correction>): string | undefined => {
  const service = find(changes, "service")
  const date = find(changes, "date")
  const time = find(changes, "time")
  const name = find(changes, "name")
  const when = [
    date === undefined ? undefined : SpokenTime.weekdayName(weekdayOf(date.date)),
    time === undefined ? undefined : SpokenTime.clock(time.time.hour, time.time.minute),
  ]
    .filter((part): part is string => part !== undefined)
    .join(" at ")
  const booking = [service === undefined ? undefined : article(service.service), when === "" ? undefined : when]
    .filter((part): part is string => part !== undefined)
    .join(service !== undefined && date !== undefined ? " on " : " at ")
  const parts = [booking, name?.name, find(changes, "phone") === undefined ? undefined : "that number"].filter(
    (part): part is string => part !== undefined && part !== "",
  )
  return parts.length === 0 ? undefined : `${capitalize(SpokenTime.list(parts, "and"))} instead, got it.`
}
