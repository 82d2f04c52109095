import { FileSystem, Path, Terminal } from "@effect/platform"
import { NodeContext, NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { Config, Effect, Layer, Option, Redacted, Schema } from "effect"
import type * as TwimlReader from "../TwimlReader.js"
import * as WebhookClient from "./WebhookClient.js"

/**
 * `pnpm call`: a phone in the terminal. Type what the caller says; an empty line is silence.
 * `pnpm call --script file` plays the file's lines instead (one utterance per line, `#` comments,
 * `(silence)` for a silent turn). Options: --url, --business, --from (or --withheld), --to.
 */

interface Args {
  readonly script: Option.Option<string>
  readonly url: Option.Option<string>
  readonly business: string
  readonly from: Option.Option<string>
  readonly withheld: boolean
  readonly to: string
}

const parseArgs = (argv: ReadonlyArray<string>): Args => {
  const value = (flag: string) => {
    const i = argv.indexOf(flag)
    return i === -1 ? Option.none() : Option.fromNullable(argv[i + 1])
  }
  return {
    script: value("--script"),
    url: value("--url"),
    business: Option.getOrElse(value("--business"), () => "demo"),
    from: value("--from"),
    withheld: argv.includes("--withheld"),
    to: Option.getOrElse(value("--to"), () => "+15555550100"),
  }
}

const DevSecretsFile = Schema.parseJson(Schema.Struct({ twilioAuthToken: Schema.String }))

/** The same token the server uses: TWILIO_AUTH_TOKEN, else the one generated under DATA_DIR. */
const authToken = Effect.gen(function* () {
  const fromEnv = yield* Config.option(Config.redacted(Config.nonEmptyString("TWILIO_AUTH_TOKEN")))
  if (Option.isSome(fromEnv)) return fromEnv.value
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const dataDir = yield* Config.string("DATA_DIR").pipe(Config.withDefault("./.frontdesk"))
  const file = path.join(dataDir, "dev-secrets.json")
  const text = yield* fs
    .readFileString(file)
    .pipe(
      Effect.mapError(
        () =>
          new Error(`No TWILIO_AUTH_TOKEN and no ${file}: start the server first (pnpm start) or set the variable.`),
      ),
    )
  const secrets = yield* Schema.decode(DevSecretsFile)(text)
  return Redacted.make(secrets.twilioAuthToken)
})

const randomCaller = () => `+1555555${String(Math.floor(Math.random() * 10000)).padStart(4, "0")}`

const program = Effect.gen(function* () {
  const args = parseArgs(process.argv.slice(2))
  const terminal = yield* Terminal.Terminal
  const port = yield* Config.integer("PORT").pipe(Config.withDefault(3000))
  const host = yield* Config.string("HOST").pipe(Config.withDefault("127.0.0.1"))
  const publicBaseUrl = yield* Config.string("PUBLIC_BASE_URL").pipe(Config.withDefault(`http://localhost:${port}`))
  const target: WebhookClient.Target = {
    url: Option.getOrElse(args.url, () => `http://${host}:${port}`).replace(/\/+$/, ""),
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ""),
    authToken: yield* authToken,
    businessId: args.business,
    to: args.to,
  }
  const from = args.withheld ? "anonymous" : Option.getOrElse(args.from, randomCaller)
  const show = (view: TwimlReader.PhoneView) =>
    Effect.forEach(view.says, (line) => terminal.display(`agent> ${line}\n`), { discard: true }).pipe(
      Effect.zipRight(
        view.dial !== undefined
          ? terminal.display(`(transferring to ${view.dial})\n`)
          : view.hangup
            ? terminal.display("(the agent hung up)\n")
            : Effect.void,
      ),
    )

  const call = yield* WebhookClient.makeCall(target, { from })
  yield* terminal.display(
    `Calling business "${target.businessId}" at ${target.url} from ${from} (CallSid ${call.callSid}).\n` +
      (Option.isNone(args.script) && process.stdin.isTTY
        ? "Type what you say; an empty line is silence, Ctrl-D hangs up.\n\n"
        : "\n"),
  )
  yield* show(yield* call.start)

  // A script file, or lines piped on stdin, play like a scripted call.
  const scripted = Option.isSome(args.script) || !process.stdin.isTTY
  if (scripted) {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    // `pnpm call --script x` runs in apps/server; a relative path means the directory it was typed in.
    const file = Option.match(args.script, {
      onNone: () => "/dev/stdin",
      onSome: (script) => path.resolve(process.env.INIT_CWD ?? process.cwd(), script),
    })
    const lines = (yield* fs.readFileString(file))
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"))
    for (const line of lines) {
      if (call.ended) break
      const silent = line === "(silence)"
      yield* terminal.display(`you>   ${silent ? "(silence)" : line}\n`)
      yield* show(yield* silent ? call.silence : call.say(line))
    }
    if (!call.ended) yield* terminal.display("(script finished; the call is still open)\n")
    return
  }

  while (!call.ended) {
    yield* terminal.display("you>   ")
    const line = yield* terminal.readLine.pipe(Effect.option)
    if (Option.isNone(line)) {
      yield* terminal.display("\n(you hung up)\n")
      return
    }
    const text = line.value.trim()
    yield* show(yield* text === "" ? call.silence : call.say(text))
  }
})

program.pipe(
  Effect.provide(Layer.mergeAll(NodeContext.layer, NodeHttpClient.layerUndici)),
  Effect.catchAll((error) =>
    Effect.sync(() => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    }),
  ),
  NodeRuntime.runMain,
)
