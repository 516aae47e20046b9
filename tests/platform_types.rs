//! Platform API types against real payloads and the 2.7.1 Platform spec.
//!
//! - every captured payload of the Platform kinds (`apitoken-*`, `catalog-*`, `namespace-*`,
//!   `sqlscript-*`, `udfartifact-*`) decodes, envelopes included, and re-encodes to the same
//!   JSON (timestamps compared as instants; an empty list or map and an absent one are the
//!   same value, as the generated types read both as empty and write neither);
//! - every property of the spec definitions we model is a typed field (nothing lands in
//!   `extra`), and a fully-populated object round-trips;
//! - unknown fields and enum values survive a round trip.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;
use vvp::platform::types::*;
use vvp::platform::{Many, One};

mod common;

/// `../shared/reference`, or `None` (after printing why) when it is absent and not required.
fn reference_dir() -> Option<PathBuf> {
    common::shared_dir().map(|d| d.join("reference"))
}

fn read_json(path: &std::path::Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// The path of the first difference between two JSON values, or `None` if they are equal.
/// Strings that both parse as RFC 3339 timestamps compare as instants.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(va), Some(vb)) => {
                        if let Some(d) = first_difference(va, vb, &p) {
                            return Some(d);
                        }
                    }
                    (Some(v), None) | (None, Some(v)) if is_empty_collection(v) => {}
                    (Some(_), None) => return Some(format!("{p} (lost)")),
                    (None, Some(_)) => return Some(format!("{p} (added)")),
                    (None, None) => {}
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path} (length {} vs {})", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (va, vb))| first_difference(va, vb, &format!("{path}[{i}]")))
        }
        (Value::String(x), Value::String(y)) if x != y => {
            let ta = chrono::DateTime::parse_from_rfc3339(x);
            let tb = chrono::DateTime::parse_from_rfc3339(y);
            match (ta, tb) {
                (Ok(ta), Ok(tb)) if ta == tb => None,
                _ => Some(format!("{path} ({x:?} vs {y:?})")),
            }
        }
        _ if a == b => None,
        _ => Some(format!("{path} ({a} vs {b})")),
    }
}

/// `[]` or `{}`: the generated types read it as an empty `Vec`/`BTreeMap` and do not write
/// it back (like an absent one).
fn is_empty_collection(v: &Value) -> bool {
    v.as_array().is_some_and(Vec::is_empty) || v.as_object().is_some_and(Map::is_empty)
}

/// Decodes `value` as `T` (reporting the failing field path), re-encodes it and asserts that
/// nothing was lost or added. Returns the decoded value.
fn round_trip<T: DeserializeOwned + Serialize>(what: &str, value: &Value) -> T {
    let decoded: T = serde_path_to_error::deserialize(value).unwrap_or_else(|e| {
        panic!(
            "{what}: does not decode as {} at `{}`: {}",
            std::any::type_name::<T>(),
            e.path(),
            e.inner()
        )
    });
    let again = serde_json::to_value(&decoded)
        .unwrap_or_else(|e| panic!("{what}: does not re-encode: {e}"));
    if let Some(diff) = first_difference(value, &again, "$") {
        panic!(
            "{what}: round trip through {} differs at {diff}",
            std::any::type_name::<T>()
        );
    }
    // And once more through the re-encoded form (stable).
    let twice: T = serde_json::from_value(again.clone()).expect("re-decodes");
    assert_eq!(
        serde_json::to_value(&twice).expect("encodes"),
        again,
        "{what}"
    );
    decoded
}

fn payload(dir: &std::path::Path, file: &str) -> Value {
    read_json(&dir.join("payloads").join(file))
}

