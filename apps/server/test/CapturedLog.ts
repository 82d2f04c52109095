import { Writable } from "node:stream"

/** A stream pino can write to, keeping every line so a test can read what reached the logs. */
export const capture = () => {
  const lines: Array<string> = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    },
  })
  return { sink, text: () => lines.join("") }
}
