use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    super::answer_with(404);
    let lang = crate::i18n::use_lang();
    view! {
        <Title text=lang.t("not-found-title") />
        <section class="card">
            <h1>{lang.t("not-found-title")}</h1>
            <p>
                <a href="/auth/login">{lang.t("go-to-login")}</a>
            </p>
        </section>
    }
}
