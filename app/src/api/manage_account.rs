use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ApiError;

/// What an API Owner can do to an account from the accounts page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountAction {
    /// The account can no longer log in; its sessions end.
    Disable,
    Enable,
    /// Make it the `role` given with the action.
    SetRole,
    /// Email a fresh reset link (the invitation again, while it has no password).
    SendResetLink,
    /// Delete it, with its sessions and links (never the last active owner).
    Delete,
    /// Remove its second factors (for a person who lost them all); its sessions end.
    ResetSecondFactor,
    /// Let a sign-up waiting for approval log in.
    Approve,
    /// Turn a sign-up waiting for approval down (the account is deleted).
    Decline,
}

impl AccountAction {
    /// The form value.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountAction::Disable => "disable",
            AccountAction::Enable => "enable",
            AccountAction::SetRole => "set-role",
            AccountAction::SendResetLink => "send-reset-link",
            AccountAction::Delete => "delete",
            AccountAction::ResetSecondFactor => "reset-second-factor",
            AccountAction::Approve => "approve",
            AccountAction::Decline => "decline",
        }
    }
}

/// `POST /api/admin/account` with `email`, `action` (`disable`, `enable`, `set-role`,
/// `send-reset-link`, `reset-second-factor`, `approve`, `decline` or `delete`) and, for `set-role`, `role`. API Owners only; done as the
/// signed-in owner and audited as such; the browser goes back to the accounts page, showing
/// that account.
#[server(prefix = "/api/admin", endpoint = "account")]
pub async fn manage_account(email: String, action: AccountAction, role: Option<String>) -> Result<(), ApiError> {
    use latchkey_domain::unix_now;

    use crate::ssr::{client, services, signed_in_owner};

    let k = services()?;
    let owner = signed_in_owner(&k).await?;
    let (email, client, now) = (email.trim(), client().acting_as(&owner), unix_now());
    match action {
        AccountAction::Disable => drop(k.disable_account(email, &client, now).await?),
        AccountAction::Enable => drop(k.enable_account(email, &client, now).await?),
        AccountAction::SetRole => {
            let role = super::parse_role(role.as_deref().unwrap_or_default())?;
            drop(k.set_role(email, role.into(), &client, now).await?);
        }
        AccountAction::SendResetLink => drop(k.send_reset_link(email, &client, now).await?),
        AccountAction::Delete => k.delete_account(email, &client, now).await?,
        AccountAction::ResetSecondFactor => drop(k.reset_second_factor(email, &client, now).await?),
        AccountAction::Approve => drop(k.approve_signup(email, &client, now).await?),
        AccountAction::Decline => k.decline_signup(email, &client, now).await?,
    }
    let gone = matches!(action, AccountAction::Delete | AccountAction::Decline);
    let shown = if gone { "" } else { email };
    leptos_axum::redirect(&crate::links::users_page(shown, None, Some(action.as_str())));
    Ok(())
}
