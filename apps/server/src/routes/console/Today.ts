import * as TodayPage from "../../console/TodayPage.js"
import type { Routes } from "./Routing.js"

/** A business's front page: today's bookings and what needs the owner's attention. */
export const register = ({ page }: Routes) => {
  page("/b/:id", (view) => TodayPage.render(view))
}