/// Every payload of a Platform kind, with the type it is decoded as.
const PLATFORM_PAYLOADS: &[&str] = &[
    "apitoken-create-request-vvpdocs-1.json",
    "apitoken-create-vvpdocs-1.json",
    "catalog-getdatabase-catalogproxy-1.json",
    "catalog-getfunction-catalogproxy-1.json",
    "catalog-gettable-catalogproxy-1.json",
    "catalog-getview-catalogproxy-1.json",
    "catalog-listdatabases-catalogproxy-1.json",
    "catalog-listtables-catalogproxy-1.json",
    "namespace-alibabacommon-1.json",
    "namespace-create-request-vvpdocs-1.json",
    "namespace-delete-vvpdocs-1.json",
    "namespace-get-vvpdocs-1.json",
    "namespace-list-jupytervvp-1.json",
    "sqlscript-execute-jupytervvp-1.json",
    "sqlscript-execute-jupytervvp-3.json",
    "sqlscript-execute-sreworks-1.json",
    "sqlscript-executemulti-sreworks-1.json",
    "sqlscript-validate-jupytervvp-1.json",
    "sqlscript-validate-jupytervvp-2.json",
    "udfartifact-create-sreworks-1.json",
    "udfartifact-update-sreworks-1.json",
];

#[test]
fn every_platform_payload_is_covered() {
    let Some(dir) = reference_dir() else { return };
    let prefixes = [
        "apitoken-",
        "catalog-",
        "namespace-",
        "sqlscript-",
        "udfartifact-",
    ];
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(dir.join("payloads")).expect("payload dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if prefixes.iter().any(|p| name.starts_with(p))
            && !PLATFORM_PAYLOADS.contains(&name.as_str())
        {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "payloads without a decode test: {missing:?}"
    );
}

/// The string at a JSON pointer of a raw payload (expected values come from the payloads
/// at run time, never copied into this file).
fn text<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer}"))
}

