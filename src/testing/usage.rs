//! Endpoints of VVP 2.8-2.15 in the fake: the resource-usage report (CSV), deployments
//! with their Kubernetes custom resource (`deployments/with-cr`), and the savepoint format
//! of savepoint requests.

use serde_json::{json, Map, Value};

use super::http::{am_error, Req, Resp};
use super::state::{find_idx, str_at};
use super::State;

/// `spec.formatType` of a savepoint request: `None` when absent; the fake accepts the two
/// formats Flink has (`CANONICAL`, `NATIVE`).
pub(crate) fn savepoint_format(body: &Map<String, Value>) -> Result<Option<String>, &'static str> {
    match body.get("spec").and_then(|s| s.get("formatType")) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(f)) if f == "CANONICAL" || f == "NATIVE" => Ok(Some(f.clone())),
        Some(_) => Err("must be one of CANONICAL, NATIVE"),
    }
}

fn date(req: &Req, name: &str) -> Result<chrono::NaiveDate, Resp> {
    let Some(v) = req.q(name) else {
        return Err(am_error(
            400,
            format!("Required request parameter '{name}' for method parameter type LocalDate is not present"),
        ));
    };
    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
        am_error(
            400,
            format!("Parameter '{name}' must be a date (yyyy-MM-dd), got '{v}'"),
        )
    })
}

/// `GET /api/v1/status/resourceusage?from=&to=`: one row per namespace covering the whole
/// period; `used` is the summed parallelism of the namespace's `RUNNING` deployments.
pub(crate) fn resource_usage(st: &State, req: &Req) -> Resp {
    let (from, to) = match (date(req, "from"), date(req, "to")) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    if to <= from {
        return am_error(400, "'to' must be after 'from'");
    }
    let mut csv = format!("# Start: {from}\n# End: {to}\nbegin,end,namespace,used\n");
    for (name, ns) in &st.namespaces {
        let used: f64 = ns
            .deployments
            .iter()
            .filter(|d| str_at(d, "/status/state") == Some("RUNNING"))
            .map(|d| {
                d.pointer("/spec/template/spec/parallelism")
                    .and_then(Value::as_f64)
                    .unwrap_or(1.0)
            })
            .sum();
        csv.push_str(&format!("{from}T00:00:00Z,{to}T00:00:00Z,{name},{used}\n"));
    }
    Resp::typed(csv, "text/csv")
}

fn no_namespace(ns: &str) -> Resp {
    Resp::text(404, format!("No such namespace namespaces/{ns}"))
}

/// `GET .../deployments/with-cr`: every deployment, wrapped as `{"deployment": ...}`.
pub(crate) fn list_with_cr(st: &State, ns: &str) -> Resp {
    let Some(n) = st.namespaces.get(ns) else {
        return no_namespace(ns);
    };
    let items: Vec<Value> = n
        .deployments
        .iter()
        .map(|d| json!({ "deployment": d }))
        .collect();
    Resp::ok(json!({ "items": items }))
}

/// `GET .../deployments/with-cr/{name}`.
pub(crate) fn get_with_cr(st: &State, ns: &str, name: &str) -> Resp {
    let Some(n) = st.namespaces.get(ns) else {
        return no_namespace(ns);
    };
    match find_idx(&n.deployments, name).and_then(|i| n.deployments.get(i)) {
        Some(d) => Resp::ok(json!({ "deployment": d })),
        None => am_error(404, format!("Deployment {name} not found")),
    }
}
