//! A tiny, plausible judgement of Flink SQL for `sqlscripts:validate|execute|suggest`, and
//! the built-in `vvp` catalog it feeds (`CREATE TABLE` / `CREATE FUNCTION`). Not a parser:
//! statements are classified by their first keyword, DDL is read just far enough to keep
//! the catalog.

use serde_json::{json, Map, Value};

use super::state::Ns;

/// The only catalog of the fake.
pub(crate) const CATALOG: &str = "vvp";

/// Most tables or functions per database.
const MAX_CATALOG_OBJECTS: usize = 5_000;

/// Where an error is, 1-based (0 when not tied to a position, like a real server).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SqlError {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
}

impl SqlError {
    fn semantic(message: String) -> SqlError {
        SqlError {
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            message,
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "lineNumber": self.line,
            "columnNumber": self.column,
            "endLineNumber": self.end_line,
            "endColumnNumber": self.end_column,
            "message": self.message,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Select,
    Insert,
    Ddl,
    Command,
}

/// The statement without `--` comments, trimmed, without a trailing `;`.
fn clean(stmt: &str) -> String {
    let no_comments: Vec<&str> = stmt
        .lines()
        .map(|l| match l.find("--") {
            Some(i) if !in_quotes(l, i) => l.get(..i).unwrap_or(l),
            _ => l,
        })
        .collect();
    no_comments
        .join("\n")
        .trim()
        .trim_end_matches(';')
        .trim()
        .to_string()
}

/// Whether byte `i` of `l` lies inside a `'...'` literal.
fn in_quotes(l: &str, i: usize) -> bool {
    l.get(..i)
        .map(|p| p.matches('\'').count() % 2 == 1)
        .unwrap_or(false)
}

/// 1-based (line, column) of the first non-blank character of `s`.
fn first_token_pos(s: &str) -> (usize, usize) {
    for (li, line) in s.lines().enumerate() {
        if let Some(ci) = line.find(|c: char| !c.is_whitespace()) {
            return (
                li + 1,
                line.get(..ci).map(|p| p.chars().count()).unwrap_or(0) + 1,
            );
        }
    }
    (1, 1)
}

fn parse_error(original: &str, word: &str) -> SqlError {
    let (line, column) = first_token_pos(original);
    let len = word.chars().count().max(1);
    SqlError {
        line,
        column,
        end_line: line,
        end_column: column + len - 1,
        message: format!(
            "SQL parse failed. Encountered \"{word}\" at line {line}, column {column}."
        ),
    }
}

/// Unbalanced parentheses or an open string literal.
fn balance_error(s: &str) -> Option<SqlError> {
    let mut depth: i64 = 0;
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            break;
        }
    }
    if depth == 0 && !quoted {
        return None;
    }
    let lines = s.lines().count().max(1);
    let last = s.lines().last().map(|l| l.chars().count()).unwrap_or(0);
    Some(SqlError {
        line: lines,
        column: last,
        end_line: lines,
        end_column: last,
        message: format!("SQL parse failed. Encountered \"<EOF>\" at line {lines}, column {last}."),
    })
}

fn first_word(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '(')
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_string()
}

fn classify(original: &str, s: &str) -> Result<Class, SqlError> {
    if s.is_empty() {
        return Err(SqlError {
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            message: "SQL parse failed. Encountered \"<EOF>\" at line 1, column 1.".into(),
        });
    }
    if s.starts_with('(') {
        return Ok(Class::Select);
    }
    let word = first_word(s);
    let class = match word.to_ascii_uppercase().as_str() {
        "SELECT" | "WITH" | "VALUES" => Class::Select,
        "INSERT" | "BEGIN" | "EXECUTE" => Class::Insert,
        "CREATE" | "DROP" | "ALTER" => Class::Ddl,
        "SHOW" | "DESCRIBE" | "DESC" | "USE" | "SET" | "RESET" | "EXPLAIN" | "LOAD" | "UNLOAD" => {
            Class::Command
        }
        _ => return Err(parse_error(original, &word)),
    };
    if let Some(e) = balance_error(s) {
        return Err(e);
    }
    Ok(class)
}

