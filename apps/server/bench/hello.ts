import Fastify from "fastify"

/** The ceiling for `pnpm bench`: bare Fastify answering a constant, no logging, same machine. */
const app = Fastify({ logger: false })
app.get("/", async () => ({ hello: "world" }))
app.post("/", async () => "ok")
await app.listen({ port: Number(process.env.PORT ?? 3999), host: "127.0.0.1" })
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)))
