import * as BookingsPage from "../../console/BookingsPage.js"
import type { Routes } from "./Routing.js"

/** The bookings page and its forms: book by hand, cancel, reschedule. */
export const register = ({ page, action }: Routes) => {
  page("/b/:id/bookings", (view, request) => BookingsPage.render(view, request.query))
  action("/b/:id/bookings", (view, form) => BookingsPage.add(view, form))
  action("/b/:id/bookings/:bookingId/cancel", (view, _form, params) =>
    BookingsPage.cancel(view, params.bookingId ?? ""),
  )
  action("/b/:id/bookings/:bookingId/reschedule", (view, form, params) =>
    BookingsPage.reschedule(view, params.bookingId ?? "", form),
  )
}
