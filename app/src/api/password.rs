use serde::{Deserialize, Serialize};

/// A password as it travels from a form to a server function. `Debug` never shows it, so the
/// argument structs the server macro derives `Debug` for cannot leak it into a log.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}
