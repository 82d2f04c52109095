import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import * as Migrations from "@frontdesk/postgres/Migrations"
import { Config, Effect, Option } from "effect"

/**
 * Where this process finds its SQL migrations: `MIGRATIONS_DIR` when set; else a `migrations/`
 * directory beside the entry module, which is where `pnpm build` copies them next to the bundle
 * (ADR 0013); else the postgres package's own directory, as when running from source with tsx.
 */
export const resolve = (entryUrl: string): Effect.Effect<string, never> =>
  Config.option(Config.nonEmptyString("MIGRATIONS_DIR")).pipe(
    Effect.orElseSucceed(() => Option.none<string>()),
    Effect.map((configured) =>
      Option.getOrElse(configured, () => {
        const beside = fileURLToPath(new URL("./migrations/", entryUrl))
        return existsSync(beside) ? beside : Migrations.directory
      }),
    ),
  )
