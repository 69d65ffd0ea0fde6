use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/auth/reset/done`: after a successful reset (or, with `?welcome`, an accepted invitation).
/// Nobody is signed in: the person logs in with the new password.
#[component]
pub fn ResetDonePage() -> impl IntoView {
    let welcome = use_query_map().with_untracked(|query| query.get("welcome").is_some());
    let (title, heading, message, button) = if welcome {
        ("Password set", "Your password is set", "Your account is ready. Log in with your new password.", "Login")
    } else {
        (
            "Password reset",
            "Your password has been reset",
            "You have been signed out everywhere. Log in with your new password.",
            "Login again",
        )
    };
    view! {
        <Title text=title />
        <section class="card" aria-labelledby="done-heading">
            <h1 id="done-heading">{heading}</h1>
            <p role="status">{message}</p>
            <a class="button" href="/auth/login">
                {button}
            </a>
        </section>
    }
}
