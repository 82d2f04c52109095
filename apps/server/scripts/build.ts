import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import * as EmbeddedPglite from "@frontdesk/postgres/EmbeddedPglite"
import * as Migrations from "@frontdesk/postgres/Migrations"
import * as PgDatabase from "@frontdesk/postgres/PgDatabase"
import { Effect, Layer, Logger, LogLevel, Option } from "effect"
import { build } from "esbuild"
import * as PgliteSnapshot from "../src/PgliteSnapshot.js"

/**
 * `pnpm build`: the server as one ESM bundle in `dist/` that plain `node dist/main.js` runs from
 * any directory (ADR 0013). Workspace packages stay TypeScript source (ADR 0005); esbuild reads
 * them through their `exports` like tsx does, so a module someone adds is bundled without a change
 * here. Beside the bundle:
 * - `migrations/`: the postgres package's SQL, found by `MigrationsDirectory` at run time.
 * - `node_modules/@electric-sql/pglite`: PGlite loads its WASM and data files relative to its own
 *   module, so it stays an unbundled package (the only one) rather than a part of `main.js`.
 * - `pglite-snapshot.tar.gz`: a PGlite database initialised and migrated here, which a server on
 *   an empty DATA_DIR starts from instead of running initdb (`PgliteSnapshot`).
 */
const serverDir = fileURLToPath(new URL("../", import.meta.url))
const outDir = join(serverDir, "dist")
const postgresDir = dirname(Migrations.directory.replace(/\/+$/, ""))

const started = performance.now()
rmSync(outDir, { recursive: true, force: true })

const result = await build({
  absWorkingDir: serverDir,
  entryPoints: { main: "src/main.ts" },
  outdir: outDir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Chunks, so a dynamic import (PGlite, only without DATABASE_URL) is not parsed at every start.
  splitting: true,
  minifySyntax: true,
  minifyWhitespace: true,
  // No `keepNames`: its `__name` wrapper runs (defineProperty) on every closure Effect creates, 6.6 % of
  // the server's busy CPU in a profile (docs/benchmarks.md). Identifiers are not minified, so names
  // change only where two bundled modules collide (`make` → `make2`); tags and span names are strings,
  // and the source maps give stack traces their source positions.
  keepNames: false,
  sourcemap: "linked",
  legalComments: "linked",
  metafile: true,
  // `pg-native` is pg's optional libpq binding, never installed here.
  // `tiktoken` (Anthropic's tokenizer, via @effect/ai-anthropic) reads its WASM beside its own
  // files when loaded, so like PGlite it ships as a package, not inside the bundle.
  external: ["@electric-sql/pglite", "@electric-sql/pglite/*", "pg-native", "tiktoken", "tiktoken/*"],
  // CommonJS dependencies (pg, pino, fastify's) call require() for Node built-ins.
  banner: {
    js: 'import { createRequire as __frontdeskRequire } from "node:module"; const require = __frontdeskRequire(import.meta.url);',
  },
  logLevel: "warning",
})

cpSync(Migrations.directory, join(outDir, "migrations"), { recursive: true })

// The package as installed for @frontdesk/postgres, without source maps (a third of its size).
const pglite = realpathSync(join(postgresDir, "node_modules/@electric-sql/pglite"))
cpSync(pglite, join(outDir, "node_modules/@electric-sql/pglite"), {
  recursive: true,
  dereference: true,
  filter: (source) => !source.endsWith(".map") && !source.includes("/node_modules/@electric-sql/pglite/src"),
})
// The tiktoken that @effect/ai-anthropic's tokenizer resolves, found the way Node finds it from there.
const fromUnderstanding = createRequire(join(postgresDir, "../understanding/package.json"))
const fromAnthropic = createRequire(fromUnderstanding.resolve("@effect/ai-anthropic"))
const fromTokenizer = createRequire(fromAnthropic.resolve("@anthropic-ai/tokenizer"))
const tiktokenLite = realpathSync(fromTokenizer.resolve("tiktoken/lite"))
const tiktoken = tiktokenLite.slice(0, tiktokenLite.lastIndexOf("/tiktoken/") + "/tiktoken".length)
cpSync(tiktoken, join(outDir, "node_modules/tiktoken"), { recursive: true, dereference: true })
// initdb in WASM is most of a first PGlite start; done once here, with the migrations just copied.
const snapshotStarted = performance.now()
const scratch = mkdtempSync(join(tmpdir(), "frontdesk-pglite-snapshot-"))
try {
  const migrate = Layer.build(
    PgDatabase.layer({ databaseUrl: Option.none(), dataDir: scratch, migrationsDir: join(outDir, "migrations") }),
  )
  await Effect.runPromise(
    Effect.scoped(migrate).pipe(
      Effect.zipRight(EmbeddedPglite.snapshot(join(scratch, "pglite"))),
      Effect.tap((tarball) => Effect.sync(() => writeFileSync(join(outDir, PgliteSnapshot.fileName), tarball))),
      Logger.withMinimumLogLevel(LogLevel.Warning),
    ),
  )
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
const snapshotMs = performance.now() - snapshotStarted

// A package.json makes the bundle's own `.js` files ESM whatever directory it is copied to.
writeFileSync(join(outDir, "package.json"), `${JSON.stringify({ type: "module", private: true }, null, 2)}\n`)
mkdirSync(join(outDir, "node_modules"), { recursive: true })

const size = (path: string): number =>
  statSync(path).isDirectory()
    ? readdirSync(path).reduce((sum, entry) => sum + size(join(path, entry)), 0)
    : statSync(path).size
const js = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith(".js"))
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
process.stdout.write(
  [
    `built ${relative(process.cwd(), outDir) || "."} in ${Math.round(performance.now() - started)} ms`,
    ...js.map(([file, output]) => `  ${relative(outDir, join(serverDir, file))}  ${mb(output.bytes)}`),
    `  migrations/  ${readdirSync(join(outDir, "migrations")).length} files`,
    `  ${PgliteSnapshot.fileName}  ${mb(size(join(outDir, PgliteSnapshot.fileName)))} (initdb and migrations: ${Math.round(snapshotMs)} ms)`,
    `  node_modules/@electric-sql/pglite  ${mb(size(join(outDir, "node_modules")))}`,
    `  total  ${mb(size(outDir))}`,
    "",
  ].join("\n"),
)