/// A lexer good enough for DDL heads: identifiers (plain or back-quoted), `.`, `(`,
/// `)`, `,`, `=`, string literals and other words.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Quoted(String),
    Str(String),
    Sym(char),
}

fn lex(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut it = s.chars().peekable();
    while let Some(&c) = it.peek() {
        if c.is_whitespace() {
            it.next();
        } else if c == '`' {
            it.next();
            let mut w = String::new();
            for d in it.by_ref() {
                if d == '`' {
                    break;
                }
                w.push(d);
            }
            out.push(Tok::Quoted(w));
        } else if c == '\'' {
            it.next();
            let mut w = String::new();
            while let Some(d) = it.next() {
                if d == '\'' {
                    if it.peek() == Some(&'\'') {
                        it.next();
                        w.push('\'');
                        continue;
                    }
                    break;
                }
                w.push(d);
            }
            out.push(Tok::Str(w));
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let mut w = String::new();
            while let Some(&d) = it.peek() {
                if d.is_alphanumeric() || d == '_' || d == '$' {
                    w.push(d);
                    it.next();
                } else {
                    break;
                }
            }
            out.push(Tok::Word(w));
        } else {
            out.push(Tok::Sym(c));
            it.next();
        }
        if out.len() > 100_000 {
            break;
        }
    }
    out
}

fn is_kw(t: Option<&Tok>, kw: &str) -> bool {
    matches!(t, Some(Tok::Word(w)) if w.eq_ignore_ascii_case(kw))
}

/// Reads `a`, `a.b` or `a.b.c` at `toks[*i]`.
fn ident(toks: &[Tok], i: &mut usize) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    loop {
        match toks.get(*i) {
            Some(Tok::Word(w) | Tok::Quoted(w)) => parts.push(w.clone()),
            _ => return (!parts.is_empty()).then_some(parts),
        }
        *i += 1;
        if toks.get(*i) == Some(&Tok::Sym('.')) && parts.len() < 3 {
            *i += 1;
        } else {
            return Some(parts);
        }
    }
}

/// Resolves an identifier to (catalog, database, object).
fn resolve(
    parts: &[String],
    catalog: &str,
    database: &str,
) -> Result<(String, String, String), SqlError> {
    let (c, d, o) = match parts {
        [o] => (catalog.to_string(), database.to_string(), o.clone()),
        [d, o] => (catalog.to_string(), d.clone(), o.clone()),
        [c, d, o] => (c.clone(), d.clone(), o.clone()),
        _ => return Err(SqlError::semantic("Invalid identifier.".into())),
    };
    if c != CATALOG {
        return Err(SqlError::semantic(format!("Catalog {c} does not exist.")));
    }
    Ok((c, d, o))
}

fn check_database(ns_name: &str, d: &str) -> Result<(), SqlError> {
    if d == ns_name {
        Ok(())
    } else {
        Err(SqlError::semantic(format!(
            "Database {d} does not exist in Catalog {CATALOG}."
        )))
    }
}

/// What a DDL/command statement means for the catalog.
enum Action {
    CreateTable {
        db: String,
        table: Value,
        if_not_exists: bool,
    },
    DropTable {
        db: String,
        name: String,
        if_exists: bool,
    },
    CreateFunction {
        db: String,
        function: Value,
        if_not_exists: bool,
    },
    DropFunction {
        db: String,
        name: String,
        if_exists: bool,
    },
    ShowTables,
    ShowFunctions,
    ShowDatabases,
    ShowCatalogs,
    Describe {
        db: String,
        name: String,
    },
    Nothing,
}

fn norm_type(t: &str) -> String {
    let u = t.trim().to_ascii_uppercase();
    match u.as_str() {
        "STRING" => "VARCHAR(2147483647)".into(),
        "BYTES" => "VARBINARY(2147483647)".into(),
        _ => u,
    }
}

