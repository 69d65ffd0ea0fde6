use leptos::prelude::*;
use leptos_meta::Title;

/// `/auth/forgot`.
#[component]
pub fn ForgotPage() -> impl IntoView {
    view! {
        <Title text="Forgot password" />
        <section class="card" aria-labelledby="forgot-heading">
            <h1 id="forgot-heading">"Forgot password"</h1>
            <p>"Password recovery is coming soon. Ask your portal's administrator for a reset link."</p>
            <p class="below-form">
                <a href="/auth/login">"Back to login"</a>
            </p>
        </section>
    }
}
