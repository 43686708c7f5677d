//! `cargo xtask`: the command line over the `graph-codegen` library. It parses arguments,
//! calls the library and reports; all the work lives in the library.
//!
//! Tasks: `codegen` (generate, or `--check` that `generated/` is fresh) and `drift` (drift
//! reports: `drift docs`, pages against metadata; `drift schema`, metadata against metadata).
//!
//! Exit codes: 0 done (or fresh, or no new drift), 1 `--check` found stale files or `drift`
//! found new drift, 2 bad input or usage.

use anyhow::{Context, Result, bail};
use graph_codegen::codegen::{self, Request, SyncMode};
use graph_codegen::config::Config;
use graph_codegen::drift;
use graph_codegen::input::ByteSize;
use graph_codegen::ir::Severity;
use graph_codegen::rust::Manifest;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--docs DIR]... [--csdl FILE]... [--root TYPE]... [--out DIR] [--check] [--verbose]
                           [--max-file-size BYTES]

  --docs DIR   read every .md page under DIR, recursively (repeatable)
  --csdl FILE  read the CSDL metadata in FILE (repeatable)
  --root TYPE  generate only what TYPE reaches, e.g. microsoft.graph.recordOperation (repeatable)
  --out DIR    write a standalone crate to DIR instead of generated/
  --check      write nothing; exit 1 naming every stale, missing or orphaned file
  --verbose    print every warning, not only the first 20
  --max-file-size BYTES
               refuse input files larger than BYTES (e.g. 1048576 or 1MiB; default 256MiB)

Defaults come from codegen.toml at the workspace root; --docs or --csdl replace its inputs.

Drift reports: cargo xtask drift docs|schema --help";

const DRIFT_USAGE: &str = "\
usage: cargo xtask drift docs --docs DIR... --csdl FILE... [OPTIONS]
       cargo xtask drift schema --old FILE --new FILE [--allow-breaking] [OPTIONS]

  docs              every disagreement between the pages and the metadata
  schema            what changed between two metadata versions, breaking or additive
  --docs DIR        read every .md page under DIR, recursively (repeatable; a file works too)
  --csdl FILE       read the CSDL metadata in FILE (repeatable)
  --old FILE        the metadata before
  --new FILE        the metadata after
  --allow-breaking  breaking changes do not fail (schema)

options:
  --format F              human (default), json, github or markdown
  --baseline FILE         accept the findings recorded in FILE; fail only on new ones
  --write-baseline FILE   record every current finding in FILE (and exit 0)

Exit codes: 0 no new drift, 1 new error findings (docs) or new breaking changes (schema),
2 bad input or usage.";

// Generation allocates many small token trees on every core; glibc's allocator spent a
// third of the run in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Warnings printed without `--verbose`.
const WARNINGS_SHOWN: usize = 20;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

struct CodegenArgs {
    docs: Vec<PathBuf>,
    csdl: Vec<PathBuf>,
    roots: Vec<String>,
    out: Option<PathBuf>,
    check: bool,
    verbose: bool,
    max_file_size: Option<u64>,
}

