/**
 * HTML escaped by construction. `html\`…\`` escapes every interpolated value unless it is already
 * `Html` (built by `html` itself); arrays are joined. There is no way to turn an arbitrary string
 * into `Html` except `trusted`, which takes only string literals known at compile time.
 */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value
  }
}

export type Interpolation = Html | string | number | boolean | null | undefined | ReadonlyArray<Interpolation>

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }

export const escapeText = (text: string): string => text.replace(/[&<>"']/g, (c) => entities[c] ?? c)

const render = (value: Interpolation): string => {
  if (value instanceof Html) return value.value
  if (value === null || value === undefined || value === false) return ""
  if (Array.isArray(value)) return value.map(render).join("")
  return escapeText(String(value))
}

export const html = (strings: TemplateStringsArray, ...values: ReadonlyArray<Interpolation>): Html => {
  let out = strings[0] ?? ""
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "")
  })
  return new Html(out)
}

/** A fixed piece of markup; the type admits only literals, so no runtime text can get in. */
export const trusted = <S extends string>(literal: string extends S ? never : S): Html => new Html(literal)
