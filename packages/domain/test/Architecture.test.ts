import { Command, FileSystem, Path } from "@effect/platform"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"

// `pnpm lint` runs dependency-cruiser with the repository's rules. These tests run the same rules
// over a throwaway tree, so a rule that silently stops matching (a renamed path, a resolver
// change) fails here instead of letting the hexagon erode.

const cruise = (files: Record<string, string>) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const repo = path.resolve(import.meta.dirname, "../../..")
    const dir = yield* fs.makeTempDirectoryScoped({ prefix: "frontdesk-arch-" })
    yield* fs.copyFile(path.join(repo, "tsconfig.base.json"), path.join(dir, "tsconfig.base.json"))
    yield* fs.makeDirectory(path.join(dir, "packages/domain"), { recursive: true })
    // Real packages resolve `effect` from their own node_modules; the fixture borrows the domain's.
    yield* fs.symlink(path.join(repo, "packages/domain/node_modules"), path.join(dir, "packages/domain/node_modules"))
    for (const [file, source] of Object.entries(files)) {
      yield* fs.makeDirectory(path.dirname(path.join(dir, file)), { recursive: true })
      yield* fs.writeFileString(path.join(dir, file), source)
    }
    const bin = path.join(repo, "node_modules/.bin/depcruise")
    const command = Command.make(
      bin,
      "packages",
      "--config",
      path.join(repo, ".dependency-cruiser.cjs"),
      "--output-type",
      "err",
    ).pipe(Command.workingDirectory(dir))
    const process = yield* Command.start(command)
    const [output, exitCode] = yield* Effect.all(
      [process.stdout.pipe(Stream.decodeText(), Stream.mkString), process.exitCode],
      { concurrency: "unbounded" },
    )
    return { output, exitCode }
  }).pipe(Effect.scoped, Effect.provide(NodeContext.layer))

// Each test starts dependency-cruiser in a child process: seconds when idle, far more when the
// machine's cores are busy with every other package's tests.
describe("architecture rules", { timeout: 120_000 }, () => {
  it.effect("a domain module importing node:fs fails lint", () =>
    Effect.gen(function* () {
      const result = yield* cruise({
        "packages/domain/src/Clock.ts": 'import { readFileSync } from "node:fs"\nexport const read = readFileSync\n',
      })
      expect(result.exitCode).not.toBe(0)
      expect(result.output).toContain("domain-imports-only-effect")
    }),
  )

  it.effect("a domain module importing effect passes", () =>
    Effect.gen(function* () {
      const result = yield* cruise({
        "packages/domain/src/Clock.ts": 'import { Effect, Stream } from "effect"\nexport const now = Effect.void\n',
      })
      expect(result.output).not.toContain("error")
      expect(result.exitCode).toBe(0)
    }),
  )

  it.effect("an adapter importing another adapter fails lint", () =>
    Effect.gen(function* () {
      const result = yield* cruise({
        "packages/twilio/src/Sms.ts": "export const send = () => 1\n",
        "packages/postgres/src/Repo.ts": 'import { send } from "../../twilio/src/Sms.js"\nexport const x = send\n',
      })
      expect(result.exitCode).not.toBe(0)
      expect(result.output).toContain("adapter-postgres-does-not-import-other-adapters")
    }),
  )

  it.effect("a circular import fails lint", () =>
    Effect.gen(function* () {
      const result = yield* cruise({
        "packages/twilio/src/A.ts": 'import { b } from "./B.js"\nexport const a = () => b\n',
        "packages/twilio/src/B.ts": 'import { a } from "./A.js"\nexport const b = () => a\n',
      })
      expect(result.exitCode).not.toBe(0)
      expect(result.output).toContain("no-circular")
    }),
  )
})
