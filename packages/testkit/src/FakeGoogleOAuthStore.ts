import { createHash, randomBytes } from "node:crypto"
import { GoogleWireError, OAuthWireError } from "./FakeGoogleWireErrors.js"

/**
 * The OAuth half of FakeGoogle's state: authorization codes, refresh tokens and access tokens, and
 * which account each one speaks for. The calendar half asks `authenticate` who is calling.
 */

export interface CodeGrant {
  readonly account: string
  readonly clientId: string
  readonly redirectUri: string
  readonly scope: string
  readonly codeChallenge: string | undefined
  readonly codeChallengeMethod: string | undefined
  readonly offline: boolean
  readonly expiresAt: number
  used: boolean
}

interface RefreshGrant {
  readonly account: string
  readonly scope: string
  revoked: boolean
}

interface AccessGrant {
  readonly account: string
  readonly scope: string
  readonly refreshToken: string | undefined
  expiresAt: number
}

export interface OAuthClient {
  readonly clientId: string
  readonly clientSecret: string
}

const token = (prefix: string) => `${prefix}${randomBytes(18).toString("base64url")}`

export const makeOAuthStore = (client: OAuthClient) => {
  const codes = new Map<string, CodeGrant>()
  const refreshTokens = new Map<string, RefreshGrant>()
  const accessTokens = new Map<string, AccessGrant>()
  let accessTokenLifetimeSeconds = 3599

  const checkClient = (clientId: string | undefined, clientSecret: string | undefined) => {
    if (clientId !== client.clientId || clientSecret !== client.clientSecret) {
      throw new OAuthWireError(401, "invalid_client", "The OAuth client was not found.")
    }
  }

  const issueAccessToken = (account: string, scope: string, refreshToken: string | undefined) => {
    const accessToken = token("ya29.")
    accessTokens.set(accessToken, {
      account,
      scope,
      refreshToken,
      expiresAt: Date.now() + accessTokenLifetimeSeconds * 1000,
    })
    return { access_token: accessToken, expires_in: accessTokenLifetimeSeconds, token_type: "Bearer", scope }
  }

  return {
    setAccessTokenLifetime: (seconds: number) => {
      accessTokenLifetimeSeconds = seconds
    },

    /** The user clicks "Allow" on the consent screen. */
    grantCode: (params: Omit<CodeGrant, "expiresAt" | "used">) => {
      if (params.clientId !== client.clientId) {
        throw new OAuthWireError(401, "invalid_client", "The OAuth client was not found.")
      }
      const code = token("4/0A")
      codes.set(code, { ...params, used: false, expiresAt: Date.now() + 10 * 60 * 1000 })
      return code
    },

    exchangeCode: (form: URLSearchParams) => {
      checkClient(form.get("client_id") ?? undefined, form.get("client_secret") ?? undefined)
      const grant = codes.get(form.get("code") ?? "")
      if (grant === undefined || grant.used || grant.expiresAt < Date.now()) {
        throw new OAuthWireError(400, "invalid_grant", grant?.used ? "Bad Request" : "Malformed auth code.")
      }
      // Google consumes a code on the first attempt, successful or not.
      grant.used = true
      if (grant.redirectUri !== form.get("redirect_uri")) {
        throw new OAuthWireError(400, "redirect_uri_mismatch", "Bad Request")
      }
      if (grant.codeChallenge !== undefined) {
        const verifier = form.get("code_verifier")
        if (verifier === null) throw new OAuthWireError(400, "invalid_grant", "Missing code verifier.")
        const computed =
          grant.codeChallengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier
        if (computed !== grant.codeChallenge) throw new OAuthWireError(400, "invalid_grant", "Invalid code verifier.")
      }
      const refreshToken = grant.offline ? token("1//0g") : undefined
      if (refreshToken !== undefined) {
        refreshTokens.set(refreshToken, { account: grant.account, scope: grant.scope, revoked: false })
      }
      const answer = issueAccessToken(grant.account, grant.scope, refreshToken)
      return refreshToken === undefined ? answer : { ...answer, refresh_token: refreshToken }
    },

    refresh: (form: URLSearchParams) => {
      checkClient(form.get("client_id") ?? undefined, form.get("client_secret") ?? undefined)
      const refreshToken = form.get("refresh_token") ?? ""
      const grant = refreshTokens.get(refreshToken)
      if (grant === undefined || grant.revoked) {
        throw new OAuthWireError(400, "invalid_grant", "Token has been expired or revoked.")
      }
      return issueAccessToken(grant.account, grant.scope, refreshToken)
    },

    /** A refresh token as if the owner had consented earlier. */
    issueRefreshToken: (account: string, scope: string) => {
      const refreshToken = token("1//0g")
      refreshTokens.set(refreshToken, { account, scope, revoked: false })
      return refreshToken
    },

    /** Google's revoke endpoint: false (400 invalid_token there) for a token it never issued. */
    revokeToken: (token: string): boolean => {
      const grant = refreshTokens.get(token)
      if (grant === undefined) return accessTokens.delete(token)
      grant.revoked = true
      for (const [accessToken, access] of accessTokens) {
        if (access.refreshToken === token) accessTokens.delete(accessToken)
      }
      return true
    },

    /** Every refresh token issued so far, and whether it still works. */
    grants: (): ReadonlyArray<{ readonly account: string; readonly revoked: boolean }> =>
      [...refreshTokens.values()].map((grant) => ({ account: grant.account, revoked: grant.revoked })),

    revokeRefreshToken: (refreshToken: string) => {
      const grant = refreshTokens.get(refreshToken)
      if (grant !== undefined) grant.revoked = true
      for (const [accessToken, access] of accessTokens) {
        if (access.refreshToken === refreshToken) accessTokens.delete(accessToken)
      }
    },

    expireAccessTokens: () => {
      for (const access of accessTokens.values()) access.expiresAt = 0
    },

    /** The account behind a bearer token, or a 401. */
    authenticate: (authorization: string | undefined) => {
      const bearer = authorization?.match(/^Bearer (.+)$/)?.[1]
      const access = bearer === undefined ? undefined : accessTokens.get(bearer)
      if (access === undefined || access.expiresAt <= Date.now()) {
        throw new GoogleWireError(401, "authError", "Invalid Credentials")
      }
      return access.account
    },
  }
}
