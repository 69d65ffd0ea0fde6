//! Unix seconds as calendar dates in UTC, for pages, emails and the CLI alike (the same code
//! in the server and the browser), to spare a date library for a couple of columns.

/// A moment in UTC, broken into its calendar parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Utc {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
}

impl Utc {
    /// Proleptic Gregorian, after Howard Hinnant's `civil_from_days`.
    pub fn from_unix(seconds: i64) -> Utc {
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
        Utc { year, month, day, hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60 }
    }

    /// `2026-11-27T14:03:09Z`, for machines and logs.
    pub fn rfc3339(self) -> String {
        let Utc { year, month, day, hour, minute, second } = self;
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    }

    /// `2026-11-27 14:03 UTC`, for people.
    pub fn readable(self) -> String {
        let Utc { year, month, day, hour, minute, .. } = self;
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
    }
}

#[cfg(test)]
mod tests {
    use super::Utc;

    #[test]
    fn unix_time_reads_as_utc_dates() {
        assert_eq!(Utc::from_unix(0).rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(Utc::from_unix(951_782_400).rfc3339(), "2000-02-29T00:00:00Z");
        assert_eq!(Utc::from_unix(1_795_727_999).rfc3339(), "2026-11-26T21:19:59Z");
        assert_eq!(Utc::from_unix(1_795_768_980).readable(), "2026-11-27 08:43 UTC");
    }
}
