//! The administrative subcommands.

pub mod audit;
pub mod mail;
pub mod secret;
pub mod user;

use latchkey_domain::{Latchkey, config::Config, db};

/// `latchkey migrate`.
pub async fn migrate(config: Config) -> Result<(), String> {
    open(config).await?;
    println!("database is up to date");
    Ok(())
}

/// Connects, migrates and returns the services, so every command works on a fresh database.
pub async fn open(config: Config) -> Result<Latchkey, String> {
    let conn = db::open(&config).await.map_err(|e| format!("database: {e}"))?;
    db::migrate(&conn).await.map_err(|e| format!("database migration: {e}"))?;
    Latchkey::new(conn, config).map_err(|e| e.to_string())
}

/// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, after Howard Hinnant's
/// `civil_from_days`), to spare a date library for one column of output.
pub fn utc(seconds: i64) -> String {
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn formats_unix_time_as_utc() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_795_727_999), "2026-11-26T21:19:59Z");
    }
}
