import { type Html, html, type Interpolation } from "./Html.js"

/** The console's one stylesheet, served at /console.css (no inline styles, so a strict CSP can hold). */
export const stylesheet = `
:root { --ink:#1d2433; --muted:#5b6476; --line:#d9dee8; --bg:#f6f7fb; --card:#fff; --accent:#1f5eff; --bad:#b42318; --ok:#067647; --warn:#8a5a00; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
a { color:var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline:3px solid #9db7ff; outline-offset:2px; }
.skip { position:absolute; left:-999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:6px 10px; z-index:9; }
header.top { background:#15233f; color:#fff; padding:10px 16px; display:flex; flex-wrap:wrap; gap:8px 16px; align-items:center; justify-content:space-between; }
header.top .brand { font-weight:700; letter-spacing:.2px; } header.top .who { color:#c9d3ea; font-size:14px; }
header.top form { margin:0; } header.top button { background:transparent; color:#fff; border:1px solid #5b6b8f; }
nav.tabs { background:#fff; border-bottom:1px solid var(--line); overflow-x:auto; }
nav.tabs ul { list-style:none; display:flex; gap:4px; margin:0 auto; padding:0 12px; max-width:1040px; }
nav.tabs a { display:block; padding:12px 12px; text-decoration:none; color:var(--muted); border-bottom:3px solid transparent; white-space:nowrap; }
nav.tabs a[aria-current="page"] { color:var(--ink); border-bottom-color:var(--accent); font-weight:600; }
main { max-width:1040px; margin:0 auto; padding:16px; }
h1 { font-size:24px; margin:8px 0 16px; } h2 { font-size:18px; margin:0 0 12px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:16px; margin:0 0 16px; }
.grid { display:grid; gap:16px; } @media (min-width: 760px) { .grid.two { grid-template-columns: 1fr 1fr; } }
.banner { border-radius:10px; padding:12px 16px; margin:0 0 16px; border:1px solid; }
.banner.bad { background:#fef3f2; border-color:#fda29b; color:var(--bad); }
.banner.ok { background:#ecfdf3; border-color:#75e0a7; color:var(--ok); }
.banner.info { background:#eff4ff; border-color:#b2ccff; color:#1d3a8a; }
.banner form { display:inline; margin-left:8px; }
table { width:100%; border-collapse:collapse; } th, td { text-align:left; padding:8px 6px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:13px; color:var(--muted); font-weight:600; text-transform:uppercase; letter-spacing:.3px; }
.muted { color:var(--muted); } .small { font-size:14px; }
.pill { display:inline-block; padding:1px 8px; border-radius:999px; font-size:13px; border:1px solid var(--line); background:#f2f4f7; }
.pill.ok { background:#ecfdf3; border-color:#abefc6; color:var(--ok); } .pill.bad { background:#fef3f2; border-color:#fecdca; color:var(--bad); }
.pill.warn { background:#fffaeb; border-color:#fedf89; color:var(--warn); }
label { display:block; font-weight:600; margin:8px 0 4px; font-size:14px; }
input[type=text], input[type=password], input[type=email], input[type=tel], input[type=number], input[type=date], input[type=datetime-local], select, textarea {
  width:100%; padding:9px 10px; border:1px solid #b8c0cf; border-radius:8px; font:inherit; background:#fff; }
textarea { min-height:90px; } .hint { font-size:13px; color:var(--muted); margin:2px 0 0; }
button, .button { display:inline-block; font:inherit; font-weight:600; padding:8px 14px; border-radius:8px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; text-decoration:none; }
button.secondary { background:#fff; color:var(--accent); } button.danger { background:#fff; color:var(--bad); border-color:#fda29b; }
.row { display:flex; flex-wrap:wrap; gap:8px; align-items:end; } .row > * { flex:1 1 160px; } .row > button { flex:0 0 auto; }
.actions { display:flex; flex-wrap:wrap; gap:8px; align-items:center; } .actions form { margin:0; }
.day { display:grid; grid-template-columns: 7rem 1fr auto; gap:8px; align-items:center; padding:6px 0; border-bottom:1px solid var(--line); }
.day label { margin:0; } @media (max-width: 520px) { .day { grid-template-columns: 1fr; } }
ol.transcript { list-style:none; padding:0; margin:0; } ol.transcript li { padding:8px 10px; border-radius:8px; margin:0 0 6px; max-width:46rem; }
ol.transcript li.caller { background:#eef2f6; } ol.transcript li.agent { background:#eff4ff; margin-left:auto; }
ol.transcript .who { font-size:12px; color:var(--muted); display:block; }
.signin { max-width:420px; margin:40px auto; }
fieldset { border:1px solid var(--line); border-radius:8px; padding:8px 12px; margin:8px 0; } legend { font-weight:600; font-size:14px; padding:0 4px; }
.check { display:flex; gap:8px; align-items:center; font-weight:400; margin:6px 0; }
code.link { word-break:break-all; background:#f2f4f7; padding:6px 8px; border-radius:6px; display:block; }
`

