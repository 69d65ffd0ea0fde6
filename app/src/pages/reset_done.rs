use leptos::prelude::*;
use leptos_meta::Title;

/// `/auth/reset/done`: after a successful reset. Nobody is signed in: the person logs in again.
#[component]
pub fn ResetDonePage() -> impl IntoView {
    view! {
        <Title text="Password reset" />
        <section class="card" aria-labelledby="done-heading">
            <h1 id="done-heading">"Your password has been reset"</h1>
            <p role="status">
                "You have been signed out everywhere. Log in with your new password."
            </p>
            <a class="button" href="/auth/login">
                "Login again"
            </a>
        </section>
    }
}