fn last_segment(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

#[test]
fn api_token_payloads() {
    let Some(dir) = reference_dir() else { return };
    let raw = payload(&dir, "apitoken-create-request-vvpdocs-1.json");
    let req: ApiToken = round_trip("apitoken request", &raw);
    assert_eq!(req.role, Some(Role::from(text(&raw, "/role"))));
    assert!(
        !req.role.as_ref().is_some_and(Role::is_other),
        "a known role"
    );
    assert_eq!(req.short_name(), Some(last_segment(text(&raw, "/name"))));
    assert!(req.secret.is_none());

    let raw = payload(&dir, "apitoken-create-vvpdocs-1.json");
    let resp: One<ApiToken> = round_trip("apitoken response", &raw);
    let token = resp.item;
    assert_eq!(token.name.as_deref(), Some(text(&raw, "/apiToken/name")));
    let secret = token.secret.as_ref().expect("secret present on create");
    let expected = text(&raw, "/apiToken/secret");
    assert_eq!(secret.expose(), expected);
    let debug = format!("{token:?} {secret} {secret:?}");
    assert!(!debug.contains(expected), "secret leaked: {debug}");
    assert!(token.create_time.is_some());
}

#[test]
fn namespace_payloads() {
    let Some(dir) = reference_dir() else { return };
    let raw = payload(&dir, "namespace-get-vvpdocs-1.json");
    let ns: One<Namespace> = round_trip("get", &raw);
    assert_eq!(
        ns.item.short_name(),
        Some(last_segment(text(&raw, "/namespace/name")))
    );
    assert_eq!(ns.item.lifecycle_phase, Some(LifecyclePhase::Active));
    let binding = ns.item.role_bindings.first().expect("bindings");
    assert_eq!(binding.role, Some(Role::Owner));
    assert_eq!(
        binding.members.as_slice(),
        &[text(&raw, "/namespace/roleBindings/0/members/0").to_owned()][..]
    );

    let deleted: One<Namespace> =
        round_trip("delete", &payload(&dir, "namespace-delete-vvpdocs-1.json"));
    assert_eq!(
        deleted.item.lifecycle_phase,
        Some(LifecyclePhase::Terminating)
    );

    let list: Many<Namespace> =
        round_trip("list", &payload(&dir, "namespace-list-jupytervvp-1.json"));
    assert_eq!(list.items.len(), 1);

    // The builder produces the documented create request.
    let raw = payload(&dir, "namespace-create-request-vvpdocs-1.json");
    let req: Namespace = round_trip("create request", &raw);
    let built =
        Namespace::new(last_segment(text(&raw, "/name"))).with_role_binding(RoleBinding::new(
            Role::from(text(&raw, "/roleBindings/0/role")),
            [text(&raw, "/roleBindings/0/members/0")],
        ));
    assert_eq!(req, built);

    // Alibaba fork's Namespace (a plain object, no envelope): its extra field is kept.
    let raw = payload(&dir, "namespace-alibabacommon-1.json");
    let ali: Namespace = round_trip("alibaba", &raw);
    assert_eq!(ali.extra.get("cluster"), raw.get("cluster"));
}

#[test]
fn catalog_payloads() {
    let Some(dir) = reference_dir() else { return };
    let raw = payload(&dir, "catalog-getdatabase-catalogproxy-1.json");
    let db: One<Database> = round_trip("getDatabase", &raw);
    assert_eq!(
        db.item.comment.as_deref(),
        Some(text(&raw, "/database/comment"))
    );
    let dbs: Many<Database> = round_trip(
        "listDatabases",
        &payload(&dir, "catalog-listdatabases-catalogproxy-1.json"),
    );
    assert_eq!(dbs.items.len(), 1);

    let f: One<Function> = round_trip(
        "getFunction",
        &payload(&dir, "catalog-getfunction-catalogproxy-1.json"),
    );
    assert_eq!(f.item.function_language, Some(FunctionLanguage::Java));
    assert_eq!(f.item.function_type, Some(FunctionType::Flink));

    let raw = payload(&dir, "catalog-gettable-catalogproxy-1.json");
    let t: One<Table> = round_trip("getTable", &raw);
    let schema = t.item.schema.as_ref().expect("schema");
    let cols = &schema.column;
    assert_eq!(cols.len(), 3);
    assert_eq!(
        cols[2].type_.as_deref(),
        Some(text(&raw, "/table/schema/column/2/type"))
    );
    let wm = schema.watermark_spec.first().expect("watermarks");
    assert_eq!(
        wm.time_column.as_deref(),
        Some(text(&raw, "/table/schema/watermarkSpec/0/timeColumn"))
    );
    assert_eq!(
        t.item.properties.get("connector").map(String::as_str),
        Some(text(&raw, "/table/properties/connector"))
    );
    let ts: Many<Table> = round_trip(
        "listTables",
        &payload(&dir, "catalog-listtables-catalogproxy-1.json"),
    );
    assert_eq!(ts.items[0], t.item);

    let raw = payload(&dir, "catalog-getview-catalogproxy-1.json");
    let v: One<View> = round_trip("getView", &raw);
    assert_eq!(
        v.item.expanded_query.as_deref(),
        Some(text(&raw, "/view/expandedQuery"))
    );
    // `"watermarkSpec": []` reads as an empty list (and, like an absent one, is not
    // written back: `round_trip` treats the two as the same value).
    assert_eq!(
        v.item.schema.as_ref().map(|s| s.watermark_spec.len()),
        Some(0)
    );
}

#[test]
fn sql_payloads() {
    let Some(dir) = reference_dir() else { return };
    let v1: ValidateStatementResponse = round_trip(
        "validate 1",
        &payload(&dir, "sqlscript-validate-jupytervvp-1.json"),
    );
    assert_eq!(v1.validation_result, Some(ValidationResult::InvalidQuery));
    assert!(!v1.is_valid());
    let raw = payload(&dir, "sqlscript-validate-jupytervvp-2.json");
    let v2: ValidateStatementResponse = round_trip("validate 2", &raw);
    let details = v2.error_details.expect("details");
    let int = |p: &str| raw.pointer(p).and_then(Value::as_i64).map(|n| n as i32);
    assert_eq!(
        (
            details.line_number,
            details.column_number,
            details.end_line_number,
            details.end_column_number
        ),
        (
            int("/errorDetails/lineNumber"),
            int("/errorDetails/columnNumber"),
            int("/errorDetails/endLineNumber"),
            int("/errorDetails/endColumnNumber")
        )
    );
    assert!(details.line_number.is_some_and(|n| n > 0));
    assert_eq!(
        details.cause.as_deref(),
        Some(text(&raw, "/errorDetails/cause"))
    );

    let raw = payload(&dir, "sqlscript-execute-jupytervvp-1.json");
    let e1: ExecuteStatementResponse = round_trip("execute 1", &raw);
    assert_eq!(e1.result, Some(StatementResult::SuccessWithRows));
    assert!(e1.is_success());
    let table = e1.result_table.expect("rows");
    assert_eq!(
        table.header_names()[0],
        text(&raw, "/resultTable/headers/0/name")
    );
    let cells = raw
        .pointer("/resultTable/rows/0/cells")
        .and_then(Value::as_array)
        .expect("cells");
    let expected: Vec<&str> = cells
        .iter()
        .map(|c| c["value"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(table.values(), vec![expected]);
    let e3: ExecuteStatementResponse = round_trip(
        "execute 3",
        &payload(&dir, "sqlscript-execute-jupytervvp-3.json"),
    );
    assert_eq!(e3.result, Some(StatementResult::Success));

    let raw = payload(&dir, "sqlscript-execute-sreworks-1.json");
    let stmt: Statement = round_trip("execute request", &raw);
    assert_eq!(stmt, Statement::new(text(&raw, "/statement")));
    let raw = payload(&dir, "sqlscript-executemulti-sreworks-1.json");
    let multi: Vec<String> = round_trip("execute-multi request", &raw);
    assert_eq!(Some(multi.len()), raw.as_array().map(Vec::len));
}

#[test]
fn udf_artifact_payloads() {
    let Some(dir) = reference_dir() else { return };
    let raw = payload(&dir, "udfartifact-create-sreworks-1.json");
    let c: UdfArtifact = round_trip("create", &raw);
    assert_eq!(c.short_name(), Some(last_segment(text(&raw, "/name"))));
    let raw = payload(&dir, "udfartifact-update-sreworks-1.json");
    let u: UdfArtifact = round_trip("update", &raw);
    assert_eq!(u.jar_url.as_deref(), Some(text(&raw, "/jarUrl")));
}

// ---------------------------------------------------------------------------------------
// Spec coverage: every property of the modelled 2.7.1 definitions is a typed field.

/// A sample value for a Swagger schema (every property set, arrays with one element).
fn sample(spec: &Value, schema: &Value, depth: usize) -> Value {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/definitions/");
        return sample(spec, &spec["definitions"][name], depth + 1);
    }
    if depth > 40 {
        return json!({});
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        // A known, non-default value.
        return values
            .get(1)
            .or_else(|| values.first())
            .cloned()
            .unwrap_or(Value::Null);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") if schema.get("format").and_then(Value::as_str) == Some("date-time") => {
            json!("2021-02-03T04:05:06.789Z")
        }
        Some("string") => json!("text"),
        Some("integer") => json!(7),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") => json!([sample(spec, &schema["items"], depth + 1)]),
        _ => {
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                let obj: Map<String, Value> = props
                    .iter()
                    .map(|(k, v)| (k.clone(), sample(spec, v, depth + 1)))
                    .collect();
                Value::Object(obj)
            } else if let Some(add) = schema.get("additionalProperties") {
                json!({ "key": sample(spec, add, depth + 1) })
            } else {
                json!({})
            }
        }
    }
}

