//! SQL: save a SQL script, validate its statements, run its DDL, look at the catalog.
//!
//! Saves a script that creates a table with Flink's `datagen` connector and selects from
//! it, validates each statement (and a broken one, to show where an error is reported),
//! executes the `CREATE TABLE` plus `SHOW TABLES` and `DESCRIBE`, lists the catalogs and the
//! tables of the default database, then drops the table and deletes the script.
//!
//! ```sh
//! cargo run --example sql
//! ```
//!
//! runs against the built-in fake platform; set `VVP_URL` (and `VVP_TOKEN`,
//! `VVP_NAMESPACE`) to run it against a real one. It uses the names `vvp-example-sql`
//! (script) and `vvp_example_cars` (table) and removes both at the end, also when a step
//! fails.

mod common;

use std::error::Error;
use std::process::ExitCode;

use vvp::platform::types::{ExecuteStatementResponse, ResultTable, SqlScript};
use vvp::platform::SqlScriptsApi;

/// The saved script's name.
const SCRIPT: &str = "vvp-example-sql";
/// The table the script creates.
const TABLE: &str = "vvp_example_cars";

const CREATE_TABLE: &str = "CREATE TABLE vvp_example_cars (
  car_id INT,
  speed DOUBLE,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '10',
  'fields.car_id.min' = '1',
  'fields.car_id.max' = '5'
)";

const SELECT: &str = "SELECT car_id, MAX(speed) AS top_speed
FROM vvp_example_cars
GROUP BY car_id";

/// A statement with a mistake, to show how the server points at it.
const BROKEN: &str = "SELECT car_id, MAX(speed FROM vvp_example_cars GROUP BY car_id";

#[tokio::main]
async fn main() -> ExitCode {
    common::exit_code(run().await)
}

/// What this run created, so that a failed run removes exactly that.
#[derive(Default)]
struct Created {
    script: bool,
    table: bool,
}

async fn run() -> Result<(), Box<dyn Error>> {
    let env = common::connect().await?;
    let sql = env.client.sql_scripts(env.namespace.as_str());
    let mut created = Created::default();
    if let Err(e) = walk_through(&env, &sql, &mut created).await {
        if created.script || created.table {
            eprintln!("A step failed; removing what this run created.");
        }
        clean_up(&sql, &created).await;
        return Err(e);
    }
    env.finish();
    Ok(())
}

async fn walk_through(
    env: &common::Env,
    sql: &SqlScriptsApi,
    created: &mut Created,
) -> Result<(), Box<dyn Error>> {
    // 1. Save the script (what the SQL editor keeps).
    let script = SqlScript {
        name: Some(SCRIPT.to_owned()),
        display_name: Some("vvp example: top speed per car".to_owned()),
        script: Some(format!("{CREATE_TABLE};\n\n{SELECT};\n")),
        ..SqlScript::default()
    };
    let saved = sql.create(&script).await?;
    created.script = true;
    println!(
        "Saved SQL script {} ({} lines)",
        saved.short_name().unwrap_or(SCRIPT),
        saved.script.as_deref().unwrap_or("").lines().count()
    );

    // 2. Validate and run the DDL. Validation is per statement.
    validate(sql, "CREATE TABLE", CREATE_TABLE).await?;
    let answer = sql.execute(CREATE_TABLE).await?;
    print_execution("CREATE TABLE", &answer);
    if !answer.is_success() {
        return Err(format!("could not create table {TABLE}").into());
    }
    created.table = true;

    // 3. The query is valid now that its table exists. Queries are not executed here: they
    //    run as Deployments (artifact kind SQLSCRIPT) or in the editor's preview.
    validate(sql, "SELECT", SELECT).await?;
    validate(sql, "a SELECT missing a parenthesis", BROKEN).await?;

    // 4. Statements that return rows.
    for statement in ["SHOW TABLES", &format!("DESCRIBE {TABLE}")] {
        let answer = sql.execute(statement).await?;
        print_execution(statement, &answer);
    }

    // 5. The catalogs, and the tables of the default database.
    let catalogs = env.client.catalogs(env.namespace.as_str());
    let names: Vec<String> = catalogs
        .list()
        .await?
        .into_iter()
        .filter_map(|c| c.name)
        .map(|n| short(&n).to_owned())
        .collect();
    println!("Catalogs: {}", names.join(", "));
    let catalog = names
        .iter()
        .find(|n| n.as_str() == "vvp")
        .or(names.first())
        .ok_or("the namespace has no catalog")?;
    let tables = catalogs.list_tables(catalog, None).await?;
    println!(
        "Tables in the default database of catalog {catalog}: {}",
        tables.len()
    );
    for table in &tables {
        let columns: Vec<String> = table
            .schema
            .iter()
            .flat_map(|s| s.column.iter())
            .map(|c| {
                format!(
                    "{} {}",
                    c.name.as_deref().unwrap_or("?"),
                    c.type_.as_deref().unwrap_or("?")
                )
            })
            .collect();
        let name = table.name.as_deref().map(short).unwrap_or("(unnamed)");
        println!("  {name} ({})", columns.join(", "));
    }

    // 6. Clean up: drop the table, delete the script.
    let drop = format!("DROP TABLE {TABLE}");
    let answer = sql.execute(&drop).await?;
    print_execution(&drop, &answer);
    if !answer.is_success() {
        return Err(format!("could not drop table {TABLE}").into());
    }
    created.table = false;
    sql.delete(SCRIPT).await?;
    created.script = false;
    println!("Deleted SQL script {SCRIPT}");
    Ok(())
}

