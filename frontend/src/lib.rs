//! The browser entry point: brings the server-rendered page's islands to life.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    latchkey_app::hydrate();
}
