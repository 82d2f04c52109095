import { execFile } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Business } from "@frontdesk/domain/model/Business"
import { Schema } from "effect"
import { demoBusiness } from "../src/DemoBusiness.js"

/** `pnpm understand` as a user runs it: a child process, arguments or stdin in, JSON lines out. */

const cli = join(import.meta.dirname, "..", "src", "cli", "understand.ts")
const tsx = join(import.meta.dirname, "..", "node_modules", ".bin", "tsx")

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const run = (args: ReadonlyArray<string>, options: { stdin?: string; env?: Record<string, string> } = {}) =>
  new Promise<Run>((resolve) => {
    const child = execFile(
      tsx,
      [cli, ...args],
      { env: { ...process.env, ...options.env }, timeout: 300_000, cwd: tmpdir() },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
    child.stdin?.end(options.stdin ?? "")
  })

const lines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as { text: string; intent: string; slots: Record<string, unknown> })

/** A business as the admin API returns it, in London. */
const londonJson = Schema.encodeSync(Business)(
  new Business({ ...demoBusiness(), name: "London Cuts", timezone: demoBusiness().timezone }),
) as Record<string, unknown>
const london = { ...londonJson, timezone: "Europe/London" }

describe("pnpm understand", { timeout: 480_000 }, () => {
  it("reads utterances from arguments in the business's local time, phone numbers masked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "understand-"))
    const file = join(dir, "business.json")
    writeFileSync(file, JSON.stringify(london))
    // 23:30 UTC on November 30th is already December 1st in Sydney, still November 30th in London.
    const [inLondon, inSydney] = await Promise.all([
      run([
        "--business",
        file,
        "--now",
        "2026-11-30T23:30:00Z",
        "tomorrow at quarter past 8 pm",
        "my number is 07700 900123, this is Ana Ruiz",
      ]),
      run(["--business", file, "--zone", "Australia/Sydney", "--now", "2026-11-30T23:30:00Z", "tomorrow at 9 am"]),
    ])
    expect(inLondon.stderr).toBe("")
    expect(lines(inLondon.stdout)).toEqual([
      {
        text: "tomorrow at quarter past 8 pm",
        intent: "book",
        slots: { when: { date: "2026-12-01", time: "20:15" } },
      },
      {
        text: "my number is 07700 900123, this is Ana Ruiz",
        intent: "book",
        slots: { name: "Ana Ruiz", phone: "*********23" },
      },
    ])
    expect(lines(inSydney.stdout)).toEqual([
      { text: "tomorrow at 9 am", intent: "book", slots: { when: { date: "2026-12-02", time: "09:00" } } },
    ])
  })

  it("reads one utterance per line from stdin, with what the agent asked", async () => {
    const result = await run(["--now", "2026-11-24T15:00:00Z", "--zone", "America/New_York", "--asking", "time"], {
      stdin: "how much is a haircut?\n\n4\nwhat do you have on Friday\n",
    })
    expect(result.code).toBe(0)
    expect(lines(result.stdout).map((l) => [l.intent, l.slots])).toEqual([
      ["question", { service: "Haircut", topic: "price" }],
      ["book", { when: { time: "16:00" } }],
      ["availability", { when: { date: "2026-11-27" } }],
    ])
  })

  it("finds a business by id through the running server's admin API", async () => {
    const seen: Array<string | undefined> = []
    const server: Server = createServer((req, res) => {
      seen.push(req.headers.authorization)
      if (req.url === "/api/v1/businesses/biz_london" && req.headers.authorization === "Bearer test-admin") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(london))
      } else res.writeHead(404, { "content-type": "application/json" }).end("{}")
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const port = String((server.address() as AddressInfo).port)
    try {
      const env = { PORT: port, HOST: "127.0.0.1", ADMIN_TOKEN: "test-admin" }
      const [found, missing] = await Promise.all([
        run(["--business", "biz_london", "--now", "2026-11-30T23:30:00Z", "tomorrow"], { env }),
        run(["--business", "biz_nowhere", "tomorrow"], { env }),
      ])
      expect(lines(found.stdout)).toEqual([
        { text: "tomorrow", intent: "book", slots: { when: { date: "2026-12-01" } } },
      ])
      expect(missing.code).toBe(1)
      expect(missing.stderr).toContain('No business "biz_nowhere"')
      expect(seen).toContain("Bearer test-admin")
    } finally {
      server.close()
    }
  })

  it("documents its flags and refuses a question it does not know", async () => {
    const [help, bad] = await Promise.all([run(["--help"]), run(["--asking", "weather", "hi"])])
    expect(help.code).toBe(0)
    for (const flag of ["--business", "--now", "--zone", "--asking"]) expect(help.stdout).toContain(flag)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain("--asking must be one of")
  })
})
