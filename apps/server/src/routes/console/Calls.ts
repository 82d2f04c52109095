import * as CallsPage from "../../console/CallsPage.js"
import type { Routes } from "./Routing.js"

/** The calls list and one call's transcript. */
export const register = ({ page }: Routes) => {
  page("/b/:id/calls", (view) => CallsPage.list(view))
  page("/b/:id/calls/:sid", (view, request) => CallsPage.detail(view, request.params.sid ?? ""))
}
