use leptos::{ev::KeyboardEvent, prelude::*};

/// Whether Caps Lock was on at the last key press in a password field, and the hint that says
/// so (shown only once the page is interactive: a key press is needed to know).
#[derive(Clone, Copy)]
pub struct CapsLock(RwSignal<bool>);

impl CapsLock {
    pub fn new() -> CapsLock {
        CapsLock(RwSignal::new(false))
    }

    /// For the input's `on:keyup`.
    pub fn track(self) -> impl Fn(KeyboardEvent) + Copy + 'static {
        move |ev: KeyboardEvent| self.0.set(ev.get_modifier_state("CapsLock"))
    }

    /// The hint, saying `message` ("Caps Lock is on", in the page's language) while it is.
    pub fn hint(self, message: String) -> impl IntoView {
        view! {
            <p class="caps-hint" aria-live="polite">
                {move || self.0.get().then(|| message.clone())}
            </p>
        }
    }
}
