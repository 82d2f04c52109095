/**
 * What the fake Google stores throw when a request breaks a rule; FakeGoogle turns them into the
 * vendor's error bodies, so the stores stay plain data with no HTTP in them.
 */

/** A Calendar API error: `{ error: { code, message, errors: [{ reason }] } }`. */
export class GoogleWireError {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly message: string,
  ) {}
}

/** An OAuth token endpoint error: `{ error, error_description }`. */
export class OAuthWireError {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {}
}