/// Splits the tokens between `(` at `start` and its matching `)` by top-level commas.
fn paren_items(toks: &[Tok], start: usize) -> (Vec<Vec<Tok>>, usize) {
    let mut items = vec![Vec::new()];
    let mut depth = 0usize;
    let mut i = start;
    while let Some(t) = toks.get(i) {
        match t {
            Tok::Sym('(') => {
                depth += 1;
                if depth > 1 {
                    if let Some(last) = items.last_mut() {
                        last.push(t.clone());
                    }
                }
            }
            Tok::Sym(')') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (items, i + 1);
                }
                if let Some(last) = items.last_mut() {
                    last.push(t.clone());
                }
            }
            Tok::Sym(',') if depth == 1 => items.push(Vec::new()),
            _ => {
                if let Some(last) = items.last_mut() {
                    last.push(t.clone());
                }
            }
        }
        i += 1;
    }
    (items, i)
}

fn render(toks: &[Tok]) -> String {
    let mut s = String::new();
    for t in toks {
        let piece = match t {
            Tok::Word(w) => w.clone(),
            Tok::Quoted(w) => format!("`{w}`"),
            Tok::Str(w) => format!("'{}'", w.replace('\'', "''")),
            Tok::Sym(c) => c.to_string(),
        };
        let glue = matches!(t, Tok::Sym('(' | ')' | ',' | '.'))
            || s.ends_with('(')
            || s.ends_with('.')
            || s.is_empty();
        if !glue {
            s.push(' ');
        }
        s.push_str(&piece);
    }
    s
}

fn tok_name(t: Option<&Tok>) -> Option<String> {
    match t {
        Some(Tok::Word(w) | Tok::Quoted(w)) => Some(w.clone()),
        _ => None,
    }
}

fn parse_create_table(
    toks: &[Tok],
    mut i: usize,
    catalog: &str,
    database: &str,
) -> Result<Action, SqlError> {
    let mut if_not_exists = false;
    if is_kw(toks.get(i), "IF") && is_kw(toks.get(i + 1), "NOT") && is_kw(toks.get(i + 2), "EXISTS")
    {
        if_not_exists = true;
        i += 3;
    }
    let parts = ident(toks, &mut i)
        .ok_or_else(|| SqlError::semantic("SQL parse failed. Expected a table name.".into()))?;
    let (_, db, name) = resolve(&parts, catalog, database)?;
    let mut schema = json!({"column": [], "watermarkSpec": []});
    if toks.get(i) == Some(&Tok::Sym('(')) {
        let (items, next) = paren_items(toks, i);
        i = next;
        schema = table_schema(&items);
    }
    let mut comment = String::new();
    if is_kw(toks.get(i), "COMMENT") {
        if let Some(Tok::Str(c)) = toks.get(i + 1) {
            comment = c.clone();
        }
        i += 2;
    }
    let mut properties = Map::new();
    if is_kw(toks.get(i), "WITH") && toks.get(i + 1) == Some(&Tok::Sym('(')) {
        let (items, _) = paren_items(toks, i + 1);
        for item in items {
            if let [Tok::Str(k), Tok::Sym('='), Tok::Str(v)] = item.as_slice() {
                properties.insert(k.clone(), json!(v));
            }
        }
    }
    Ok(Action::CreateTable {
        db,
        table: json!({"name": name, "schema": schema, "properties": properties, "comment": comment}),
        if_not_exists,
    })
}

