use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

use latchkey_i18n::time::Utc;

use super::{action_error, field_error};
use crate::{
    api::{
        ApiError, BeginAppSetup, ConfirmPassword, EndSession, NewRecoveryCodes, RemovePasskey, SecurityView,
        SessionView, TurnOffApp, security,
    },
    components::{Field, FormAlert},
    i18n::{Lang, use_lang},
    routes::RECOVERY_CODES_PAGE,
};

/// `/account/security`: **Sign-in and security**. The authenticator app (**Set up
/// authenticator app**, or **New recovery codes** and **Turn off**), and, when the password
/// was not typed in the last ten minutes, **Confirm your password** first; then **Where you
/// are signed in**, every session with **Sign out** on each but this browser's.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let lang = use_lang();
    let done = use_query_map().with_untracked(|query| query.get("done"));
    let confirm = ServerAction::<ConfirmPassword>::new();
    let turn_off = ServerAction::<TurnOffApp>::new();
    let end = ServerAction::<EndSession>::new();
    let remove = ServerAction::<RemovePasskey>::new();
    let actions = Actions { confirm, turn_off, end, remove };
    let overview = Resource::new(
        move || (confirm.version().get(), turn_off.version().get(), end.version().get(), remove.version().get()),
        |_| security(),
    );
    view! {
        <Title text=lang.t("security-title") />
        <section class="card" aria-labelledby="security-heading">
            <h1 id="security-heading">{lang.t("security-heading")}</h1>
            <div role="status">
                {done_message(done.as_deref(), lang).map(|message| view! { <p class="notice">{message}</p> })}
            </div>
            <Suspense fallback=move || view! { <p>{lang.t("loading")}</p> }>
                {move || Suspend::new(async move { overview_or_login(overview.await, actions, lang) })}
            </Suspense>
            <p class="below-form">
                <a href="/account">{lang.t("back-to-account")}</a>
            </p>
        </section>
    }
}

/// The confirmation for `?done=…`; only these fixed messages, whatever the URL says.
fn done_message(done: Option<&str>, lang: Lang) -> Option<String> {
    match done? {
        "confirmed" => Some(lang.t("security-confirmed")),
        "off" => Some(lang.t("security-app-turned-off")),
        "session-ended" => Some(lang.t("security-session-ended")),
        "passkey-added" => Some(lang.t("security-passkey-added")),
        "passkey-removed" => Some(lang.t("security-passkey-removed")),
        "passkey-needs-script" => Some(lang.t("security-passkey-needs-script")),
        _ => None,
    }
}

/// The page's forms, whose results bring the overview again.
#[derive(Clone, Copy)]
struct Actions {
    confirm: ServerAction<ConfirmPassword>,
    turn_off: ServerAction<TurnOffApp>,
    end: ServerAction<EndSession>,
    remove: ServerAction<RemovePasskey>,
}

fn overview_or_login(found: Result<SecurityView, ApiError>, actions: Actions, lang: Lang) -> AnyView {
    match found {
        Ok(overview) => view! { <Overview overview actions /> }.into_any(),
        Err(ApiError::Unauthenticated) => {
            view! { <Redirect path="/auth/login?return_to=/account/security" /> }.into_any()
        }
        Err(err) => view! { <p role="alert">{err.message(lang)}</p> }.into_any(),
    }
}

#[component]
fn Overview(overview: SecurityView, actions: Actions) -> impl IntoView {
    let Actions { confirm, turn_off, end, remove } = actions;
    let lang = use_lang();
    view! {
        {overview.required.then(|| view! { <p class="notice">{lang.t("security-required")}</p> })}
        {(!overview.recent_sign_in).then(|| view! { <ConfirmForm confirm /> })}
        <h2>{lang.t("security-app-heading")}</h2>
        {if overview.app {
            view! { <AppOn codes_left=overview.recovery_codes_left turn_off /> }.into_any()
        } else {
            let off = if overview.passkeys.is_empty() { "security-app-off" } else { "security-app-none" };
            view! {
                <p>{lang.t(off)}</p>
                <SetUpButton />
            }
                .into_any()
        }}
        <super::Passkeys passkeys=overview.passkeys remove />
        <Sessions sessions=overview.sessions end />
    }
}

