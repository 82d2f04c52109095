/**
 * Architecture rules for the hexagon. `pnpm lint` fails on any violation.
 * Paths are matched on the resolved file, so `@frontdesk/x/Y` counts as packages/x/src/Y.ts.
 */
const adapters = ["postgres", "google-calendar", "twilio", "understanding"]

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-imports-only-effect",
      comment:
        "packages/domain is pure: it may import effect and its own modules, nothing else (no node:, no vendor SDKs).",
      severity: "error",
      from: { path: "^packages/domain/src" },
      to: {
        pathNot: ["^packages/domain/src", "node_modules/effect/", "node_modules/\\.pnpm/effect@"],
      },
    },
    ...adapters.map((adapter) => ({
      name: `adapter-${adapter}-does-not-import-other-adapters`,
      comment: "Adapters meet only in apps/*; they import the domain and their vendor SDK.",
      severity: "error",
      from: { path: `^packages/${adapter}/` },
      to: { path: `^packages/(${adapters.filter((a) => a !== adapter).join("|")})/` },
    })),
    {
      name: "adapters-do-not-import-testkit-in-src",
      comment: "Production code never depends on test doubles.",
      severity: "error",
      from: { path: `^packages/(domain|${adapters.join("|")})/src` },
      to: { path: "^packages/testkit/" },
    },
    {
      name: "only-apps-compose-production",
      comment: "Nothing in packages/ imports an app.",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that does not resolve is a typo or a missing dependency.",
      severity: "error",
      from: { path: "^(packages|apps)/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|\\.turbo|test-results)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