/// The schema of `CREATE TABLE t (...)` from its comma-separated items: physical and
/// computed columns, watermarks, the primary key.
fn table_schema(items: &[Vec<Tok>]) -> Value {
    let mut columns = Vec::new();
    let mut watermarks = Vec::new();
    let mut primary_key = None;
    for item in items.iter().filter(|it| !it.is_empty()) {
        let first = item.first();
        if is_kw(first, "WATERMARK") {
            // WATERMARK FOR col AS expr
            let col = tok_name(item.get(2)).unwrap_or_default();
            let expr = item.get(4..).map(render).unwrap_or_default();
            watermarks.push(json!({"timeColumn": col, "watermarkExpression": expr, "watermarkType": "TIMESTAMP(3)"}));
        } else if is_kw(first, "PRIMARY") || is_kw(first, "CONSTRAINT") {
            let cols: Vec<String> = match item.iter().position(|t| t == &Tok::Sym('(')) {
                Some(p) => paren_items(item, p)
                    .0
                    .iter()
                    .filter_map(|c| tok_name(c.first()))
                    .collect(),
                None => Vec::new(),
            };
            let cname = if is_kw(first, "CONSTRAINT") {
                tok_name(item.get(1))
            } else {
                None
            };
            primary_key = Some(json!({
                "name": cname.unwrap_or_else(|| format!("PK_{}", cols.join("_"))),
                "type": "CONSTRAINT_TYPE_PRIMARY_KEY",
                "column": cols,
                "enforced": false,
            }));
        } else if let Some(col) = tok_name(first) {
            let rest = item.get(1..).unwrap_or_default();
            if is_kw(rest.first(), "AS") {
                columns.push(json!({"name": col, "type": "", "expression": render(rest.get(1..).unwrap_or_default())}));
            } else {
                columns
                    .push(json!({"name": col, "type": norm_type(&render(rest)), "expression": ""}));
            }
        }
    }
    let mut schema = json!({"column": columns, "watermarkSpec": watermarks});
    if let (Some(pk), Some(m)) = (primary_key, schema.as_object_mut()) {
        m.insert("primaryKey".into(), pk);
    }
    schema
}

/// Reads what a DDL/command statement does.
fn analyse(s: &str, catalog: &str, database: &str) -> Result<Action, SqlError> {
    let toks = lex(s);
    let kw = |i: usize, k: &str| is_kw(toks.get(i), k);
    if kw(0, "CREATE") {
        let i = if kw(1, "TEMPORARY") { 2 } else { 1 };
        if kw(i, "TABLE") {
            return parse_create_table(&toks, i + 1, catalog, database);
        }
        if kw(i, "FUNCTION") {
            return parse_create_function(&toks, i + 1, catalog, database);
        }
        return Ok(Action::Nothing);
    }
    if kw(0, "DROP") {
        return parse_drop(&toks, catalog, database);
    }
    if kw(0, "SHOW") {
        return Ok(if kw(1, "TABLES") {
            Action::ShowTables
        } else if kw(1, "FUNCTIONS") || kw(2, "FUNCTIONS") {
            Action::ShowFunctions
        } else if kw(1, "DATABASES") {
            Action::ShowDatabases
        } else if kw(1, "CATALOGS") {
            Action::ShowCatalogs
        } else {
            Action::Nothing
        });
    }
    if kw(0, "DESCRIBE") || kw(0, "DESC") {
        let mut i = 1;
        let parts = ident(&toks, &mut i)
            .ok_or_else(|| SqlError::semantic("SQL parse failed. Expected a table name.".into()))?;
        let (_, db, name) = resolve(&parts, catalog, database)?;
        return Ok(Action::Describe { db, name });
    }
    Ok(Action::Nothing)
}

