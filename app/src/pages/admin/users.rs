use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use latchkey_i18n::text;

use super::{AdminNav, Refused, TableRegion, format_time};
use crate::{
    api::{AccountAction, Invite, ManageAccount, Role, Status, UserRow, UsersPage as Page, list_users},
    components::{EmailField, Field, FormAlert},
    i18n::{Lang, role_label, use_lang},
    links::{delete_page, users_page},
    pages::{action_error, field_error},
};

/// `/admin/users?q=…&after=…`: the accounts, searchable by email and paged, each with its
/// actions, and the **Invite** form. Every action is a form, so all of it works without
/// JavaScript; the browser comes back here showing the account acted on (`done` says what
/// happened, as one of a few fixed messages).
#[component]
pub fn UsersPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let after = Memo::new(move |_| query.read().get("after").and_then(|a| a.parse::<i64>().ok()));
    let done = Memo::new(move |_| query.read().get("done"));
    let manage = ServerAction::<ManageAccount>::new();
    let invite = ServerAction::<Invite>::new();
    let users = Resource::new(
        move || (q.get(), after.get(), manage.version().get(), invite.version().get()),
        |(q, after, _, _)| list_users(Some(q), after),
    );
    let error = action_error(manage);
    view! {
        <Title text=lang.t("users-title") />
        <section class="card wide" aria-labelledby="users-heading">
            <AdminNav current="/admin/users" />
            <h1 id="users-heading">{lang.t("users-title")}</h1>
            <div role="status">
                {move || {
                    done.get()
                        .and_then(|done| done_message(&done, lang))
                        .map(|message| view! { <p class="notice">{message}</p> })
                }}
            </div>
            <Suspense fallback=move || view! { <p>{lang.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match users.await {
                        Ok(page) => {
                            view! {
                                <FormAlert error />
                                <PendingSignups pending=page.pending.clone() manage />
                                <SearchForm q=q.get_untracked() />
                                <UsersTable page q=q.get_untracked() paged=after.get_untracked().is_some() manage />
                                <InviteForm invite />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The confirmation a finished action leaves on the page; `None` for anything unknown, so the
/// URL can choose a message but never write one.
fn done_message(done: &str, lang: Lang) -> Option<String> {
    let id = match done {
        "invited" => "users-done-invited",
        "disable" => "users-done-disable",
        "enable" => "users-done-enable",
        "set-role" => "users-done-set-role",
        "send-reset-link" => "users-done-send-reset-link",
        "reset-second-factor" => "users-done-reset-second-factor",
        "delete" => "users-done-delete",
        "approve" => "users-done-approve",
        "decline" => "users-done-decline",
        _ => return None,
    };
    Some(lang.t(id))
}

/// The sign-ups waiting for approval, before every other account, each with **Approve** and
/// **Decline**.
#[component]
fn PendingSignups(pending: Vec<UserRow>, manage: ServerAction<ManageAccount>) -> impl IntoView {
    let lang = use_lang();
    if pending.is_empty() {
        return ().into_any();
    }
    let rows = pending
        .into_iter()
        .map(|user| {
            let email = user.account.email.clone();
            view! {
                <li>
                    <strong>{email.clone()}</strong>
                    {user.account.name.clone().map(|name| format!(" ({name})"))}
                    " "
                    <ActionButton manage action=AccountAction::Approve label="button-approve" email=email.clone() />
                    <ActionButton manage action=AccountAction::Decline label="button-decline" email=email />
                </li>
            }
        })
        .collect_view();
    view! {
        <h2 id="pending-heading">{lang.t("users-pending-heading")}</h2>
        <ul class="pending" aria-labelledby="pending-heading">{rows}</ul>
    }
    .into_any()
}

/// One action on one account, as a small form of its own.
#[component]
fn ActionButton(
    manage: ServerAction<ManageAccount>,
    action: AccountAction,
    label: &'static str,
    email: String,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ActionForm action=manage attr:class="inline">
            <input type="hidden" name="email" value=email.clone() />
            <input type="hidden" name="action" value=action.as_str() />
            <button type="submit" class="small">
                {lang.t(label)}
                <span class="visually-hidden">" " {email}</span>
            </button>
        </ActionForm>
    }
}

#[component]
fn SearchForm(q: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="get" action="/admin/users" role="search" class="search">
            <label for="q">{lang.t("search-by-email")}</label>
            <input id="q" name="q" type="search" value=q />
            <button type="submit" class="secondary">
                {lang.t("button-search")}
            </button>
        </form>
    }
}

/// `paged`: this is not the first page.
#[component]
fn UsersTable(page: Page, q: String, paged: bool, manage: ServerAction<ManageAccount>) -> impl IntoView {
    let lang = use_lang();
    if page.users.is_empty() {
        return view! { <p>{lang.t("no-accounts")}</p> }.into_any();
    }
    let me = page.me.clone();
    let rows = page.users.into_iter().map(|user| view! { <UserRowView user me=me.clone() manage /> }).collect_view();
    let next = page.next_after.map(|after| users_page(&q, Some(after), None));
    view! {
        <TableRegion
            label="users-table"
            headers=&["column-email", "column-name", "column-role", "column-status", "column-last-login", "column-actions"]
        >
            {rows}
        </TableRegion>
        <nav class="pager" aria-label=lang.t("pages-nav")>
            {paged.then(|| view! { <a href=users_page(&q, None, None)>{lang.t("first-page")}</a> })}
            {next.map(|href| view! { <a href=href>{lang.t("next-page")}</a> })}
        </nav>
    }
    .into_any()
}

#[component]
fn UserRowView(user: UserRow, me: String, manage: ServerAction<ManageAccount>) -> impl IntoView {
    let lang = use_lang();
    let email = user.account.email.clone();
    let is_me = email.eq_ignore_ascii_case(&me);
    let disabled = user.status == Status::Disabled;
    let toggle = if disabled { AccountAction::Enable } else { AccountAction::Disable };
    let toggle_label = if disabled { "button-enable" } else { "button-disable" };
    let role_select_id = format!("role-{}", user.account.email.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let status = lang.t(match user.status {
        Status::Invited => "status-invited",
        Status::Unconfirmed => "status-unconfirmed",
        Status::Pending => "status-pending",
        Status::Disabled => "status-disabled",
        Status::Active => "status-active",
    });
    let form = move |action: AccountAction, label: &'static str, email: String| {
        view! { <ActionButton manage action label email /> }
    };
    let role_form = {
        let email = email.clone();
        let selected = user.account.role;
        view! {
            <ActionForm action=manage attr:class="inline">
                <input type="hidden" name="email" value=email.clone() />
                <input type="hidden" name="action" value=AccountAction::SetRole.as_str() />
                <label for=role_select_id.clone() class="visually-hidden">
                    {lang.t_with("role-of", &[("email", text(email.clone()))])}
                </label>
                <select id=role_select_id name="role">
                    <RoleOptions selected />
                </select>
                <button type="submit" class="small">
                    {lang.t("button-change-role")}
                    <span class="visually-hidden">" " {lang.t_with("of-account", &[("email", text(email))])}</span>
                </button>
            </ActionForm>
        }
    };
    view! {
        <tr>
            <td>{email.clone()} {is_me.then(|| format!(" {}", lang.t("you")))}</td>
            <td>{user.account.name.clone().unwrap_or_default()}</td>
            <td>{role_label(user.account.role, lang)}</td>
            <td>{status}</td>
            <td>{user.last_login_at.map(format_time).unwrap_or_else(|| lang.t("never"))}</td>
            <td class="actions">
                {form(toggle, toggle_label, email.clone())}
                {role_form}
                {form(AccountAction::SendResetLink, "button-send-reset-link", email.clone())}
                {form(AccountAction::ResetSecondFactor, "button-reset-second-factor", email.clone())}
                <a class="small danger" href=delete_page(&email)>
                    {lang.t("button-delete")}
                    <span class="visually-hidden">" " {email.clone()}</span>
                </a>
            </td>
        </tr>
    }
}

/// **API Owner** and **API Consumer**, one of them chosen.
#[component]
fn RoleOptions(selected: Role) -> impl IntoView {
    let lang = use_lang();
    Role::ALL
        .into_iter()
        .map(|role| view! { <option value=role.code() selected=selected == role>{role_label(role, lang)}</option> })
        .collect_view()
}

/// **Invite**: Email, Name, Role → an account without a password and an invitation email.
#[component]
fn InviteForm(invite: ServerAction<Invite>) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(invite);
    view! {
        <h2 id="invite-heading">{lang.t("invite-heading")}</h2>
        <ActionForm action=invite attr:aria-labelledby="invite-heading">
            <FormAlert error />
            <EmailField error=field_error(error, "email") />
            <Field
                name="name"
                label=lang.t("field-name")
                autocomplete="off"
                optional=true
                error=field_error(error, "name")
            />
            <div class="field">
                <label for="role">{lang.t("field-role")}</label>
                <select id="role" name="role">
                    <RoleOptions selected=Role::Consumer />
                </select>
                <p class="field-error" id="role-error">
                    {move || field_error(error, "role").get()}
                </p>
            </div>
            <button type="submit">{lang.t("button-invite")}</button>
        </ActionForm>
    }
}