/// **Where you are signed in**: each browser with its network and times, and **Sign out** on
/// every one but this.
#[component]
fn Sessions(sessions: Vec<SessionView>, end: ServerAction<EndSession>) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(end);
    let when = |unix: i64| Utc::from_unix(unix).readable();
    let rows = sessions
        .into_iter()
        .map(|s| {
            let name_id = format!("session-{}", s.session);
            let device = latchkey_i18n::device(lang, s.browser.as_deref(), s.system.as_deref());
            let network = s.network.unwrap_or_else(|| lang.t("session-network-unknown"));
            let described_by = name_id.clone();
            let sign_out = (!s.current).then(|| {
                view! {
                    <ActionForm action=end>
                        <input type="hidden" name="session" value=s.session />
                        <button type="submit" class="secondary" aria-describedby=described_by>
                            {lang.t("button-sign-out-session")}
                        </button>
                    </ActionForm>
                }
            });
            view! {
                <li class="session">
                    <h3 id=name_id>
                        {device}
                        {s.current.then(|| view! { " " <span class="tag">{lang.t("session-this-device")}</span> })}
                    </h3>
                    <dl class="details">
                        <dt>{lang.t("session-network")}</dt>
                        <dd>{network}</dd>
                        <dt>{lang.t("session-signed-in")}</dt>
                        <dd>{when(s.signed_in_at)}</dd>
                        <dt>{lang.t("session-last-seen")}</dt>
                        <dd>{when(s.last_seen_at)}</dd>
                    </dl>
                    {sign_out}
                </li>
            }
        })
        .collect_view();
    view! {
        <h2>{lang.t("security-sessions-heading")}</h2>
        <p>{lang.t("security-sessions-intro")}</p>
        <FormAlert error />
        <ul class="sessions">{rows}</ul>
    }
}

/// **Confirm your password**: changes may be made for the next ten minutes.
#[component]
fn ConfirmForm(confirm: ServerAction<ConfirmPassword>) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(confirm);
    view! {
        <h2>{lang.t("security-confirm-heading")}</h2>
        <p>{lang.t("security-confirm-intro")}</p>
        <ActionForm action=confirm>
            <FormAlert error />
            <Field
                name="password"
                label=lang.t("field-password")
                kind="password"
                autocomplete="current-password"
                error=field_error(error, "password")
            />
            <button type="submit">{lang.t("button-confirm")}</button>
        </ActionForm>
    }
}

/// **Set up authenticator app**: a new secret, on the page that shows it.
#[component]
pub fn SetUpButton() -> impl IntoView {
    let lang = use_lang();
    let begin = ServerAction::<BeginAppSetup>::new();
    let error = action_error(begin);
    Effect::new(move |_| {
        if let Some(Ok(setup)) = begin.value().get() {
            let _ = window().location().set_href(&crate::links::app_setup_page(&setup.setup));
        }
    });
    view! {
        <ActionForm action=begin>
            <FormAlert error />
            <button type="submit">{lang.t("button-setup-app")}</button>
        </ActionForm>
    }
}

#[component]
fn AppOn(codes_left: u64, turn_off: ServerAction<TurnOffApp>) -> impl IntoView {
    let lang = use_lang();
    let new_codes = ServerAction::<NewRecoveryCodes>::new();
    let codes_error = action_error(new_codes);
    let off_error = action_error(turn_off);
    Effect::new(move |_| {
        if let Some(Ok(_)) = new_codes.value().get() {
            let _ = window().location().set_href(RECOVERY_CODES_PAGE);
        }
    });
    let left = i64::try_from(codes_left).unwrap_or(i64::MAX);
    view! {
        <p>{lang.t("security-app-on")}</p>
        <p>{lang.t_with("security-codes-left", &[("n", latchkey_i18n::number(left))])}</p>
        <ActionForm action=new_codes>
            <FormAlert error=codes_error />
            <button type="submit" class="secondary">
                {lang.t("button-new-codes")}
            </button>
        </ActionForm>
        <ActionForm action=turn_off>
            <FormAlert error=off_error />
            <button type="submit" class="secondary">
                {lang.t("button-turn-off")}
            </button>
        </ActionForm>
    }
}
