import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { DateTime, Effect } from "effect"
import { everyDayBusiness, type Harness, makeHarness, publicBaseUrl, twilioAuthToken } from "./Harness.js"

/**
 * `pnpm call` as a person uses it: through a real pseudo-terminal (python3's pty module), keys
 * typed one by one — Backspace, Enter, Ctrl-D, Ctrl-C — against a listening server.
 */

const serverDir = fileURLToPath(new URL("..", import.meta.url))
const driver = fileURLToPath(new URL("./pty_drive.py", import.meta.url))
const tsx = `${serverDir}node_modules/.bin/tsx`

type Step = { readonly expect?: string; readonly send?: string }

const run = (steps: ReadonlyArray<Step>, args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  Effect.async<{ readonly output: string; readonly exit: string }>((resume) => {
    const child = spawn("python3", [driver, JSON.stringify(steps), tsx, "src/cli/call.ts", ...args], {
      cwd: serverDir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        TERM: "xterm",
        TWILIO_AUTH_TOKEN: twilioAuthToken,
        PUBLIC_BASE_URL: publicBaseUrl,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf-8")
    })
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf-8")
    })
    child.on("close", () => {
      const status = /\n(EXIT:-?\d+|TIMEOUT:.*)\n$/.exec(output)?.[1] ?? "no status"
      resume(Effect.succeed({ output, exit: status }))
    })
    return Effect.sync(() => child.kill("SIGKILL"))
  })

const listening = (harness: Harness) =>
  Effect.acquireRelease(
    Effect.promise(() => harness.app.listen({ port: 0, host: "127.0.0.1" })),
    () => Effect.void,
  )

describe("pnpm call in a terminal", () => {
  it.scopedLive(
    "echoes what is typed, Backspace edits the utterance, and a whole call books",
    () =>
      Effect.gen(function* () {
        const harness = yield* makeHarness()
        const business = everyDayBusiness()
        yield* harness.seed(business)
        const url = yield* listening(harness)
        const { output, exit } = yield* run(
          [
            { expect: "you>" },
            // "noox", Backspace, "n": the server must get "noon".
            { send: "This is Ana Ruiz, can I get a color tomorrow at noox\x7fn please\r" },
            { expect: "Shall I book it?" },
            { expect: "you>" },
            { send: "yes\r" },
            { expect: "You're all set!" },
          ],
          ["--url", url, "--business", business.id, "--from", "+15551230042"],
        )
        expect(exit, output).toBe("EXIT:0")
        // What was typed is shown as it is typed.
        expect(output).toContain("This is Ana Ruiz, can I get a color tomorrow at noo")
        const [booking] = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.listByBusiness(business.id)))
        expect(booking?.service).toBe("Color")
        const local = DateTime.unsafeMakeZoned(booking?.startsAt ?? DateTime.unsafeMake(0), {
          timeZone: business.timezone,
        })
        expect(DateTime.getPart(local, "hours")).toBe(12)
      }),
    180_000,
  )

  it.scopedLive(
    "Ctrl-D hangs up and exits cleanly; Ctrl-C quits",
    () =>
      Effect.gen(function* () {
        const harness = yield* makeHarness()
        const business = everyDayBusiness()
        yield* harness.seed(business)
        const url = yield* listening(harness)
        const hangUp = yield* run(
          [{ expect: "you>" }, { send: "\x04" }, { expect: "(you hung up)" }],
          ["--url", url, "--business", business.id],
        )
        expect(hangUp.exit, hangUp.output).toBe("EXIT:0")
        const quit = yield* run([{ expect: "you>" }, { send: "\x03" }], ["--url", url, "--business", business.id])
        expect(quit.exit, quit.output).toBe("EXIT:130")
      }),
    180_000,
  )

  it.scopedLive(
    "--help documents every flag without placing a call; an unreachable server says to start it",
    () =>
      Effect.gen(function* () {
        // Nothing listens on this port: --help must not try to call it.
        const help = yield* run([], ["--help", "--url", "http://127.0.0.1:9"])
        expect(help.exit, help.output).toBe("EXIT:0")
        for (const flag of ["--url", "--business", "--from", "--withheld", "--to", "--script", "--relay", "--help"]) {
          expect(help.output).toContain(flag)
        }
        expect(help.output).not.toContain("Calling business")
        const away = yield* run([], ["--url", "http://127.0.0.1:9", "--business", Fixtures.businessId()])
        expect(away.output).toContain("start the server first")
        expect(away.exit).not.toBe("EXIT:0")
      }),
    180_000,
  )

  it.scopedLive(
    "--relay carries the call over the ConversationRelay socket",
    () =>
      Effect.gen(function* () {
        const harness = yield* makeHarness()
        const business = everyDayBusiness({ aiConfig: { ...Fixtures.nativeAiConfig, transport: "conversation_relay" } })
        yield* harness.seed(business)
        const url = yield* listening(harness)
        const { output, exit } = yield* run(
          [
            { expect: "you>" },
            { send: "This is Ana Ruiz, can I get a haircut tomorrow at 3pm\r" },
            { expect: "Shall I book it?" },
            { expect: "you>" },
            { send: "yes\r" },
            { expect: "(the agent hung up)" },
          ],
          ["--relay", "--url", url, "--business", business.id],
        )
        expect(exit, output).toBe("EXIT:0")
        expect(output).toContain("over ConversationRelay")
        expect(output).toContain("You're all set!")
        const bookings = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.listByBusiness(business.id)))
        expect(bookings).toHaveLength(1)
      }),
    180_000,
  )
})
