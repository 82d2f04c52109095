import { Effect } from "effect"
import { banner } from "../../console/Layout.js"
import * as SettingsPage from "../../console/SettingsPage.js"
import { errorPage, type Routes } from "./Routing.js"

/** The settings page and its forms: one per weekday's hours, one per other section. */
export const register = ({ page, action }: Routes) => {
  page("/b/:id/settings", (view, request) =>
    SettingsPage.render(view, request.query.saved === undefined ? undefined : banner("ok", "Saved.")),
  )
  action("/b/:id/settings/hours/:day", (view, form, params) =>
    SettingsPage.isWeekday(params.day ?? "")
      ? SettingsPage.save(view, "hours", form, params.day as Parameters<typeof SettingsPage.save>[3])
      : Effect.succeed(errorPage(404, "Not found", "There is no such day.")),
  )
  action("/b/:id/settings/:section", (view, form, params) =>
    SettingsPage.isSection(params.section ?? "") && params.section !== "hours"
      ? SettingsPage.save(view, params.section as SettingsPage.Section, form)
      : Effect.succeed(errorPage(404, "Not found", "There is no such settings form.")),
  )
}