/// Best effort after a failure; problems are reported, not returned.
async fn clean_up(sql: &SqlScriptsApi, created: &Created) {
    if created.table {
        match sql.execute(&format!("DROP TABLE {TABLE}")).await {
            Ok(a) if a.is_success() => eprintln!("Dropped table {TABLE}"),
            Ok(_) => eprintln!("Could not drop table {TABLE}"),
            Err(e) => eprintln!("Could not drop table {TABLE}: {e}"),
        }
    }
    if created.script {
        match sql.delete(SCRIPT).await {
            Ok(()) => eprintln!("Deleted SQL script {SCRIPT}"),
            Err(e) => eprintln!("Could not delete SQL script {SCRIPT}: {e}"),
        }
    }
}

/// Validate `statement` and print the verdict; an invalid statement is a normal answer
/// (with the position of the problem), not an error.
async fn validate(sql: &SqlScriptsApi, what: &str, statement: &str) -> Result<(), vvp::Error> {
    let verdict = sql.validate(statement).await?;
    let result = verdict
        .validation_result
        .as_ref()
        .map_or("(no verdict)", |r| r.as_str());
    let valid = if verdict.is_valid() {
        "valid"
    } else {
        "invalid"
    };
    println!("Validated {what}: {valid} ({result})");
    if let Some(d) = &verdict.error_details {
        println!(
            "  at line {}, column {}: {}",
            number(d.line_number),
            number(d.column_number),
            d.message.as_deref().unwrap_or("(no message)")
        );
    }
    Ok(())
}

/// Print the outcome of an executed statement, with its rows as a table.
fn print_execution(what: &str, answer: &ExecuteStatementResponse) {
    let result = answer.result.as_ref().map_or("(no result)", |r| r.as_str());
    println!("Executed {what}: {result}");
    if let Some(e) = &answer.error_message {
        println!("  {}", e.message.as_deref().unwrap_or("(no message)"));
    }
    if let Some(table) = &answer.result_table {
        print_table(table);
    }
}

/// Rows as an aligned text table, indented by two spaces.
fn print_table(table: &ResultTable) {
    let headers = table.header_names();
    let rows = table.values();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            let w = cell.chars().count();
            match widths.get_mut(i) {
                Some(max) => *max = (*max).max(w),
                None => widths.push(w),
            }
        }
    }
    let line = |cells: &[&str]| {
        let padded: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| format!("{:<w$}", cells.get(i).copied().unwrap_or("")))
            .collect();
        println!("  | {} |", padded.join(" | "));
    };
    line(&headers);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    println!("  |-{}-|", rule.join("-|-"));
    for row in &rows {
        line(row);
    }
}

/// The last segment of a possibly fully-qualified name (`namespaces/default/catalogs/vvp`).
fn short(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// A 1-based position; 0 or missing means unknown.
fn number(n: Option<i32>) -> String {
    match n {
        Some(n) if n > 0 => n.to_string(),
        _ => "?".to_owned(),
    }
}
