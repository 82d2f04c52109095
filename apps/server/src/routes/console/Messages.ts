import * as MessagesPage from "../../console/MessagesPage.js"
import type { Routes } from "./Routing.js"

/** The messages callers left, and marking one handled. */
export const register = ({ page, action }: Routes) => {
  page("/b/:id/messages", (view) => MessagesPage.render(view))
  action("/b/:id/messages/:messageId/handled", (view, _form, params) =>
    MessagesPage.markHandled(view, params.messageId ?? ""),
  )
}
