import { makeCalendarStore } from "./FakeGoogleCalendarStore.js"
import { makeOAuthStore, type OAuthClient } from "./FakeGoogleOAuthStore.js"

/**
 * The state behind FakeGoogle: the OAuth grants and the calendars, side by side in one synchronous
 * object so every HTTP handler and control call sees one consistent model.
 */

export const DEFAULT_ACCOUNT = "owner@example.com"

export type StoreOptions = OAuthClient

export const makeStore = (options: StoreOptions) => {
  const oauth = makeOAuthStore(options)
  const { openAccount, ...calendars } = makeCalendarStore()
  return {
    ...oauth,
    ...calendars,
    /** A refresh token as if the owner had consented earlier; the owner's calendars exist from then on. */
    issueRefreshToken: (account: string, scope: string) => {
      const refreshToken = oauth.issueRefreshToken(account, scope)
      openAccount(account)
      return refreshToken
    },
  }
}

export type FakeGoogleStore = ReturnType<typeof makeStore>