/// Types whose `extra` map is checked to stay empty for a fully-populated spec sample.
trait Extra {
    fn extra(&self) -> &Map<String, Value>;
}
macro_rules! extra {
    ($($t:ty),*) => { $(impl Extra for $t { fn extra(&self) -> &Map<String, Value> { &self.extra } })* };
}
extra!(
    Namespace,
    RoleBinding,
    SetPreviewSessionClusterRequest,
    ApiToken,
    Catalog,
    Database,
    Table,
    View,
    TableSchema,
    Column,
    ColumnMeta,
    UniqueConstraint,
    Watermark,
    Function,
    Property,
    Connector,
    Format,
    CatalogConnector,
    TableReference,
    CatalogReference,
    JarUri,
    JarUris,
    UpdateConnectorResponse,
    UpdateFormatResponse,
    DeleteConnectorResponse,
    DeleteFormatResponse,
    SqlScript,
    Statement,
    ErrorDetails,
    ValidateStatementResponse,
    ExecuteStatementResponse,
    ExecuteStatementsResponse,
    ResultTable,
    TableHeader,
    TableRow,
    TableCell,
    SuggestCompletionsRequest,
    SqlScriptCompletion,
    UdfArtifact,
    UdfClass,
    CreateUdfArtifactResponse,
    UpdateUdfArtifactResponse,
    DeleteUdfArtifactResponse,
    AutopilotPolicy,
    AutoscalerConfig,
    LibraConfig,
    AutopilotPolicyStatus,
    AutoscalerStatus,
    AutoscalingSourceStatus,
    LibraStatus,
    AutopilotPolicyRecommendation
);