fn parse_codegen_args(args: &[String]) -> Result<CodegenArgs> {
    let mut parsed =
        CodegenArgs { docs: Vec::new(), csdl: Vec::new(), roots: Vec::new(), out: None, check: false, verbose: false, max_file_size: None };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().cloned().with_context(|| format!("{flag} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--docs" => parsed.docs.push(PathBuf::from(value("--docs")?)),
            "--csdl" => parsed.csdl.push(PathBuf::from(value("--csdl")?)),
            "--root" => parsed.roots.push(value("--root")?),
            "--out" => parsed.out = Some(PathBuf::from(value("--out")?)),
            "--check" => parsed.check = true,
            "--verbose" => parsed.verbose = true,
            "--max-file-size" => {
                let size: ByteSize = value("--max-file-size")?.parse().map_err(|e| anyhow::anyhow!("--max-file-size: {e}"))?;
                parsed.max_file_size = Some(size.0);
            }
            "-h" | "--help" => bail!("{USAGE}"),
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    Ok(parsed)
}

fn run(args: &[String]) -> Result<ExitCode> {
    match args.first().map(String::as_str) {
        Some("codegen") => codegen_command(&args[1..]),
        Some("drift") => drift_command(&args[1..]),
        Some(other) => bail!("unknown task `{other}`\n{USAGE}"),
        None => bail!("no task given\n{USAGE}"),
    }
}

fn codegen_command(args: &[String]) -> Result<ExitCode> {
    let parsed = parse_codegen_args(args)?;
    let root = workspace_root();
    let config = Config::load(&root.join("codegen.toml"))?;
    let mut request = Request::from_config(&config, &root);
    if !parsed.docs.is_empty() || !parsed.csdl.is_empty() {
        request.docs = parsed.docs.clone();
        request.csdl = parsed.csdl.clone();
    }
    if !parsed.roots.is_empty() {
        request.roots = parsed.roots.clone();
    }
    if let Some(max_file_size) = parsed.max_file_size {
        request.max_file_size = max_file_size;
    }
    let out_dir = match &parsed.out {
        Some(out) => {
            request.manifest = Manifest::Standalone;
            out.clone()
        }
        None => root.join(&config.output.dir),
    };
    let generation = codegen::generate(&request)?;

    let warnings: Vec<_> = generation.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect();
    let shown = if parsed.verbose { warnings.len() } else { warnings.len().min(WARNINGS_SHOWN) };
    for warning in &warnings[..shown] {
        eprintln!("{warning}");
    }
    if shown < warnings.len() {
        eprintln!("... and {} more warnings (--verbose shows all)", warnings.len() - shown);
    }
    let stats = generation.stats;
    eprintln!(
        "read {} pages ({} with a resource block, {} lowered); {} types, {} files, {} warnings",
        stats.pages,
        stats.resource_pages,
        stats.lowered_resource_pages,
        generation.type_count,
        generation.files.len(),
        warnings.len()
    );

    let examples = generation.example_summary();
    eprintln!(
        "examples: {} tested, {} rejected, {} unreadable ({} without a JSON body, {} not of a structured type)",
        examples.tested, examples.rejected, examples.unreadable, examples.without_body, examples.untyped
    );

    let mode = if parsed.check { SyncMode::Check } else { SyncMode::Write };
    let report = codegen::sync(&out_dir, &generation.files, mode)?;
    let shown_dir = codegen::display_path(&out_dir, &root);
    if parsed.check {
        if report.is_fresh() {
            eprintln!("{shown_dir} is up to date ({} files)", report.unchanged);
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("error: {shown_dir} is out of date with its schemas:");
        for (label, files) in [("stale", &report.stale), ("missing", &report.missing), ("orphaned", &report.orphaned)] {
            for file in files {
                eprintln!("  {label:<9}{shown_dir}/{file}");
            }
        }
        let mut fix = String::from("cargo xtask codegen");
        for arg in args.iter().filter(|a| *a != "--check") {
            fix.push(' ');
            fix.push_str(arg);
        }
        let commit = if std::env::var_os("CI").is_some() { ", and commit the result" } else { "" };
        eprintln!("run `{fix}` to regenerate it{commit}");
        return Ok(ExitCode::from(1));
    }
    let changed = report.stale.len() + report.missing.len();
    eprintln!("{shown_dir}: {changed} written, {} unchanged, {} orphaned removed", report.unchanged, report.orphaned.len());
    Ok(ExitCode::SUCCESS)
}

fn parse_drift_args(args: &[String]) -> Result<(drift::Command, drift::Options)> {
    let (docs_or_schema, flags) = match args.split_first() {
        Some((first, rest)) if first == "docs" || first == "schema" => (first.as_str(), rest),
        Some((first, _)) if first == "-h" || first == "--help" => bail!("{DRIFT_USAGE}"),
        Some((other, _)) => bail!("unknown drift report `{other}`; expected `docs` or `schema`\n{DRIFT_USAGE}"),
        None => bail!("no drift report given; expected `docs` or `schema`\n{DRIFT_USAGE}"),
    };
    let (mut docs, mut csdl, mut old, mut new) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut allow_breaking = false;
    let mut options = drift::Options {
        format: drift::Format::Human,
        baseline: None,
        write_baseline: None,
        base_dir: std::env::current_dir().context("the current folder cannot be read")?,
    };
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        let mut value = |name: &str| flags.next().cloned().with_context(|| format!("{name} needs a value\n{DRIFT_USAGE}"));
        match flag.as_str() {
            "--docs" => docs.push(PathBuf::from(value("--docs")?)),
            "--csdl" => csdl.push(PathBuf::from(value("--csdl")?)),
            "--old" => old.push(PathBuf::from(value("--old")?)),
            "--new" => new.push(PathBuf::from(value("--new")?)),
            "--allow-breaking" => allow_breaking = true,
            "--format" => options.format = value("--format")?.parse().map_err(anyhow::Error::msg)?,
            "--baseline" => options.baseline = Some(PathBuf::from(value("--baseline")?)),
            "--write-baseline" => options.write_baseline = Some(PathBuf::from(value("--write-baseline")?)),
            "-h" | "--help" => bail!("{DRIFT_USAGE}"),
            other => bail!("unknown argument `{other}`\n{DRIFT_USAGE}"),
        }
    }
    let command = if docs_or_schema == "docs" {
        if !old.is_empty() || !new.is_empty() || allow_breaking {
            bail!("--old, --new and --allow-breaking belong to `drift schema`\n{DRIFT_USAGE}");
        }
        if docs.is_empty() || csdl.is_empty() {
            bail!("`drift docs` needs at least one --docs DIR and one --csdl FILE\n{DRIFT_USAGE}");
        }
        drift::Command::Docs { docs, csdl }
    } else {
        if !docs.is_empty() || !csdl.is_empty() {
            bail!("--docs and --csdl belong to `drift docs`\n{DRIFT_USAGE}");
        }
        let (Ok([old]), Ok([new])) = (<[PathBuf; 1]>::try_from(old), <[PathBuf; 1]>::try_from(new)) else {
            bail!("`drift schema` needs exactly one --old FILE and one --new FILE\n{DRIFT_USAGE}");
        };
        drift::Command::Schema { old, new, allow_breaking }
    };
    Ok((command, options))
}

fn drift_command(args: &[String]) -> Result<ExitCode> {
    let (command, options) = parse_drift_args(args)?;
    // The library's messages already name the file and the cause; no chain to append.
    let outcome = drift::run(&command, &options).map_err(|error| anyhow::anyhow!("{error}"))?;
    // A reader that stops early (`| head`) is not an error of ours.
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout.write_all(outcome.report.as_bytes()).and_then(|()| stdout.flush())
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(error).context("the report cannot be written");
    }
    eprintln!("{}", outcome.summary);
    Ok(if outcome.failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
