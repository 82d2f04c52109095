import { FileSystem, HttpClient, HttpClientRequest, HttpClientResponse, Path, Terminal } from "@effect/platform"
import { NodeContext, NodeHttpClient, NodeRuntime, NodeStream } from "@effect/platform-node"
import { Business } from "@frontdesk/domain/model/Business"
import { mask } from "@frontdesk/domain/model/DigitRuns"
import type { ClockTime, LocalDate } from "@frontdesk/domain/model/LocalDate"
import { TimeZoneName } from "@frontdesk/domain/model/TimeZone"
import { Asking, type Interpretation, Understanding } from "@frontdesk/domain/ports/Understanding"
import * as RulesUnderstanding from "@frontdesk/understanding/RulesUnderstanding"
import { Chunk, Config, DateTime, Effect, Layer, Option, Redacted, Schema, Stream } from "effect"
import { demoBusiness } from "../DemoBusiness.js"

/**
 * `pnpm understand`: how the agent reads an utterance, as one JSON line per utterance, so an
 * owner or contributor can see why a sentence was misunderstood. Utterances come from the
 * arguments, else one per line on stdin. Dates and times are the business's local ones; phone
 * numbers are masked as in the logs.
 */

const usage = `Usage: pnpm understand [options] [utterance...]

Prints how the agent reads each utterance, one JSON line each:
  { "text", "intent", "slots": { "name"?, "service"?, "phone"?, "when"?: { "date"?: "YYYY-MM-DD", "time"?: "HH:MM", ... } } }
Without utterances it reads one per line from stdin.

Options:
  --business <id|file.json>  a business by id from the running server's admin API (PORT, HOST, ADMIN_TOKEN
                             or DATA_DIR's dev secrets), or a file holding the admin API's business JSON;
                             default: the demo business
  --now <ISO instant>        the moment the caller speaks (default: now), e.g. 2026-11-24T15:00:00Z
  --zone <IANA>              read in this zone instead of the business's, e.g. Europe/London
  --asking <slot>            what the agent just asked: ${Asking.literals.join(", ")} (default: anything)
  --help                     this text
`

interface Args {
  readonly business: Option.Option<string>
  readonly now: Option.Option<string>
  readonly zone: Option.Option<string>
  readonly asking: string
  readonly help: boolean
  readonly utterances: ReadonlyArray<string>
}

const valued = new Set(["--business", "--now", "--zone", "--asking"])

const parseArgs = (argv: ReadonlyArray<string>): Args => {
  const values = new Map<string, string>()
  const utterances: Array<string> = []
  let help = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ""
    if (arg === "--") {
      utterances.push(...argv.slice(i + 1))
      break
    }
    if (arg === "--help" || arg === "-h") help = true
    else if (valued.has(arg)) values.set(arg, argv[++i] ?? "")
    else if (arg.startsWith("--") && valued.has(arg.split("=")[0] ?? "")) {
      const [flag, ...rest] = arg.split("=")
      values.set(flag ?? "", rest.join("="))
    } else utterances.push(arg)
  }
  return {
    business: Option.fromNullable(values.get("--business")),
    now: Option.fromNullable(values.get("--now")),
    zone: Option.fromNullable(values.get("--zone")),
    asking: values.get("--asking") ?? "anything",
    help,
    utterances,
  }
}

class UsageError extends Schema.TaggedError<UsageError>()("UsageError", { message: Schema.String }) {}

const decodeBusiness = Schema.decodeUnknown(Business)
const DevSecretsFile = Schema.parseJson(Schema.Struct({ adminToken: Schema.String }))

/** The admin token the server uses: ADMIN_TOKEN, else the one generated under DATA_DIR. */
const adminToken = Effect.gen(function* () {
  const fromEnv = yield* Config.option(Config.redacted(Config.nonEmptyString("ADMIN_TOKEN")))
  if (Option.isSome(fromEnv)) return fromEnv.value
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const dataDir = yield* Config.string("DATA_DIR").pipe(Config.withDefault("./.frontdesk"))
  const file = path.join(dataDir, "dev-secrets.json")
  const text = yield* fs
    .readFileString(file)
    .pipe(
      Effect.mapError(
        () => new UsageError({ message: `No ADMIN_TOKEN and no ${file}: start the server first (pnpm start).` }),
      ),
    )
  const secrets = yield* Schema.decode(DevSecretsFile)(text)
  return Redacted.make(secrets.adminToken)
})

/** A business from the running server's admin API, found as `pnpm call` finds the server. */
const fromServer = (id: string) =>
  Effect.gen(function* () {
    const port = yield* Config.integer("PORT").pipe(Config.withDefault(3000))
    const host = yield* Config.string("HOST").pipe(Config.withDefault("127.0.0.1"))
    const token = yield* adminToken
    const client = yield* HttpClient.HttpClient
    const url = `http://${host}:${port}/api/v1/businesses/${encodeURIComponent(id)}`
    const response = yield* client
      .execute(HttpClientRequest.get(url).pipe(HttpClientRequest.bearerToken(Redacted.value(token))))
      .pipe(
        Effect.timeout("5 seconds"),
        Effect.mapError(
          () =>
            new UsageError({ message: `No server answered at http://${host}:${port}: start it first (pnpm start).` }),
        ),
      )
    if (response.status === 404) return yield* new UsageError({ message: `No business "${id}" on the server.` })
    if (response.status !== 200) {
      return yield* new UsageError({ message: `The server answered ${response.status} for business "${id}".` })
    }
    return yield* HttpClientResponse.schemaBodyJson(Business)(response)
  })