fn check_definition<T: DeserializeOwned + Serialize + Extra>(spec: &Value, definition: &str) {
    let schema = &spec["definitions"][definition];
    assert!(schema.is_object(), "spec has no definition {definition}");
    let value = sample(spec, schema, 0);
    let decoded: T = round_trip(definition, &value);
    assert!(
        decoded.extra().is_empty(),
        "{definition}: spec properties not modelled as fields: {:?}",
        decoded.extra().keys().collect::<Vec<_>>()
    );
}

#[test]
fn every_spec_property_is_a_typed_field() {
    let Some(dir) = reference_dir() else { return };
    let spec = read_json(&dir.join("specs/vvp-2.7.1/swagger.json"));
    macro_rules! check {
        ($($t:ty => $d:literal),* $(,)?) => { $(check_definition::<$t>(&spec, $d);)* };
    }
    check!(
        Namespace => "Namespace", RoleBinding => "RoleBinding",
        SetPreviewSessionClusterRequest => "SetPreviewSessionClusterRequest",
        ApiToken => "ApiToken", Catalog => "Catalog", Database => "Database",
        Table => "VvpTable", View => "VvpView", TableSchema => "VvpSchema", Column => "VvpColumn",
        ColumnMeta => "VvpColumnMeta", UniqueConstraint => "VvpUniqueConstraint",
        Watermark => "VvpWatermark", Function => "Function", Property => "Property",
        Connector => "Connector", Format => "Format", CatalogConnector => "CatalogConnector",
        TableReference => "TableReference", CatalogReference => "CatalogReference",
        JarUri => "JarUri", JarUris => "JarUris",
        UpdateConnectorResponse => "UpdateConnectorResponse",
        UpdateFormatResponse => "UpdateFormatResponse",
        DeleteConnectorResponse => "DeleteConnectorResponse",
        DeleteFormatResponse => "DeleteFormatResponse",
        SqlScript => "SqlScript", Statement => "Statement", ErrorDetails => "ErrorDetails",
        ValidateStatementResponse => "ValidateStatementResponse",
        ExecuteStatementResponse => "ExecuteStatementResponse",
        ExecuteStatementsResponse => "ExecuteStatementsResponse",
        ResultTable => "ResultTable", TableHeader => "TableHeader", TableRow => "TableRow",
        TableCell => "TableCell", SuggestCompletionsRequest => "SuggestSqlScriptCompletionsDetails",
        SqlScriptCompletion => "SqlScriptCompletion", UdfArtifact => "UdfArtifact",
        UdfClass => "UdfClass", UpdateUdfArtifactResponse => "UpdateUdfArtifactResponse",
        CreateUdfArtifactResponse => "CreateUdfArtifactResponse",
        DeleteUdfArtifactResponse => "DeleteUdfArtifactResponse",
        AutopilotPolicy => "AutopilotPolicy", AutoscalerConfig => "AutoscalerConfig",
        LibraConfig => "LibraConfig", AutopilotPolicyStatus => "AutopilotPolicyStatus",
        AutoscalerStatus => "AutoscalerStatus", AutoscalingSourceStatus => "AutoscalingSourceStatus",
        LibraStatus => "LibraStatus",
        AutopilotPolicyRecommendation => "AutopilotPolicyRecommendation",
    );
}

