import { type Html, html } from "./Html.js"
import { banner, bare } from "./Layout.js"

export const signIn = (problem?: string): Html =>
  bare(
    "Sign in",
    html`${problem === undefined ? "" : banner("bad", problem)}
<section class="card" aria-labelledby="owner-h"><h2 id="owner-h">Business owner</h2>
<form method="post" action="/signin">
  <input type="hidden" name="mode" value="owner">
  <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
  <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
  <p><button type="submit">Sign in</button></p>
</form></section>
<section class="card" aria-labelledby="operator-h"><h2 id="operator-h">Operator</h2>
<form method="post" action="/signin">
  <input type="hidden" name="mode" value="operator">
  <label for="token">Admin token</label><input id="token" name="token" type="password" autocomplete="off" required aria-describedby="token-hint">
  <p class="hint" id="token-hint">ADMIN_TOKEN, printed by <code>pnpm start</code> in development.</p>
  <p><button type="submit" class="secondary">Sign in as operator</button></p>
</form></section>`,
  )

export const invite = (token: string, problem?: string): Html =>
  bare(
    "Create your account",
    html`${problem === undefined ? "" : banner("bad", problem)}
<section class="card"><p>You were invited to manage your business's receptionist. Choose the email and password you will sign in with.</p>
<form method="post" action="/invite/${encodeURIComponent(token)}">
  <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
  <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required aria-describedby="pw-hint">
  <p class="hint" id="pw-hint">At least 10 characters.</p>
  <label for="confirm">Password again</label><input id="confirm" name="confirm" type="password" autocomplete="new-password" required>
  <p><button type="submit">Create account</button></p>
</form></section>`,
  )

export const message = (title: string, text: string): Html =>
  bare(title, html`<section class="card"><p>${text}</p><p><a href="/signin">Sign in</a></p></section>`)