/// `CREATE FUNCTION [IF NOT EXISTS] name AS 'class' [LANGUAGE JAVA|SCALA|PYTHON]`, from
/// the token after `FUNCTION`.
fn parse_create_function(
    toks: &[Tok],
    mut i: usize,
    catalog: &str,
    database: &str,
) -> Result<Action, SqlError> {
    let kw = |i: usize, k: &str| is_kw(toks.get(i), k);
    let mut if_not_exists = false;
    if kw(i, "IF") && kw(i + 1, "NOT") && kw(i + 2, "EXISTS") {
        if_not_exists = true;
        i += 3;
    }
    let parts = ident(toks, &mut i)
        .ok_or_else(|| SqlError::semantic("SQL parse failed. Expected a function name.".into()))?;
    let (_, db, name) = resolve(&parts, catalog, database)?;
    let class = match (toks.get(i), toks.get(i + 1)) {
        (Some(Tok::Word(a)), Some(Tok::Str(c))) if a.eq_ignore_ascii_case("AS") => c.clone(),
        _ => {
            return Err(SqlError::semantic(
                "SQL parse failed. Expected AS '<class name>'.".into(),
            ))
        }
    };
    let language = match tok_name(toks.get(i + 3)).map(|l| l.to_ascii_uppercase()) {
        Some(l) if kw(i + 2, "LANGUAGE") && l == "SCALA" => "FUNCTION_LANGUAGE_SCALA",
        Some(l) if kw(i + 2, "LANGUAGE") && l == "PYTHON" => "FUNCTION_LANGUAGE_PYTHON",
        _ => "FUNCTION_LANGUAGE_JAVA",
    };
    Ok(Action::CreateFunction {
        db,
        function: json!({"name": name, "className": class, "functionLanguage": language, "functionType": "FUNCTION_TYPE_FLINK", "description": ""}),
        if_not_exists,
    })
}

/// `DROP [TEMPORARY] TABLE|FUNCTION [IF EXISTS] name`.
fn parse_drop(toks: &[Tok], catalog: &str, database: &str) -> Result<Action, SqlError> {
    let kw = |i: usize, k: &str| is_kw(toks.get(i), k);
    let mut i = 1;
    if kw(i, "TEMPORARY") {
        i += 1;
    }
    let table = kw(i, "TABLE");
    let function = kw(i, "FUNCTION");
    if !table && !function {
        return Ok(Action::Nothing);
    }
    i += 1;
    let mut if_exists = false;
    if kw(i, "IF") && kw(i + 1, "EXISTS") {
        if_exists = true;
        i += 2;
    }
    let parts = ident(toks, &mut i)
        .ok_or_else(|| SqlError::semantic("SQL parse failed. Expected a name.".into()))?;
    let (_, db, name) = resolve(&parts, catalog, database)?;
    Ok(if table {
        Action::DropTable {
            db,
            name,
            if_exists,
        }
    } else {
        Action::DropFunction {
            db,
            name,
            if_exists,
        }
    })
}

/// The table an INSERT writes into, if it can be read.
fn insert_target(
    s: &str,
    catalog: &str,
    database: &str,
) -> Option<Result<(String, String), SqlError>> {
    let toks = lex(s);
    let at = toks
        .iter()
        .position(|t| matches!(t, Tok::Word(w) if w.eq_ignore_ascii_case("INTO")))?;
    let mut i = at + 1;
    let parts = ident(&toks, &mut i)?;
    Some(resolve(&parts, catalog, database).map(|(_, d, t)| (d, t)))
}

fn find_named<'a>(list: Option<&'a Vec<Value>>, name: &str) -> Option<&'a Value> {
    list?
        .iter()
        .find(|t| t.get("name").and_then(Value::as_str) == Some(name))
}

/// Checks a statement against the catalog; on success the class and the action.
fn judge(
    ns: &Ns,
    ns_name: &str,
    catalog: &str,
    database: &str,
    stmt: &str,
) -> Result<(Class, Action), SqlError> {
    let s = clean(stmt);
    let class = classify(stmt, &s)?;
    match class {
        Class::Insert => {
            if let Some(target) = insert_target(&s, catalog, database) {
                let (db, t) = target?;
                check_database(ns_name, &db)?;
                if find_named(ns.tables.get(&db), &t).is_none() {
                    return Err(SqlError::semantic(format!(
                        "Object '{t}' not found within '{CATALOG}.{db}'"
                    )));
                }
            }
            Ok((class, Action::Nothing))
        }
        Class::Select => Ok((class, Action::Nothing)),
        Class::Ddl | Class::Command => {
            let action = analyse(&s, catalog, database)?;
            check_action(ns, ns_name, &action)?;
            Ok((class, action))
        }
    }
}