/// The envelope keys each type declares match the spec's `*Response` definitions.
#[test]
fn envelope_keys_match_the_spec() {
    let Some(dir) = reference_dir() else { return };
    let spec = read_json(&dir.join("specs/vvp-2.7.1/swagger.json"));
    fn one<T: vvp::platform::SingularKey>(spec: &Value, response: &str) {
        let props = &spec["definitions"][response]["properties"];
        assert!(
            props.get(T::SINGULAR).is_some(),
            "{response} has no key {}",
            T::SINGULAR
        );
    }
    fn many<T: vvp::platform::PluralKey>(spec: &Value, response: &str) {
        let props = &spec["definitions"][response]["properties"];
        assert_eq!(
            props[T::PLURAL]["type"],
            "array",
            "{response} has no list {}",
            T::PLURAL
        );
    }
    one::<Namespace>(&spec, "GetNamespaceResponse");
    many::<Namespace>(&spec, "ListNamespacesResponse");
    one::<ApiToken>(&spec, "CreateApiTokenResponse");
    many::<ApiToken>(&spec, "ListApiTokensResponse");
    one::<Catalog>(&spec, "GetCatalogResponse");
    many::<Catalog>(&spec, "ListCatalogsResponse");
    one::<Database>(&spec, "GetDatabaseResponse");
    many::<Database>(&spec, "ListDatabasesResponse");
    one::<Table>(&spec, "GetTableResponse");
    many::<Table>(&spec, "ListTablesResponse");
    one::<View>(&spec, "GetViewResponse");
    many::<View>(&spec, "ListViewsResponse");
    one::<Function>(&spec, "GetFunctionResponse");
    many::<Function>(&spec, "ListFunctionsResponse");
    one::<Connector>(&spec, "GetConnectorResponse");
    many::<Connector>(&spec, "ListConnectorsResponse");
    one::<Format>(&spec, "GetFormatResponse");
    many::<Format>(&spec, "ListFormatsResponse");
    one::<CatalogConnector>(&spec, "GetCatalogConnectorResponse");
    many::<CatalogConnector>(&spec, "ListCatalogConnectorsResponse");
    many::<CatalogConnector>(&spec, "AnalyzeCatalogConnectorJarsResponse");
    many::<TableReference>(&spec, "ListTablesReferencingConnectorResponse");
    many::<TableReference>(&spec, "ListTablesReferencingFormatResponse");
    many::<CatalogReference>(&spec, "ListCatalogsReferencingCatalogConnectorResponse");
    one::<SqlScript>(&spec, "GetSqlScriptResponse");
    many::<SqlScript>(&spec, "ListSqlScriptsResponse");
    many::<SqlScriptCompletion>(&spec, "SuggestSqlScriptCompletionsResponse");
    one::<UdfArtifact>(&spec, "GetUdfArtifactResponse");
    many::<UdfArtifact>(&spec, "ListUdfArtifactsResponse");
    one::<AutopilotPolicy>(&spec, "GetAutopilotPolicyResponse");
    many::<AutopilotPolicy>(&spec, "ListAutopilotPoliciesResponse");
    one::<AutopilotPolicyStatus>(&spec, "GetAutopilotPolicyStatusResponse");
    one::<AutopilotPolicyRecommendation>(&spec, "GetAutopilotPolicyRecommendationResponse");
}