export type Tab = "today" | "bookings" | "calls" | "messages" | "settings" | "calendar"

const tabs: ReadonlyArray<readonly [Tab, string, string]> = [
  ["today", "Today", ""],
  ["bookings", "Bookings", "/bookings"],
  ["calls", "Calls", "/calls"],
  ["messages", "Messages", "/messages"],
  ["settings", "Settings", "/settings"],
  ["calendar", "Calendar", "/calendar"],
]

export interface Chrome {
  readonly title: string
  readonly csrf: string
  /** Who is signed in, as shown in the header. */
  readonly who: string
  /** Absent on the operator's business list. */
  readonly business?: { readonly id: string; readonly name: string; readonly tab: Tab }
  /** The operator may go back to the list of businesses. */
  readonly operator: boolean
}

export const businessPath = (businessId: string, rest = "") => `/b/${encodeURIComponent(businessId)}${rest}`

/** Hidden CSRF field for a state-changing form. */
export const csrfField = (csrf: string): Html => html`<input type="hidden" name="_csrf" value="${csrf}">`

const document = (title: string, body: Interpolation): Html =>
  html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Frontdesk</title>
<link rel="stylesheet" href="/console.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${body}
</body>
</html>`

export const page = (chrome: Chrome, content: Interpolation): Html =>
  document(
    chrome.business === undefined ? chrome.title : `${chrome.title} · ${chrome.business.name}`,
    html`<header class="top" role="banner">
  <div><span class="brand">Frontdesk</span>${chrome.business === undefined ? "" : html` · ${chrome.business.name}`}</div>
  <div class="actions">
    <span class="who">${chrome.who}</span>
    ${chrome.operator && chrome.business !== undefined ? html`<a class="who" href="/">All businesses</a>` : ""}
    <form method="post" action="/signout">${csrfField(chrome.csrf)}<button type="submit">Sign out</button></form>
  </div>
</header>
${
  chrome.business === undefined
    ? ""
    : html`<nav class="tabs" aria-label="Console sections"><ul>${tabs.map(
        ([tab, label, path]) =>
          html`<li><a href="${businessPath(chrome.business!.id, path)}"${
            tab === chrome.business!.tab ? html` aria-current="page"` : ""
          }>${label}</a></li>`,
      )}</ul></nav>`
}
<main id="main" tabindex="-1">
<h1>${chrome.title}</h1>
${content}
</main>`,
  )

/** Pages for a signed-out visitor (sign-in, invite): no navigation. */
export const bare = (title: string, content: Interpolation): Html =>
  document(
    title,
    html`<header class="top" role="banner"><div><span class="brand">Frontdesk</span></div></header>
<main id="main" class="signin" tabindex="-1"><h1>${title}</h1>${content}</main>`,
  )

export const banner = (kind: "bad" | "ok" | "info", content: Interpolation): Html =>
  html`<div class="banner ${kind}" role="${kind === "bad" ? "alert" : "status"}">${content}</div>`