/// Whether a DDL statement can run against the namespace's catalog: its database
/// exists, and what it creates does not (unless `IF NOT EXISTS`), what it drops or
/// describes does (unless `IF EXISTS`).
fn check_action(ns: &Ns, ns_name: &str, action: &Action) -> Result<(), SqlError> {
    match action {
        Action::CreateTable {
            db,
            table,
            if_not_exists,
        } => {
            check_database(ns_name, db)?;
            let name = table
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !if_not_exists && find_named(ns.tables.get(db), name).is_some() {
                return Err(SqlError::semantic(format!(
                    "Table `{CATALOG}`.`{db}`.`{name}` already exists."
                )));
            }
        }
        Action::DropTable {
            db,
            name,
            if_exists,
        } => {
            check_database(ns_name, db)?;
            if !if_exists && find_named(ns.tables.get(db), name).is_none() {
                return Err(SqlError::semantic(format!(
                    "Table with identifier '{CATALOG}.{db}.{name}' does not exist."
                )));
            }
        }
        Action::CreateFunction {
            db,
            function,
            if_not_exists,
        } => {
            check_database(ns_name, db)?;
            let name = function
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !if_not_exists && find_named(ns.functions.get(db), name).is_some() {
                return Err(SqlError::semantic(format!(
                    "Function {CATALOG}.{db}.{name} already exists."
                )));
            }
        }
        Action::DropFunction {
            db,
            name,
            if_exists,
        } => {
            check_database(ns_name, db)?;
            if !if_exists && find_named(ns.functions.get(db), name).is_none() {
                return Err(SqlError::semantic(format!(
                    "Function {CATALOG}.{db}.{name} does not exist."
                )));
            }
        }
        Action::Describe { db, name } => {
            check_database(ns_name, db)?;
            if find_named(ns.tables.get(db), name).is_none() {
                return Err(SqlError::semantic(format!(
                    "Tables or views with the identifier '{CATALOG}.{db}.{name}' doesn't exist"
                )));
            }
        }
        _ => {}
    }
    Ok(())
}

/// `sqlscripts:validate`.
pub(crate) fn validate(ns: &Ns, ns_name: &str, catalog: &str, database: &str, stmt: &str) -> Value {
    match judge(ns, ns_name, catalog, database, stmt) {
        Ok((class, _)) => {
            let r = match class {
                Class::Select => "VALIDATION_RESULT_VALID_SELECT_QUERY",
                Class::Insert => "VALIDATION_RESULT_VALID_INSERT_QUERY",
                Class::Ddl => "VALIDATION_RESULT_VALID_DDL_STATEMENT",
                Class::Command => "VALIDATION_RESULT_VALID_COMMAND_STATEMENT",
            };
            json!({"validationResult": r})
        }
        Err(e) => {
            json!({"validationResult": "VALIDATION_RESULT_INVALID_QUERY", "errorDetails": e.to_json()})
        }
    }
}

fn rows(header: &str, values: Vec<String>) -> Value {
    let rows: Vec<Value> = values
        .into_iter()
        .map(|v| json!({"cells": [{"value": v}]}))
        .collect();
    json!({"result": "RESULT_SUCCESS_WITH_ROWS", "resultTable": {"headers": [{"name": header}], "rows": rows}})
}

fn names(list: Option<&Vec<Value>>) -> Vec<String> {
    list.map(|l| {
        l.iter()
            .filter_map(|t| t.get("name").and_then(Value::as_str).map(str::to_string))
            .collect()
    })
    .unwrap_or_default()
}

