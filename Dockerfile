# Frontdesk server image (ADR 0013). Build: docker build -t frontdesk .  Run: see compose.yaml and docs/operations.md.
# Stage 1 installs the workspace and bundles apps/server; stage 2 is Node plus apps/server/dist and nothing else:
# dist/ holds main.js (the bundle), migrations/, the unbundled packages (PGlite for ALLOW_EMBEDDED_DB, tiktoken) and
# pglite-snapshot.tar.gz (a pre-migrated embedded database, so an empty /data skips initdb).
# apps/server/test/BuiltOutput.test.ts runs exactly this in CI: build, copy dist/ alone, `node main.js`.

FROM node:20-bookworm-slim AS build
WORKDIR /src
RUN corepack enable
COPY . .
RUN pnpm install --frozen-lockfile && pnpm --filter @frontdesk/server run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
RUN mkdir -p /data && chown node:node /data
COPY --from=build --chown=node:node /src/apps/server/dist ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "main.js"]