/// Every enum value the spec lists decodes to a named variant, not `Other`.
#[test]
fn every_spec_enum_value_is_known() {
    let Some(dir) = reference_dir() else { return };
    let spec = read_json(&dir.join("specs/vvp-2.7.1/swagger.json"));
    fn known<T: DeserializeOwned + std::fmt::Debug>(spec: &Value, def: &str, prop: &str) {
        let values = spec["definitions"][def]["properties"][prop]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{def}.{prop} has no enum"));
        for v in values {
            let decoded: T = serde_json::from_value(v.clone()).expect("decodes");
            let debug = format!("{decoded:?}");
            assert!(
                !debug.starts_with("Other("),
                "{def}.{prop}: {v} is not a named variant"
            );
        }
    }
    known::<LifecyclePhase>(&spec, "Namespace", "lifecyclePhase");
    known::<ValidationResult>(&spec, "ValidateStatementResponse", "validationResult");
    known::<StatementResult>(&spec, "ExecuteStatementResponse", "result");
    known::<HintType>(&spec, "SqlScriptCompletion", "type");
    known::<FunctionLanguage>(&spec, "Function", "functionLanguage");
    known::<FunctionType>(&spec, "Function", "functionType");
    known::<ConstraintType>(&spec, "VvpUniqueConstraint", "type");
    known::<UdfType>(&spec, "UdfClass", "classType");
    known::<AutopilotMode>(&spec, "AutopilotPolicy", "mode");
    known::<PolicyStatus>(&spec, "AutopilotPolicyStatus", "status");
}

// ---------------------------------------------------------------------------------------
// Forward compatibility without the shared material.

#[test]
fn unknown_fields_and_enum_values_survive() {
    let value = json!({
        "namespace": {
            "name": "namespaces/x",
            "lifecyclePhase": "LIFECYCLE_PHASE_ARCHIVED",
            "roleBindings": [{"role": "auditor", "members": ["user:a"], "expires": "never"}],
            "labels": {"team": "data"}
        },
        "etag": "abc"
    });
    let ns: One<Namespace> = round_trip("unknowns", &value);
    assert_eq!(
        ns.item.lifecycle_phase,
        Some(LifecyclePhase::Other("LIFECYCLE_PHASE_ARCHIVED".into()))
    );
    let binding = ns.item.role_bindings.first().expect("bindings");
    assert_eq!(binding.role, Some(Role::Other("auditor".into())));
    assert_eq!(binding.extra.get("expires"), Some(&json!("never")));
    assert_eq!(ns.item.extra.get("labels"), Some(&json!({"team": "data"})));
    assert_eq!(ns.extra.get("etag"), Some(&json!("abc")));
}

#[test]
fn envelopes_report_paths_and_read_empty_lists() {
    // proto3 JSON omits empty repeated fields: `{}` is an empty list.
    let empty: Many<ApiToken> = serde_json::from_value(json!({})).expect("empty");
    assert!(empty.items.is_empty());
    let null: Many<ApiToken> = serde_json::from_value(json!({"apiTokens": null})).expect("null");
    assert!(null.items.is_empty());

    let missing = serde_json::from_value::<One<ApiToken>>(json!({"token": {}}));
    assert!(missing.is_err_and(|e| e.to_string().contains("apiToken")));

    let bad = json!({"namespaces": [{"name": "namespaces/a"}, {"createTime": "yesterday"}]});
    let err = serde_path_to_error::deserialize::<_, Many<Namespace>>(&bad).expect_err("bad time");
    assert_eq!(err.path().to_string(), "namespaces[1].createTime");
}

#[test]
fn artifact_storage_listing_decodes() {
    // Shape used by 3bit-techs/vvpctl (createTime as `%Y-%m-%dT%H:%M:%SZ`).
    let value = json!({"artifacts": [
        {"filename": "job-1.jar", "createTime": "2021-05-04T10:11:12Z", "uri": "s3://b/artifacts/namespaces/default/job-1.jar"}
    ]});
    let list: Many<StoredArtifact> = round_trip("artifacts", &value);
    assert_eq!(list.items[0].filename.as_deref(), Some("job-1.jar"));
    let up: One<StoredArtifact> =
        round_trip("upload", &json!({"artifact": {"uri": "s3://b/x.jar"}}));
    assert_eq!(up.item.uri.as_deref(), Some("s3://b/x.jar"));
}
