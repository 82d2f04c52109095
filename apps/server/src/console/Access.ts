import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import type { Business } from "@frontdesk/domain/model/Business"
import type { ConsoleSession } from "@frontdesk/domain/model/ConsoleSession"
import { zoneOf } from "@frontdesk/domain/model/TimeZone"
import { DateTime } from "effect"
import type { Html } from "./Html.js"
import type { Chrome, Tab } from "./Layout.js"

/** Random tokens (cookies, CSRF, invites) and the hash that is stored in their place. */
export const newToken = (): string => randomBytes(32).toString("base64url")
export const sha256 = (text: string): string => createHash("sha256").update(text).digest("base64url")

export const sameSecret = (given: string | undefined, expected: string): boolean => {
  const a = Buffer.from(given ?? "")
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** A console request that passed sign-in and (for a business page) the business check. */
export interface Viewer {
  readonly session: ConsoleSession
  readonly operator: boolean
  readonly who: string
}

export interface BusinessView extends Viewer {
  readonly business: Business
}

export const chrome = (viewer: BusinessView, tab: Tab, title: string): Chrome => ({
  title,
  csrf: viewer.session.csrfToken,
  who: viewer.who,
  operator: viewer.operator,
  business: { id: viewer.business.id, name: viewer.business.name, tab },
})

/** What a console handler answers. */
export type ConsoleReply =
  | { readonly _tag: "Page"; readonly status: number; readonly body: Html }
  | { readonly _tag: "Redirect"; readonly location: string }

export const ok = (body: Html, status = 200): ConsoleReply => ({ _tag: "Page", status, body })
export const seeOther = (location: string): ConsoleReply => ({ _tag: "Redirect", location })

/** "Mon 4 May, 2:30 PM" in the business's zone. */
export const localTime = (business: Business, instant: DateTime.DateTime): string =>
  DateTime.format(DateTime.setZone(instant, zoneOf(business.timezone)), {
    locale: "en-US",
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
  })

export const clockOnly = (business: Business, instant: DateTime.DateTime): string =>
  DateTime.format(DateTime.setZone(instant, zoneOf(business.timezone)), {
    locale: "en-US",
    hour: "numeric",
    minute: "2-digit",
  })

/** Enough of a caller's number to recognise, not enough to copy: "+1555•••0000". */
export const maskPhone = (phone: string | undefined): string => {
  if (phone === undefined || phone === "") return "withheld"
  if (phone.length <= 7) return "•••"
  return `${phone.slice(0, phone.length - 7)}•••${phone.slice(-4)}`
}
