import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"

/**
 * The pre-initialised, pre-migrated PGlite database `pnpm build` writes beside the bundle
 * (ADR 0013): an empty DATA_DIR starts from it instead of running initdb in WASM, then migrates
 * as usual if this build has migrations the snapshot predates. From source (tsx) there is none.
 */
export const fileName = "pglite-snapshot.tar.gz"

/** The snapshot beside the entry module, if the build shipped one. */
export const resolve = (entryUrl: string): string | undefined => {
  const beside = fileURLToPath(new URL(`./${fileName}`, entryUrl))
  return existsSync(beside) ? beside : undefined
}
