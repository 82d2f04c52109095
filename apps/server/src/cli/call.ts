import * as readline from "node:readline"
import { FileSystem, HttpClient, HttpClientRequest, Path } from "@effect/platform"
import { NodeContext, NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { Config, Data, Duration, Effect, Layer, Option, Queue, Redacted, Schema } from "effect"
import type * as TwimlReader from "../TwimlReader.js"
import * as RelayClient from "./RelayClient.js"
import * as WebhookClient from "./WebhookClient.js"

/**
 * `pnpm call`: a phone in the terminal. Type what the caller says (with echo, line editing and
 * history when stdin is a terminal); an empty line is silence, Ctrl-D hangs up, Ctrl-C quits.
 * `--script file` (or lines piped on stdin) plays a scripted call. `--relay` carries the call
 * over ConversationRelay's WebSocket instead of `<Gather>` webhooks.
 */

const usage = `Usage: pnpm call [options]

Places a simulated phone call to a running Frontdesk server (start one with pnpm start).
Type what the caller says and press Enter; an empty line is silence.
Ctrl-D hangs up, Ctrl-C quits. Up/Down recall earlier lines.

Options:
  --url <url>          where the server listens (default http://$HOST:$PORT, i.e. http://127.0.0.1:3000)
  --business <id>      the business to call (default: demo)
  --from <number>      the caller's number, E.164 (default: a random +1555555xxxx)
  --withheld           call with the number withheld (From=anonymous)
  --to <number>        the dialled number (default +15555550100)
  --script <file>      play the file's lines instead of reading the keyboard
                       (one utterance per line, # comments, (silence) for a silent turn)
  --relay              talk to the ConversationRelay WebSocket (/voice/relay/:businessId)
  -h, --help           show this help and exit without calling

Environment:
  PORT, HOST           where the server listens, as for pnpm start
  PUBLIC_BASE_URL      the server's public URL; requests are signed against it (default http://localhost:$PORT)
  TWILIO_AUTH_TOKEN    the token requests are signed with; else the one pnpm start generated in
  DATA_DIR             (default ./.frontdesk), file dev-secrets.json
`

interface Args {
  readonly help: boolean
  readonly relay: boolean
  readonly script: Option.Option<string>
  readonly url: Option.Option<string>
  readonly business: string
  readonly from: Option.Option<string>
  readonly withheld: boolean
  readonly to: string
  readonly unknown: ReadonlyArray<string>
}

const flagsWithValue = new Set(["--script", "--url", "--business", "--from", "--to"])
const flagsAlone = new Set(["--help", "-h", "--relay", "--withheld"])

const parseArgs = (argv: ReadonlyArray<string>): Args => {
  const values = new Map<string, string>()
  const unknown: Array<string> = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ""
    if (flagsWithValue.has(arg) && argv[i + 1] !== undefined) values.set(arg, argv[++i] ?? "")
    else if (flagsAlone.has(arg)) values.set(arg, "")
    else if (arg !== "--") unknown.push(arg)
  }
  const value = (flag: string) => Option.fromNullable(values.get(flag))
  return {
    help: values.has("--help") || values.has("-h"),
    relay: values.has("--relay"),
    script: value("--script"),
    url: value("--url"),
    business: Option.getOrElse(value("--business"), () => "demo"),
    from: value("--from"),
    withheld: values.has("--withheld"),
    to: Option.getOrElse(value("--to"), () => "+15555550100"),
    unknown,
  }
}

class CliError extends Data.TaggedError("CliError")<{ readonly message: string }> {}

const startFirst = (detail: string) =>
  new CliError({ message: `${detail}: start the server first (pnpm start), or point --url / PORT at it.` })

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
    .pipe(Effect.mapError(() => startFirst(`No TWILIO_AUTH_TOKEN and no ${file} (DATA_DIR=${dataDir})`)))
  const secrets = yield* Schema.decode(DevSecretsFile)(text)
  return Redacted.make(secrets.twilioAuthToken)
})

/** Is anything answering at `url`? Within a few seconds, so a wrong port fails fast. */
const reachable = (url: string) =>
  Effect.flatMap(HttpClient.HttpClient, (client) => client.execute(HttpClientRequest.get(`${url}/healthz`))).pipe(
    Effect.timeout(Duration.seconds(3)),
    Effect.mapError(() => startFirst(`No Frontdesk server answers at ${url}`)),
    Effect.asVoid,
  )

const randomCaller = () => `+1555555${String(Math.floor(Math.random() * 10000)).padStart(4, "0")}`

const write = (text: string) => Effect.sync(() => void process.stdout.write(text))

const showView = (view: TwimlReader.PhoneView) =>
  Effect.forEach(view.says, (line) => write(`agent> ${line}\n`), { discard: true }).pipe(
    Effect.zipRight(
      view.dial !== undefined
        ? write(`(transferring to ${view.dial})\n`)
        : view.hangup
          ? write("(the agent hung up)\n")
          : Effect.void,
    ),
  )

