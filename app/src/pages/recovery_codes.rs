use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::{ApiError, RecoveryCodes, take_recovery_codes},
    i18n::{Lang, use_lang},
};

/// `/account/security/codes`: the new recovery codes, shown once, with **Download** (a text
/// file). Loaded again, it says they cannot be shown again.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let lang = use_lang();
    let codes = OnceResource::new(take_recovery_codes());
    view! {
        <Title text=lang.t("codes-title") />
        <section class="card" aria-labelledby="codes-heading">
            <h1 id="codes-heading">{lang.t("codes-heading")}</h1>
            <Suspense fallback=move || view! { <p>{lang.t("loading")}</p> }>
                {move || Suspend::new(async move { codes_or_gone(codes.await, lang) })}
            </Suspense>
            <p class="below-form">
                <a href="/account/security">{lang.t("link-back-security")}</a>
            </p>
        </section>
    }
}

fn codes_or_gone(codes: Result<Option<RecoveryCodes>, ApiError>, lang: Lang) -> AnyView {
    match codes {
        Ok(Some(RecoveryCodes { codes })) => {
            let file = format!("data:text/plain;charset=utf-8,{}", codes.join("%0A"));
            view! {
                <p>{lang.t("codes-intro")}</p>
                <ul class="recovery-codes" aria-label=lang.t("codes-heading")>
                    {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
                </ul>
                <a class="button" href=file download="recovery-codes.txt">
                    {lang.t("button-download")}
                </a>
            }
            .into_any()
        }
        Ok(None) => view! { <p role="status">{lang.t("codes-gone")}</p> }.into_any(),
        Err(err) => view! { <p role="alert">{err.message(lang)}</p> }.into_any(),
    }
}