const loadBusiness = (spec: Option.Option<string>) =>
  Effect.gen(function* () {
    if (Option.isNone(spec)) return demoBusiness()
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    // `pnpm understand` runs in apps/server; a relative path means the directory it was typed in.
    const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), spec.value)
    const isFile = spec.value.endsWith(".json") || (yield* fs.exists(file).pipe(Effect.orElseSucceed(() => false)))
    if (!isFile) return yield* fromServer(spec.value)
    const text = yield* fs
      .readFileString(file)
      .pipe(Effect.mapError(() => new UsageError({ message: `Cannot read ${file}.` })))
    const json = yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: () => new UsageError({ message: `${file} is not JSON.` }),
    })
    return yield* decodeBusiness(json).pipe(
      Effect.mapError((error) => new UsageError({ message: `${file} is no business JSON: ${error.message}` })),
    )
  })

const pad = (n: number) => String(n).padStart(2, "0")
const day = (d: LocalDate) => `${d.year}-${pad(d.month)}-${pad(d.day)}`
const clock = (t: ClockTime) => `${pad(t.hour)}:${pad(t.minute)}`

/** The stable output shape documented in the README. */
const toJson = (utterance: string, interpretation: Interpretation) => {
  const { slots } = interpretation
  const when = slots.when
  const defined = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
  return {
    text: utterance,
    intent: interpretation.intent,
    slots: defined({
      name: slots.name,
      service: slots.service,
      unknownService: slots.unknownService,
      phone: slots.phone === undefined ? undefined : mask(slots.phone),
      when:
        when === undefined
          ? undefined
          : defined({
              date: when.date && day(when.date),
              time: when.time && clock(when.time),
              partOfDay: when.partOfDay,
              after: when.after && clock(when.after),
              before: when.before && clock(when.before),
              through: when.through && day(when.through),
              earliest: when.earliest,
              past: when.past,
            }),
      alternative: slots.alternative,
      topic: slots.topic,
    }),
  }
}

const program = Effect.gen(function* () {
  const args = parseArgs(process.argv.slice(2))
  const terminal = yield* Terminal.Terminal
  if (args.help) return yield* terminal.display(usage)
  const asking = yield* Schema.decodeUnknown(Asking)(args.asking).pipe(
    Effect.mapError(
      () => new UsageError({ message: `--asking must be one of ${Asking.literals.join(", ")}; got "${args.asking}".` }),
    ),
  )
  const now = Option.isNone(args.now)
    ? yield* DateTime.now
    : yield* Option.match(DateTime.make(args.now.value), {
        onNone: () =>
          Effect.fail(
            new UsageError({ message: `--now is no ISO instant: "${args.now.pipe(Option.getOrElse(() => ""))}".` }),
          ),
        onSome: (dt) => Effect.succeed(DateTime.toUtc(dt)),
      })
  const loaded = yield* loadBusiness(args.business)
  const business = yield* Option.match(args.zone, {
    onNone: () => Effect.succeed(loaded),
    onSome: (zone) =>
      Option.isSome(DateTime.zoneMakeNamed(zone))
        ? Effect.succeed(new Business({ ...loaded, timezone: TimeZoneName.make(zone) }))
        : Effect.fail(new UsageError({ message: `--zone is no IANA zone: "${zone}".` })),
  })
  const understanding = yield* Understanding
  if (args.utterances.length === 0 && process.stdin.isTTY) {
    process.stderr.write("Type one utterance per line; Ctrl-D ends.\n")
  }
  const utterances =
    args.utterances.length > 0
      ? args.utterances
      : Chunk.toReadonlyArray(
          yield* NodeStream.fromReadable(
            () => process.stdin,
            (cause) => new UsageError({ message: `Cannot read stdin: ${String(cause)}` }),
          ).pipe(
            Stream.decodeText(),
            Stream.splitLines,
            Stream.map((line) => line.trim()),
            Stream.filter((line) => line !== ""),
            Stream.runCollect,
          ),
        )
  for (const utterance of utterances) {
    const interpretation = yield* understanding.interpret(utterance, { business, now, asking, alternatives: [] })
    yield* terminal.display(`${JSON.stringify(toJson(utterance, interpretation))}\n`)
  }
})

program.pipe(
  Effect.provide(Layer.mergeAll(NodeContext.layer, NodeHttpClient.layerUndici, RulesUnderstanding.layer)),
  Effect.catchAll((error) =>
    Effect.sync(() => {
      process.stderr.write(`${error instanceof Error || "message" in error ? error.message : String(error)}\n`)
      process.exitCode = 1
    }),
  ),
  NodeRuntime.runMain,
)
