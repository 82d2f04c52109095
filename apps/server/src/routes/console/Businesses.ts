import { randomBytes } from "node:crypto"
import { Business, type NewBusiness } from "@frontdesk/domain/model/Business"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { Effect, Schema } from "effect"
import { seeOther } from "../../console/Access.js"
import * as Invites from "../../console/Invites.js"
import { banner, businessPath } from "../../console/Layout.js"
import * as OperatorPage from "../../console/OperatorPage.js"
import { errorPage, formOf, type Routes } from "./Routing.js"

/** The operator's actions across businesses: add one, invite its owner. */

export const register = ({ app, options, run, signedIn, action }: Routes) => {
  app.post("/businesses", (request, reply) =>
    run(
      reply,
      signedIn(request, (viewer) =>
        Effect.gen(function* () {
          if (!viewer.operator) return errorPage(403, "Not allowed", "Only the operator adds businesses.")
          const form = formOf(request)
          const phone = (form.phone ?? "").replace(/[\s().-]/g, "")
          const fields = {
            id: `biz_${randomBytes(9).toString("base64url")}`,
            name: (form.name ?? "").trim(),
            timezone: (form.timezone ?? "").trim(),
            phoneNumbers: phone === "" ? [] : [phone],
            services: [{ name: "Appointment", durationMinutes: 30 }],
            hours: {
              mon: [["09:00", "17:00"]],
              tue: [["09:00", "17:00"]],
              wed: [["09:00", "17:00"]],
              thu: [["09:00", "17:00"]],
              fri: [["09:00", "17:00"]],
            },
          } satisfies Partial<typeof NewBusiness.Encoded> & { id: string }
          const business = yield* Effect.either(Schema.decodeUnknown(Business)(fields))
          if (business._tag === "Left") {
            return yield* OperatorPage.render(
              viewer,
              banner("bad", `Not added: ${business.left.message.split("\n").slice(-1)[0]}`),
              400,
            )
          }
          const stored = yield* Effect.either((yield* Businesses).create(business.right))
          if (stored._tag === "Left") {
            if (stored.left._tag === "PhoneNumberInUse")
              return yield* OperatorPage.render(
                viewer,
                banner("bad", `Not added: ${phone} already belongs to another business.`),
                409,
              )
            return yield* Effect.fail(stored.left)
          }
          return seeOther(businessPath(stored.right.id, "/settings"))
        }),
      ),
    ),
  )

  action("/b/:id/invites", (view) =>
    view.operator
      ? Effect.flatMap(Invites.create(view.business.id, options.publicBaseUrl), (invite) =>
          OperatorPage.invited(view, view.business, invite.url),
        )
      : Effect.succeed(errorPage(403, "Not allowed", "Only the operator invites owners.")),
  )
}