/// `sqlscripts:execute`: runs DDL against the catalog.
pub(crate) fn execute(
    ns: &mut Ns,
    ns_name: &str,
    catalog: &str,
    database: &str,
    stmt: &str,
) -> Value {
    let (class, action) = match judge(ns, ns_name, catalog, database, stmt) {
        Ok(x) => x,
        Err(e) => {
            return json!({"result": "RESULT_ERROR_WITH_DETAILS", "errorMessage": e.to_json()})
        }
    };
    if matches!(class, Class::Select | Class::Insert) {
        let e = SqlError::semantic("Queries cannot be executed here; deploy them as a Deployment with a SQLSCRIPT artifact.".into());
        return json!({"result": "RESULT_ERROR_WITH_DETAILS", "errorMessage": e.to_json()});
    }
    match action {
        Action::CreateTable { db, table, .. } => {
            add_named(ns.tables.entry(db).or_default(), table);
            json!({"result": "RESULT_SUCCESS"})
        }
        Action::DropTable { db, name, .. } => {
            remove_named(ns.tables.get_mut(&db), &name);
            json!({"result": "RESULT_SUCCESS"})
        }
        Action::CreateFunction { db, function, .. } => {
            add_named(ns.functions.entry(db).or_default(), function);
            json!({"result": "RESULT_SUCCESS"})
        }
        Action::DropFunction { db, name, .. } => {
            remove_named(ns.functions.get_mut(&db), &name);
            json!({"result": "RESULT_SUCCESS"})
        }
        Action::ShowTables => rows("table name", names(ns.tables.get(database))),
        Action::ShowFunctions => rows("function name", names(ns.functions.get(database))),
        Action::ShowDatabases => rows("database name", vec![ns_name.to_string()]),
        Action::ShowCatalogs => rows("catalog name", vec![CATALOG.to_string()]),
        Action::Describe { db, name } => describe(ns, &db, &name),
        Action::Nothing => json!({"result": "RESULT_SUCCESS"}),
    }
}

/// Adds a catalog object unless one of that name exists (or the list is full).
fn add_named(list: &mut Vec<Value>, obj: Value) {
    let name = obj.get("name").and_then(Value::as_str);
    if list.len() < MAX_CATALOG_OBJECTS
        && !list
            .iter()
            .any(|t| t.get("name").and_then(Value::as_str) == name)
    {
        list.push(obj);
    }
}

/// Removes the catalog object named `name`, if any.
fn remove_named(list: Option<&mut Vec<Value>>, name: &str) {
    if let Some(l) = list {
        l.retain(|t| t.get("name").and_then(Value::as_str) != Some(name));
    }
}