/** What one caller line does, for either transport. */
interface Line {
  readonly ended: boolean
  readonly say: (text: string) => Effect.Effect<void, WebhookClient.WebhookError>
  readonly silence: Effect.Effect<void, WebhookClient.WebhookError>
}

/** One line at a time from the terminal, with echo and editing (node:readline). `None` is Ctrl-D. */
const terminalLines = Effect.acquireRelease(
  Effect.gen(function* () {
    const lines = yield* Queue.unbounded<Option.Option<string>>()
    const rl = readline.createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: true,
      historySize: 100,
      prompt: "you>   ",
    })
    rl.on("line", (line) => Queue.unsafeOffer(lines, Option.some(line)))
    rl.on("close", () => Queue.unsafeOffer(lines, Option.none()))
    rl.on("SIGINT", () => {
      process.stdout.write("\n(quit)\n")
      process.exit(130)
    })
    return {
      rl,
      next: Effect.zipRight(
        Effect.sync(() => rl.prompt()),
        Queue.take(lines),
      ),
    }
  }),
  ({ rl }) => Effect.sync(() => rl.close()),
)

const play = (line: Line, args: Args) =>
  Effect.gen(function* () {
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
        .map((text) => text.trim())
        .filter((text) => text !== "" && !text.startsWith("#"))
      for (const text of lines) {
        if (line.ended) break
        const silent = text === "(silence)"
        yield* write(`you>   ${silent ? "(silence)" : text}\n`)
        yield* silent ? line.silence : line.say(text)
      }
      if (!line.ended) yield* write("(script finished; the call is still open)\n")
      return
    }
    const input = yield* terminalLines
    while (!line.ended) {
      const next = yield* input.next
      if (Option.isNone(next)) {
        yield* write("\n(you hung up)\n")
        return
      }
      const text = next.value.trim()
      yield* text === "" ? line.silence : line.say(text)
    }
  }).pipe(Effect.scoped)

const program = Effect.gen(function* () {
  const args = parseArgs(process.argv.slice(2))
  if (args.help) return yield* write(usage)
  if (args.unknown.length > 0) {
    return yield* new CliError({ message: `Unknown argument ${args.unknown.join(" ")}\n\n${usage}` })
  }
  const port = yield* Config.integer("PORT").pipe(Config.withDefault(3000))
  const host = yield* Config.string("HOST").pipe(Config.withDefault("127.0.0.1"))
  const publicBaseUrl = yield* Config.string("PUBLIC_BASE_URL").pipe(Config.withDefault(`http://localhost:${port}`))
  const url = Option.getOrElse(args.url, () => `http://${host}:${port}`).replace(/\/+$/, "")
  yield* reachable(url)
  const target: WebhookClient.Target = {
    url,
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ""),
    authToken: yield* authToken,
    businessId: args.business,
    to: args.to,
  }
  const from = args.withheld ? "anonymous" : Option.getOrElse(args.from, randomCaller)
  const interactive = Option.isNone(args.script) && process.stdin.isTTY
  const intro = (callSid: string) =>
    write(
      `Calling business "${target.businessId}" at ${target.url}${args.relay ? " over ConversationRelay" : ""} from ${from} (CallSid ${callSid}).\n` +
        (interactive ? "Type what you say; an empty line is silence, Ctrl-D hangs up, Ctrl-C quits.\n\n" : "\n"),
    )

  if (args.relay) {
    const call = yield* RelayClient.makeRelayCall(target, { from })
    yield* intro(call.callSid)
    const show = (turn: RelayClient.RelayTurn | undefined) =>
      turn === undefined ? Effect.void : turn._tag === "Said" ? write(`agent> ${turn.text}\n`) : showView(turn.view)
    if (call.welcomeGreeting !== undefined) yield* write(`agent> ${call.welcomeGreeting}\n`)
    yield* show(yield* call.greeting)
    return yield* play(
      {
        get ended() {
          return call.ended
        },
        say: (text) => Effect.flatMap(call.say(text), show),
        silence: Effect.flatMap(call.silence, show),
      },
      args,
    )
  }

  const call = yield* WebhookClient.makeCall(target, { from })
  yield* intro(call.callSid)
  yield* showView(yield* call.start)
  return yield* play(
    {
      get ended() {
        return call.ended
      },
      say: (text) => Effect.flatMap(call.say(text), showView),
      silence: Effect.flatMap(call.silence, showView),
    },
    args,
  )
})

program.pipe(
  Effect.scoped,
  Effect.provide(Layer.mergeAll(NodeContext.layer, NodeHttpClient.layerUndici)),
  Effect.catchAll((error) =>
    Effect.sync(() => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    }),
  ),
  NodeRuntime.runMain,
)
