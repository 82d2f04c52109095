import type { CallSid } from "@frontdesk/domain/model/Ids"

/**
 * The call as Twilio reported it on a webhook; its own module so the call flow and the transcript
 * it writes can both name it.
 */
export interface Call {
  readonly callSid: CallSid
  /** Twilio's `From` as sent: may be `anonymous`, empty or a withheld marker. */
  readonly from: string | undefined
  readonly to: string | undefined
}