/// `DESCRIBE t`: one row per column (name, type, computed expression, watermark).
fn describe(ns: &Ns, db: &str, name: &str) -> Value {
    let table = find_named(ns.tables.get(db), name)
        .cloned()
        .unwrap_or(Value::Null);
    let wm_cols: Vec<String> = table
        .pointer("/schema/watermarkSpec")
        .and_then(Value::as_array)
        .map(|w| {
            w.iter()
                .filter_map(|x| {
                    x.get("timeColumn")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    let headers = [
        "name",
        "type",
        "null",
        "key",
        "computed column",
        "watermark",
    ];
    let rows: Vec<Value> = table
        .pointer("/schema/column")
        .and_then(Value::as_array)
        .map(|cols| {
            cols.iter()
                .map(|c| {
                    let n = c.get("name").and_then(Value::as_str).unwrap_or_default();
                    let cells = [
                        n.to_string(),
                        c.get("type")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string(),
                        "true".to_string(),
                        String::new(),
                        c.get("expression")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string(),
                        if wm_cols.iter().any(|w| w == n) {
                            "WATERMARK".to_string()
                        } else {
                            String::new()
                        },
                    ];
                    json!({"cells": cells.iter().map(|v| json!({"value": v})).collect::<Vec<_>>()})
                })
                .collect()
        })
        .unwrap_or_default();
    json!({
        "result": "RESULT_SUCCESS_WITH_ROWS",
        "resultTable": {"headers": headers.iter().map(|h| json!({"name": h})).collect::<Vec<_>>(), "rows": rows},
    })
}

const KEYWORDS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "GROUP",
    "BY",
    "ORDER",
    "HAVING",
    "INSERT",
    "INTO",
    "VALUES",
    "CREATE",
    "TABLE",
    "VIEW",
    "FUNCTION",
    "DROP",
    "ALTER",
    "WITH",
    "AS",
    "JOIN",
    "LEFT",
    "RIGHT",
    "INNER",
    "ON",
    "UNION",
    "ALL",
    "DISTINCT",
    "LIMIT",
    "SHOW",
    "TABLES",
    "DESCRIBE",
    "SET",
    "WATERMARK",
    "FOR",
    "PRIMARY",
    "KEY",
    "NOT",
    "ENFORCED",
    "INTERVAL",
    "TUMBLE",
    "HOP",
    "CAST",
    "COUNT",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
];

/// `sqlscripts:suggest`.
pub(crate) fn suggest(ns: &Ns, ns_name: &str, script: &str, position: usize) -> Value {
    let before: String = script.chars().take(position).collect();
    let prefix: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let up = prefix.to_ascii_uppercase();
    let mut out = Vec::new();
    for t in names(ns.tables.get(ns_name)) {
        if t.to_ascii_uppercase().starts_with(&up) {
            out.push(json!({"text": t, "type": "HINT_TYPE_TABLE"}));
        }
    }
    for f in names(ns.functions.get(ns_name)) {
        if f.to_ascii_uppercase().starts_with(&up) {
            out.push(json!({"text": f, "type": "HINT_TYPE_FUNCTION"}));
        }
    }
    if !up.is_empty() {
        for k in KEYWORDS {
            if k.starts_with(&up) && *k != up {
                out.push(json!({"text": k, "type": "HINT_TYPE_KEYWORD"}));
            }
        }
    }
    json!({"completions": out})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_and_locates_garbage() {
        let ns = Ns::default();
        let v = validate(&ns, "default", CATALOG, "default", "  \n  selec 1");
        assert_eq!(v["validationResult"], "VALIDATION_RESULT_INVALID_QUERY");
        assert_eq!(v["errorDetails"]["lineNumber"], 2);
        assert_eq!(v["errorDetails"]["columnNumber"], 3);
        assert_eq!(v["errorDetails"]["endColumnNumber"], 7);
        let v = validate(&ns, "default", CATALOG, "default", "SELECT 1;");
        assert_eq!(
            v["validationResult"],
            "VALIDATION_RESULT_VALID_SELECT_QUERY"
        );
        let v = validate(&ns, "default", CATALOG, "default", "SELECT (1");
        assert_eq!(v["validationResult"], "VALIDATION_RESULT_INVALID_QUERY");
    }

    #[test]
    fn create_table_reads_columns_and_options() {
        let mut ns = Ns::default();
        let r = execute(
            &mut ns,
            "default",
            CATALOG,
            "default",
            "CREATE TABLE `vvp`.`default`.`t` (id INT, name STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'datagen', 'rows-per-second' = '5')",
        );
        assert_eq!(r["result"], "RESULT_SUCCESS");
        let t = &ns.tables["default"][0];
        assert_eq!(t["name"], "t");
        assert_eq!(t["schema"]["column"][1]["type"], "VARCHAR(2147483647)");
        assert_eq!(t["schema"]["column"][2]["type"], "TIMESTAMP(3)");
        assert_eq!(t["schema"]["watermarkSpec"][0]["timeColumn"], "ts");
        assert_eq!(t["schema"]["primaryKey"]["column"][0], "id");
        assert_eq!(t["properties"]["connector"], "datagen");
        let again = validate(&ns, "default", CATALOG, "default", "CREATE TABLE t (x INT)");
        assert_eq!(again["validationResult"], "VALIDATION_RESULT_INVALID_QUERY");
        assert_eq!(
            again["errorDetails"]["message"],
            "Table `vvp`.`default`.`t` already exists."
        );
    }
}
