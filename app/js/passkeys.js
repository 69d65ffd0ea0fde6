// Passkeys in the browser: adding one (/account/security), signing in with one (the login
// page's button and its Email field's autofill, and the second step's "Use a passkey").
// The server sends the W3C's JSON options and checks the answers; this only carries them to
// navigator.credentials and back. Elements say what they are with data-passkey="…"; words
// come from the page (data-msg-…), in its language.

const supported = () =>
  typeof PublicKeyCredential === "function" &&
  typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
  typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";

// Where the API is: this page's origin, or, in the single-page app, the one its
// <meta name="latchkey-api-base"> names (whose fetches then carry the API's cookies).
const apiBase = (document.querySelector('meta[name="latchkey-api-base"]')?.content ?? "").replace(/\/+$/, "");

// A form post that answers JSON, and the JSON (or the error's) it answered.
async function post(path, fields) {
  const response = await fetch(apiBase + path, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(answer.error || "failed"), { answer });
  return answer;
}

// Shows what went wrong in the area's alert, in the page's words.
function fail(area, error) {
  const alert = area.querySelector("[data-passkey-alert]");
  if (!alert) return;
  // An alert from the moment it has something to say: announced as it appears.
  alert.setAttribute("role", "alert");
  const code = error && error.answer && error.answer.error;
  const words = {
    recent_sign_in_needed: area.dataset.msgRecent,
    invalid: area.dataset.msgName,
    passkey_refused: area.dataset.msgRefused,
  };
  alert.textContent = (code && words[code]) || area.dataset.msgFailed || "";
}

async function addPasskey(form) {
  const name = form.elements.name.value;
  const { options } = await post("/api/account/passkey-options", { name });
  const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(JSON.parse(options));
  const credential = await navigator.credentials.create({ publicKey });
  await post("/api/account/passkey", { name, credential: JSON.stringify(credential.toJSON()) });
  location.assign("/account/security?done=passkey-added");
}

// The sign-in waiting on the Email field's autofill (its AbortController), ended when the
// button is pressed; "paused" while the button's own sign-in runs.
let autofill = null;

async function signIn(mediation, signal) {
  const { options } = await post("/api/auth/passkey-options", {});
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(options));
  const credential = await navigator.credentials.get({ publicKey, mediation, signal });
  const fields = { credential: JSON.stringify(credential.toJSON()) };
  const returnTo = new URLSearchParams(location.search).get("return_to");
  if (returnTo) fields.return_to = returnTo;
  const done = await post("/api/auth/passkey", fields);
  location.assign(done.next);
}

function startAutofill() {
  const area = document.querySelector('[data-passkey="autofill"]');
  if (!area || typeof PublicKeyCredential.isConditionalMediationAvailable !== "function") return;
  const waiting = new AbortController();
  autofill = waiting;
  PublicKeyCredential.isConditionalMediationAvailable().then((available) => {
    if (!available || waiting.signal.aborted) return;
    // The browser's own refusals are the person choosing not to; only the server's are news.
    signIn("conditional", waiting.signal).catch((error) => {
      if (error.answer) fail(area, error);
    });
  });
}

document.addEventListener("submit", (event) => {
  const form = event.target.closest('form[data-passkey="add"]');
  if (!form || !supported()) return;
  event.preventDefault();
  addPasskey(form).catch((error) => fail(form, error));
});

document.addEventListener("click", (event) => {
  const button = event.target.closest('button[data-passkey="sign-in"]');
  if (!button || !supported()) return;
  event.preventDefault();
  if (autofill instanceof AbortController) autofill.abort();
  // The browser runs one request at a time: the autofill waits until this one has ended.
  autofill = "paused";
  signIn("optional")
    .catch((error) => fail(button.closest("[data-passkey-area]") || button, error))
    .finally(() => {
      autofill = null;
    });
});

// Shows the passkey buttons, and starts the autofill where the login page is. Again whenever
// the page changes: the single-page app renders its pages after this script has run.
function wake() {
  for (const hidden of document.querySelectorAll("[data-passkey-show][hidden]")) hidden.hidden = false;
  if (!autofill) startAutofill();
}

if (supported()) {
  wake();
  new MutationObserver(wake).observe(document.body, { childList: true, subtree: true });
}
