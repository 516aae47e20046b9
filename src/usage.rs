//! The resource-usage report: `GET /api/v1/status/resourceusage?from=&to=`.
//!
//! Ververica Platform can track the CPU cores (VVP 3: compute units) used per namespace
//! and reports them as CSV for a period of whole days (UTC; `from` inclusive, `to`
//! exclusive): `#` comment lines (`# Start: 2019-09-01`, `# End: ...`), a header
//! `begin,end,namespace,used`, and one row per interval in which a namespace's usage was
//! constant, sorted by `begin`, then namespace. Tracking must be enabled on the server.
//!
//! ```no_run
//! use chrono::NaiveDate;
//! # async fn demo(client: vvp::Client) -> Result<(), vvp::Error> {
//! let from = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
//! let to = NaiveDate::from_ymd_opt(2025, 2, 1).expect("date");
//! let report = client.resource_usage(from, to).await?;
//! for row in &report.rows {
//!     println!("{} {} .. {}: {} cores", row.namespace, row.begin, row.end, row.used);
//! }
//! # Ok(()) }
//! ```

use chrono::{DateTime, NaiveDate, Utc};

use crate::request::{Request, UrlPath};
use crate::{Client, Error, Result};

/// One interval of constant usage of one namespace.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ResourceUsage {
    /// Start of the interval (UTC).
    pub begin: DateTime<Utc>,
    /// End of the interval (UTC).
    pub end: DateTime<Utc>,
    /// The namespace's name.
    pub namespace: String,
    /// CPU cores (compute units) in use during the interval; may be fractional.
    pub used: f64,
}

/// A parsed resource-usage report.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ResourceUsageReport {
    /// The `# Start:` comment, as the server wrote it.
    pub start: Option<String>,
    /// The `# End:` comment, as the server wrote it.
    pub end: Option<String>,
    /// The rows, in the server's order.
    pub rows: Vec<ResourceUsage>,
}

fn bad(line: usize, status: Option<u16>, msg: String) -> Error {
    Error::Decode {
        status,
        path: format!("line {line}"),
        source: msg.into(),
    }
}

impl ResourceUsageReport {
    /// Parses the CSV a server sends. Columns are found by the header's names (any order;
    /// extra columns ignored); blank lines and `#` comments are skipped.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] naming the line: no header, a missing column, a timestamp that is
    /// not RFC 3339, a `used` that is not a number.
    pub fn parse_csv(text: &str) -> Result<ResourceUsageReport> {
        Self::parse(text, None)
    }

    fn parse(text: &str, status: Option<u16>) -> Result<ResourceUsageReport> {
        let mut report = ResourceUsageReport::default();
        let mut columns: Option<[usize; 4]> = None;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                let comment = comment.trim();
                if let Some(v) = comment.strip_prefix("Start:") {
                    report.start = Some(v.trim().to_owned());
                } else if let Some(v) = comment.strip_prefix("End:") {
                    report.end = Some(v.trim().to_owned());
                }
                continue;
            }
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let Some(cols) = columns else {
                let find = |name: &str| {
                    cells
                        .iter()
                        .position(|c| c.eq_ignore_ascii_case(name))
                        .ok_or_else(|| {
                            bad(line_no, status, format!("header has no `{name}` column"))
                        })
                };
                columns = Some([
                    find("begin")?,
                    find("end")?,
                    find("namespace")?,
                    find("used")?,
                ]);
                continue;
            };
            let cell = |idx: usize, name: &str| {
                cells
                    .get(idx)
                    .copied()
                    .ok_or_else(|| bad(line_no, status, format!("no `{name}` value")))
            };
            let time = |idx: usize, name: &str| -> Result<DateTime<Utc>> {
                let v = cell(idx, name)?;
                DateTime::parse_from_rfc3339(v)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| bad(line_no, status, format!("`{name}` {v:?}: {e}")))
            };
            let [b, e, n, u] = cols;
            let used_text = cell(u, "used")?;
            let used = used_text
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    bad(
                        line_no,
                        status,
                        format!("`used` {used_text:?} is not a number"),
                    )
                })?;
            report.rows.push(ResourceUsage {
                begin: time(b, "begin")?,
                end: time(e, "end")?,
                namespace: cell(n, "namespace")?.to_owned(),
                used,
            });
        }
        if columns.is_none() {
            return Err(bad(
                0,
                status,
                "no header line `begin,end,namespace,used`".into(),
            ));
        }
        Ok(report)
    }
}

impl Client {
    /// The resource-usage report for the days `from` (inclusive) to `to` (exclusive), UTC
    /// (`GET /api/v1/status/resourceusage?from=&to=`, CSV); see [`crate::usage`].
    ///
    /// # Errors
    ///
    /// Transport errors, the server's error answer (e.g. tracking not enabled), or
    /// [`Error::Decode`] for CSV that does not parse.
    pub async fn resource_usage(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<ResourceUsageReport> {
        let req = Request::get(UrlPath::new().lit("api/v1/status/resourceusage"))
            .query("from", from.format("%Y-%m-%d").to_string())
            .query("to", to.format("%Y-%m-%d").to_string())
            .accept("text/csv");
        let resp = self.execute_raw(req).await?;
        let text = String::from_utf8_lossy(&resp.body);
        ResourceUsageReport::parse(&text, Some(resp.status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_report() {
        let csv = "# Start: 2019-09-01\n# End: 2020-02-05\nbegin,end,namespace,used\n\
            2019-09-01T14:01:20.336368Z,2019-09-02T14:01:20.336368Z,default,2\n\
            2019-09-01T14:01:20.336368Z,2019-09-01T14:32:12.392851Z,othernamespace,1.2\n";
        let r = ResourceUsageReport::parse_csv(csv).unwrap();
        assert_eq!(r.start.as_deref(), Some("2019-09-01"));
        assert_eq!(r.end.as_deref(), Some("2020-02-05"));
        assert_eq!(r.rows.len(), 2);
        assert_eq!(r.rows[1].namespace, "othernamespace");
        assert!((r.rows[1].used - 1.2).abs() < 1e-9);
        assert_eq!(
            r.rows[0].begin.to_rfc3339(),
            "2019-09-01T14:01:20.336368+00:00"
        );
    }

    #[test]
    fn columns_by_name_and_errors_by_line() {
        let r = ResourceUsageReport::parse_csv("namespace,used,end,begin,extra\r\nns,0.5,2020-01-02T00:00:00Z,2020-01-01T00:00:00Z,x\r\n").unwrap();
        assert_eq!(r.rows[0].namespace, "ns");
        for (bad, line) in [
            ("", "line 0"),
            ("begin,end,namespace\n", "line 1"),
            (
                "begin,end,namespace,used\nx,2020-01-02T00:00:00Z,ns,1\n",
                "line 2",
            ),
            (
                "begin,end,namespace,used\n2020-01-01T00:00:00Z,2020-01-02T00:00:00Z,ns,NaN\n",
                "line 2",
            ),
            (
                "begin,end,namespace,used\n2020-01-01T00:00:00Z,2020-01-02T00:00:00Z\n",
                "line 2",
            ),
        ] {
            let e = ResourceUsageReport::parse_csv(bad).unwrap_err();
            assert!(
                matches!(&e, Error::Decode { path, .. } if path == line),
                "{bad:?}: {e}"
            );
        }
    }
}
