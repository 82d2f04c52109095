import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // Suites share one database per file, started in a hook: PGlite's start (initdb in WASM) is
    // CPU-bound, seconds on an idle machine and minutes when every package's tests share two cores.
    hookTimeout: 300_000,
  },
})
