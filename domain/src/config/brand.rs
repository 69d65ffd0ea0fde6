//! The portal's look: `LATCHKEY_LOGO_URL` and `LATCHKEY_ACCENT_COLOR`, and the colours derived
//! from the accent so that every pair people read keeps WCAG AA contrast.

use url::Url;

/// The built-in accent, on the light and on the dark theme's surfaces.
const DEFAULT_LIGHT: Rgb = Rgb(0x0b, 0x5c, 0xad);
const DEFAULT_DARK: Rgb = Rgb(0x44, 0x93, 0xf8);
const LIGHT_SURFACE: Rgb = Rgb(0xff, 0xff, 0xff);
const DARK_SURFACE: Rgb = Rgb(0x16, 0x1b, 0x22);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
const NEAR_BLACK: Rgb = Rgb(0x0d, 0x11, 0x17);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(u8, u8, u8);

impl Rgb {
    /// `#rrggbb` only.
    pub fn parse(raw: &str) -> Result<Rgb, String> {
        let hex = raw.trim().strip_prefix('#').filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
        let channel = |hex: &str, at: usize| u8::from_str_radix(&hex[at..at + 2], 16).unwrap_or_default();
        match hex {
            Some(hex) => Ok(Rgb(channel(hex, 0), channel(hex, 2), channel(hex, 4))),
            None => Err(format!("'{raw}' is not a colour like #0b5cad (#rrggbb)")),
        }
    }

    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2 relative luminance.
    fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// WCAG 2 contrast ratio, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// What the operator chose; `None` keeps the built-in look.
#[derive(Clone, Debug, Default)]
pub struct Brand {
    pub logo_url: Option<Url>,
    pub accent: Option<Rgb>,
}

impl Brand {
    /// The stylesheet that puts the accent on buttons (with whichever text colour reads best on
    /// it), links and focus rings, in both themes. Where the accent itself would not reach AA on
    /// a theme's surface (4.5:1 for link text, 3:1 for a focus ring), that theme keeps the
    /// built-in colour for it.
    pub fn stylesheet(&self) -> Option<String> {
        let accent = self.accent?;
        let ink = if accent.contrast(WHITE) >= accent.contrast(NEAR_BLACK) { WHITE } else { NEAR_BLACK };
        let theme = |surface: Rgb, default: Rgb| {
            let link = if accent.contrast(surface) >= 4.5 { accent } else { default };
            let focus = if accent.contrast(surface) >= 3.0 { accent } else { default };
            format!(
                "--accent: {}; --accent-ink: {}; --link: {}; --focus: {};",
                accent.css(),
                ink.css(),
                link.css(),
                focus.css()
            )
        };
        Some(format!(
            ":root {{ {} }}\n@media (prefers-color-scheme: dark) {{ :root {{ {} }} }}\n",
            theme(LIGHT_SURFACE, DEFAULT_LIGHT),
            theme(DARK_SURFACE, DEFAULT_DARK)
        ))
    }

    /// The accent for emails (light backgrounds), or the built-in one.
    pub fn mail_accent(&self) -> String {
        self.accent.filter(|a| a.contrast(LIGHT_SURFACE) >= 4.5).unwrap_or(DEFAULT_LIGHT).css()
    }

    /// The logo's origin, for the pages' Content-Security-Policy.
    pub fn logo_origin(&self) -> Option<String> {
        self.logo_url.as_ref().map(|url| url.origin().ascii_serialization())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_rrggbb_only() {
        assert_eq!(Rgb::parse("#0B5CAD").unwrap().css(), "#0b5cad");
        for bad in ["0b5cad", "#0b5", "#0b5cadff", "blue", "#gggggg", "", "rgb(0,0,0)"] {
            assert!(Rgb::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_on_the_accent_and_links_keep_aa_contrast() {
        let sheet = |hex: &str| Brand { logo_url: None, accent: Some(Rgb::parse(hex).unwrap()) }.stylesheet().unwrap();
        // Dark accent: white text on buttons, the accent for links in the light theme.
        let dark = sheet("#5b2a86");
        assert!(dark.contains("--accent-ink: #ffffff; --link: #5b2a86;"), "{dark}");
        // Light accent: dark text on buttons; too pale for links on white, so links keep the
        // built-in blue there, while the dark theme can use it.
        let light = sheet("#ffcc00");
        assert!(light.contains("--accent-ink: #0d1117; --link: #0b5cad;"), "{light}");
        assert!(light.contains("--link: #ffcc00;"), "{light}");
        assert!((WHITE.contrast(NEAR_BLACK) - 18.9).abs() < 0.2);
        assert!(Brand::default().stylesheet().is_none());
    }
}
