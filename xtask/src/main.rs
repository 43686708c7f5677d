//! `cargo xtask`: the command line over the `graph-codegen` library. It parses arguments,
//! calls the library and reports; all the work lives in the library.
//!
//! Tasks: `codegen` (generate, or `--check` that `generated/` is fresh) and `drift` (drift
//! reports: `drift docs`, pages against metadata; `drift schema`, metadata against metadata).
//!
//! Exit codes: 0 done (or fresh, or no new drift), 1 `--check` found stale files or `drift`
//! found new drift, 2 bad input or usage.

use anyhow::{Context, Result, bail};
use graph_codegen::codegen::{self, Mode, Overwrite, Request};
use graph_codegen::config::Overrides;
use graph_codegen::drift;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--config FILE] [--docs DIR]... [--csdl FILE]... [--root TYPE]... [--out DIR] [--check]
                           [--force] [--verbose] [--max-file-size BYTES] [--conformance-tests]

  --config FILE
               read the settings from FILE (paths relative to its folder), not codegen.toml
  --docs DIR   read every .md page under DIR, recursively (repeatable)
  --csdl FILE  read the CSDL metadata in FILE (repeatable)
  --root TYPE  generate only what TYPE reaches, e.g. microsoft.graph.recordOperation (repeatable)
  --out DIR    write a standalone crate to DIR instead of generated/
  --check      write nothing; exit 1 naming every stale, missing or orphaned file
  --force      replace files in the output folder that the generator did not write
               (without it, such a file is refused, named, and nothing is written)
  --verbose    print every warning, not only the first 20
  --max-file-size BYTES
               refuse input files larger than BYTES (e.g. 1048576 or 1MiB; default 256MiB)
  --conformance-tests
               also write tests/examples.rs: the models must read exactly the accepted examples

Defaults come from codegen.toml at the workspace root (or --config); --docs or --csdl replace its inputs.

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
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ lives in the workspace").to_path_buf()
}

/// Cargo's target folder, where the format cache is kept.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from)
}

/// A command's arguments by flag: the values of `--flag value` flags in order, and an empty
/// list for each switch given. An unknown flag or a flag without its value is a usage error.
fn parse_flags<'a>(args: &[String], valued: &[&'a str], switches: &[&'a str], usage: &str) -> Result<BTreeMap<&'a str, Vec<String>>> {
    let mut flags: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if let Some(flag) = valued.iter().find(|f| **f == arg) {
            let value = args.next().with_context(|| format!("{flag} needs a value\n{usage}"))?;
            flags.entry(flag).or_default().push(value.clone());
        } else if let Some(switch) = switches.iter().find(|s| **s == arg) {
            flags.entry(switch).or_default();
        } else {
            bail!("unknown argument `{arg}`\n{usage}");
        }
    }
    Ok(flags)
}

fn paths(flags: &BTreeMap<&str, Vec<String>>, flag: &str) -> Vec<PathBuf> {
    flags.get(flag).into_iter().flatten().map(PathBuf::from).collect()
}

/// The value of a flag given once (the last, if given more often).
fn last<'f>(flags: &'f BTreeMap<&str, Vec<String>>, flag: &str) -> Option<&'f str> {
    flags.get(flag).and_then(|values| values.last()).map(String::as_str)
}

fn run(args: &[String]) -> Result<ExitCode> {
    let (task, rest) = args.split_first().map_or((None, &[][..]), |(task, rest)| (Some(task.as_str()), rest));
    let asks_help = rest.iter().any(|arg| arg == "-h" || arg == "--help");
    match task {
        Some("-h" | "--help") => help(USAGE),
        Some("codegen") if asks_help => help(USAGE),
        Some("drift") if asks_help => help(DRIFT_USAGE),
        Some("codegen") => codegen_command(rest),
        Some("drift") => drift_command(rest),
        Some(other) => bail!("unknown task `{other}`\n{USAGE}"),
        None => bail!("no task given\n{USAGE}"),
    }
}

/// Asked-for help goes to standard output and succeeds; usage after a mistake is an error.
fn help(usage: &str) -> Result<ExitCode> {
    println!("{usage}");
    Ok(ExitCode::SUCCESS)
}

fn codegen_command(args: &[String]) -> Result<ExitCode> {
    let valued = ["--config", "--docs", "--csdl", "--root", "--out", "--max-file-size"];
    let flags = parse_flags(args, &valued, &["--check", "--force", "--verbose", "--conformance-tests"], USAGE)?;
    let overrides = Overrides {
        config: last(&flags, "--config").map(PathBuf::from),
        docs: paths(&flags, "--docs"),
        csdl: paths(&flags, "--csdl"),
        roots: flags.get("--root").cloned().unwrap_or_default(),
        out: last(&flags, "--out").map(PathBuf::from),
        max_file_size: last(&flags, "--max-file-size").map(str::parse).transpose().map_err(|e| anyhow::anyhow!("--max-file-size: {e}"))?,
        conformance: flags.contains_key("--conformance-tests"),
    };
    let mut request = Request::from_command_line(&overrides, &workspace_root(), &std::env::current_dir()?)?;
    request.format_cache = Some(target_dir().join("codegen-format-cache"));
    let overwrite = if flags.contains_key("--force") { Overwrite::Force } else { Overwrite::OwnedOnly };
    let outcome = codegen::run(&request, if flags.contains_key("--check") { Mode::Check } else { Mode::Write(overwrite) })?;
    let limit = if flags.contains_key("--verbose") { usize::MAX } else { WARNINGS_SHOWN };
    eprintln!("{}{}", outcome.warnings_listed(limit), outcome.summary);
    Ok(if outcome.failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn drift_command(args: &[String]) -> Result<ExitCode> {
    let valued = ["--docs", "--csdl", "--old", "--new", "--format", "--baseline", "--write-baseline"];
    let flags = parse_flags(args.get(1..).unwrap_or_default(), &valued, &["--allow-breaking"], DRIFT_USAGE)?;
    let inputs = drift::Inputs {
        docs: paths(&flags, "--docs"),
        csdl: paths(&flags, "--csdl"),
        old: paths(&flags, "--old"),
        new: paths(&flags, "--new"),
        allow_breaking: flags.contains_key("--allow-breaking"),
    };
    let format = last(&flags, "--format").map_or(Ok(drift::Format::Human), str::parse);
    let options = drift::Options {
        format: format.map_err(anyhow::Error::msg)?,
        baseline: last(&flags, "--baseline").map(PathBuf::from),
        write_baseline: last(&flags, "--write-baseline").map(PathBuf::from),
        base_dir: std::env::current_dir().context("the current folder cannot be read")?,
    };
    let command = drift::Command::new(args.first().map(String::as_str), inputs).map_err(|e| anyhow::anyhow!("{e}\n{DRIFT_USAGE}"))?;
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
