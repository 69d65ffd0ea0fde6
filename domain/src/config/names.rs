//! The names settings may be given by, read off [`Settings`] itself.

use figment::value::Value;

use super::Settings;

/// Every field of `Settings`, in lower case: `LATCHKEY_<NAME>` variables and TOML keys.
pub(super) fn setting_names(defaults: &Settings) -> Vec<String> {
    // Serialising keeps every field, `None` ones included (as empty values).
    Value::serialize(defaults)
        .ok()
        .and_then(Value::into_dict)
        .map(|dict| dict.into_keys().collect())
        .unwrap_or_default()
}
