//! Runs the stages over inputs on disk and keeps an output folder in step with them.
//!
//! [`generate`] reads every page, lowers, validates and emits, all in memory: nothing is
//! written until the whole crate exists, so bad input never leaves a half-written folder.
//! [`sync`] then writes only the files whose content changed and removes generated files
//! nothing produces any more, or, in check mode, writes nothing and names every stale,
//! missing or orphaned file.

use crate::config::FeaturePolicy;
use crate::ir::{self, Diagnostic, QualifiedName, Severity};
use crate::rust::{self, EmitOptions, Manifest};
use crate::{csdl, markdown};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// What to generate from what.
#[derive(Debug, Clone)]
pub struct Request {
    /// Folders (read recursively) or single files of Markdown pages.
    pub docs: Vec<PathBuf>,
    /// CSDL metadata documents.
    pub csdl: Vec<PathBuf>,
    /// Qualified names of the types to generate with everything they reach; all when empty.
    pub roots: Vec<String>,
    pub package_name: String,
    pub manifest: Manifest,
    pub features: FeaturePolicy,
    pub default_features: Vec<String>,
    /// Qualified type name → Rust name.
    pub renames: BTreeMap<String, String>,
    /// Where each rename is written, for diagnostics.
    pub rename_spans: BTreeMap<String, ir::Span>,
    /// Paths in diagnostics and generated docs are written relative to this folder.
    pub base_dir: PathBuf,
}

impl Request {
    /// The generation `config` describes; relative paths are taken from `base_dir`.
    pub fn from_config(config: &crate::config::Config, base_dir: &Path) -> Request {
        let absolute = |paths: &[PathBuf]| paths.iter().map(|p| base_dir.join(p)).collect();
        Request {
            docs: absolute(&config.inputs.docs),
            csdl: absolute(&config.inputs.csdl),
            roots: config.inputs.roots.clone(),
            package_name: config.output.package.clone(),
            manifest: Manifest::Workspace,
            features: config.features.policy,
            default_features: config.features.default.clone(),
            renames: config.renames.clone(),
            rename_spans: config
                .rename_spans
                .iter()
                .map(|(key, span)| (key.clone(), ir::Span::new(display_path(Path::new(&span.file), base_dir), span.line)))
                .collect(),
            base_dir: base_dir.to_path_buf(),
        }
    }
}

/// What became of the `example` and `response` blocks read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExampleSummary {
    /// Conforming examples, each made a test.
    pub tested: usize,
    /// Examples that do not conform (each an `example-invalid` disagreement).
    pub rejected: usize,
    /// Blocks that are not JSON even read leniently.
    pub unreadable: usize,
    /// Blocks without a JSON body (`204 No Content`), and blocks of no structured type.
    pub without_body: usize,
    pub untyped: usize,
}

impl Analysis {
    pub fn example_summary(&self) -> ExampleSummary {
        example_summary(&self.model, &self.stats)
    }
}

impl Generation {
    pub fn example_summary(&self) -> ExampleSummary {
        example_summary(&self.model, &self.stats)
    }
}

fn example_summary(model: &ir::Model, stats: &markdown::LowerStats) -> ExampleSummary {
    let rejected = model.disagreements.iter().filter(|d| d.rule == ir::DisagreementRule::ExampleInvalid).count();
    let read = stats.examples - stats.examples_without_body - stats.examples_unreadable - stats.examples_untyped;
    ExampleSummary {
        tested: read.saturating_sub(rejected),
        rejected,
        unreadable: stats.examples_unreadable,
        without_body: stats.examples_without_body,
        untyped: stats.examples_untyped,
    }
}

/// A generated crate, in memory.
#[derive(Debug)]
pub struct Generation {
    pub files: BTreeMap<String, String>,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: markdown::LowerStats,
    /// How many types were emitted (the closure of the roots, or all).
    pub type_count: usize,
    /// The validated model the files were emitted from.
    pub model: ir::Model,
}

#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error("{}: {cause}", ir::escape_control(path))]
    Io { path: String, cause: std::io::Error },
    #[error("no input: no Markdown pages found under {0} and no CSDL file given; expected `.md` resource pages or `--csdl FILE`")]
    NoPages(String),
    #[error("{} error(s) in the input:\n{}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
    #[error(
        "unknown root type `{}`; expected a qualified name such as `microsoft.graph.recordOperation`{}",
        ir::escape_control(name),
        suggestions(.candidates)
    )]
    UnknownRoot { name: String, candidates: Vec<String> },
    #[error(transparent)]
    Emit(#[from] rust::EmitError),
}

fn suggestions(candidates: &[String]) -> String {
    if candidates.is_empty() { String::new() } else { format!(" (did you mean {}?)", ir::escape_control(&candidates.join(", "))) }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> CodegenError + '_ {
    move |cause| CodegenError::Io { path: path.display().to_string(), cause }
}

/// The validated, merged model of a request's inputs, before any code is emitted.
#[derive(Debug)]
pub struct Analysis {
    pub model: ir::Model,
    /// Warnings and errors, sorted.
    pub diagnostics: Vec<Diagnostic>,
    pub stats: markdown::LowerStats,
}

/// Reads, lowers, validates and emits; writes nothing.
pub fn generate(request: &Request) -> Result<Generation, CodegenError> {
    emit(analyze(request)?, request)
}

/// Reads, lowers, merges and validates the request's inputs; checks every example.
pub fn analyze(request: &Request) -> Result<Analysis, CodegenError> {
    let paths = find_pages(&request.docs)?;
    if paths.is_empty() && request.csdl.is_empty() {
        let folders: Vec<String> = request.docs.iter().map(|d| d.display().to_string()).collect();
        return Err(CodegenError::NoPages(folders.join(", ")));
    }
    // The two front ends are independent: the metadata is read while the pages are.
    let (pages, metadata) = std::thread::scope(|scope| {
        let metadata = scope.spawn(|| read_metadata(&request.csdl, &request.base_dir));
        let pages = read_pages(&paths, &request.base_dir);
        (pages, metadata.join().expect("the metadata reader panicked"))
    });
    analyze_parts(&pages?, metadata?)
}

/// Reads and lowers the CSDL documents of `paths`.
pub fn read_metadata(paths: &[PathBuf], base_dir: &Path) -> Result<csdl::Lowered, CodegenError> {
    let mut documents = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = fs::read(path).map_err(io_error(path))?;
        let text = String::from_utf8_lossy(&bytes);
        let document = csdl::read_document(&display_path(path, base_dir), &text).map_err(|d| CodegenError::Invalid(vec![d]))?;
        documents.push(document);
    }
    Ok(csdl::lower(&documents))
}

/// Reads the request's metadata, then lowers, merges, validates and emits pages already read
/// (in any order: the result is the same).
pub fn generate_from_pages(pages: &[markdown::Page], request: &Request) -> Result<Generation, CodegenError> {
    emit(analyze_parts(pages, read_metadata(&request.csdl, &request.base_dir)?)?, request)
}

fn analyze_parts(pages: &[markdown::Page], mut metadata: csdl::Lowered) -> Result<Analysis, CodegenError> {
    let mut lowered = markdown::lower(pages);
    let mut diagnostics = std::mem::take(&mut lowered.diagnostics);
    diagnostics.append(&mut metadata.diagnostics);
    let stats = lowered.stats;
    lowered.model = ir::merge(lowered.model, metadata.model);
    diagnostics.extend(ir::validate(&mut lowered.model));
    let invalid_examples = ir::check_examples(&lowered.model);
    lowered.model.disagreements.extend(invalid_examples);
    lowered.model.disagreements.sort();
    let errors: Vec<Diagnostic> = diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    if !errors.is_empty() {
        return Err(CodegenError::Invalid(errors));
    }
    diagnostics.sort();
    diagnostics.dedup();
    Ok(Analysis { model: lowered.model, diagnostics, stats })
}

/// Emits the crate for an analysis: the closure of the request's roots, or everything.
fn emit(analysis: Analysis, request: &Request) -> Result<Generation, CodegenError> {
    let Analysis { model, mut diagnostics, stats } = analysis;
    let only = if request.roots.is_empty() {
        None
    } else {
        let roots = request.roots.iter().map(|root| resolve_root(&model, root)).collect::<Result<Vec<_>, _>>()?;
        Some(ir::reachable_from(&model, &roots))
    };
    let options = EmitOptions {
        package_name: request.package_name.clone(),
        only,
        manifest: request.manifest,
        features: request.features,
        default_features: request.default_features.clone(),
        renames: request.renames.clone(),
        rename_spans: request.rename_spans.clone(),
    };
    let emitted = rust::emit(&model, &options)?;
    diagnostics.extend(emitted.diagnostics);
    diagnostics.sort();
    diagnostics.dedup();
    let type_count = options.only.as_ref().map_or(model.types.len(), BTreeSet::len);
    Ok(Generation { files: emitted.files, diagnostics, stats, type_count, model })
}

/// A root as given on the command line: exact, or ignoring case when that is unambiguous.
pub fn resolve_root(model: &ir::Model, text: &str) -> Result<QualifiedName, CodegenError> {
    let wanted = QualifiedName::parse(text.trim_start_matches('#'), markdown::DEFAULT_NAMESPACE);
    if model.types.contains_key(&wanted) {
        return Ok(wanted);
    }
    let folded: Vec<&QualifiedName> = model.types.keys().filter(|n| n.to_string().eq_ignore_ascii_case(&wanted.to_string())).collect();
    if let [only] = folded.as_slice() {
        return Ok((*only).clone());
    }
    let candidates = model
        .types
        .keys()
        .filter(|n| n.name.to_ascii_lowercase().contains(&wanted.name.to_ascii_lowercase()))
        .take(5)
        .map(ToString::to_string)
        .collect();
    Err(CodegenError::UnknownRoot { name: text.to_string(), candidates })
}

/// Every `.md` file under the given folders (recursively) and files, sorted, without repeats.
pub fn find_pages(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, CodegenError> {
    let mut pages = BTreeSet::new();
    for input in inputs {
        let metadata = fs::metadata(input).map_err(io_error(input))?;
        if metadata.is_file() {
            pages.insert(input.clone());
            continue;
        }
        let mut folders = vec![input.clone()];
        while let Some(folder) = folders.pop() {
            for entry in fs::read_dir(&folder).map_err(io_error(&folder))? {
                let path = entry.map_err(io_error(&folder))?.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
                    pages.insert(path);
                }
            }
        }
    }
    Ok(pages.into_iter().collect())
}

/// Reads and parses pages on every core; the result is in the order of `paths`.
pub fn read_pages(paths: &[PathBuf], base_dir: &Path) -> Result<Vec<markdown::Page>, CodegenError> {
    crate::parallel::map(paths, |path| {
        let bytes = fs::read(path).map_err(io_error(path))?;
        let text = String::from_utf8_lossy(&bytes);
        Ok(markdown::read_page(&display_path(path, base_dir), &text))
    })
    .into_iter()
    .collect()
}

/// `path` relative to `base`, with `/` separators, when it lies under it; else as given.
pub fn display_path(path: &Path, base: &Path) -> String {
    if base.as_os_str().is_empty() {
        return path.display().to_string();
    }
    match path.strip_prefix(base) {
        Ok(relative) => relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
        Err(_) => path.display().to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncMode {
    Write,
    Check,
}

/// What [`sync`] did or, in check mode, found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Files whose content differs from what would be generated.
    pub stale: Vec<String>,
    /// Files that would be generated but do not exist.
    pub missing: Vec<String>,
    /// Generated files (they carry the header) that nothing generates any more.
    pub orphaned: Vec<String>,
    pub unchanged: usize,
}

impl SyncReport {
    pub fn is_fresh(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.orphaned.is_empty()
    }
}

/// Brings `out_dir` in step with `files` (write mode) or reports how it differs (check mode).
pub fn sync(out_dir: &Path, files: &BTreeMap<String, String>, mode: SyncMode) -> Result<SyncReport, CodegenError> {
    let mut report = SyncReport::default();
    for (relative, contents) in files {
        let path = out_dir.join(relative);
        match fs::read(&path) {
            Ok(existing) if existing == contents.as_bytes() => report.unchanged += 1,
            Ok(_) => report.stale.push(relative.clone()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => report.missing.push(relative.clone()),
            Err(error) => return Err(CodegenError::Io { path: path.display().to_string(), cause: error }),
        }
    }
    report.orphaned = generated_files(&out_dir.join("src"))?
        .into_iter()
        .map(|path| display_path(&path, out_dir))
        .filter(|relative| !files.contains_key(relative))
        .collect();
    if mode == SyncMode::Write {
        let writes: Vec<(&String, bool)> =
            report.stale.iter().map(|r| (r, true)).chain(report.missing.iter().map(|r| (r, false))).collect();
        // Creating files is slow on some disks; several threads hide the latency.
        crate::parallel::map(&writes, |(relative, replaces)| write_file(&out_dir.join(relative), &files[*relative], *replaces))
            .into_iter()
            .collect::<Result<(), _>>()?;
        for relative in &report.orphaned {
            let path = out_dir.join(relative);
            fs::remove_file(&path).map_err(io_error(&path))?;
        }
    }
    Ok(report)
}

/// `.rs` files under `folder` that start with the generated header.
fn generated_files(folder: &Path) -> Result<Vec<PathBuf>, CodegenError> {
    let mut found = Vec::new();
    if !folder.is_dir() {
        return Ok(found);
    }
    let mut folders = vec![folder.to_path_buf()];
    while let Some(current) = folders.pop() {
        for entry in fs::read_dir(&current).map_err(io_error(&current))? {
            let path = entry.map_err(io_error(&current))?.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).unwrap_or_default();
                if text.starts_with(rust::HEADER) {
                    found.push(path);
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Writes one file. A file that `replaces` an existing one goes through a temporary file and
/// a rename, so that the old content is never seen half-overwritten.
fn write_file(path: &Path, contents: &str, replaces: bool) -> Result<(), CodegenError> {
    if !replaces {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        return fs::write(path, contents).map_err(io_error(path));
    }
    let temporary = path.with_extension("codegen-tmp");
    fs::write(&temporary, contents).map_err(io_error(&temporary))?;
    fs::rename(&temporary, path).map_err(io_error(path))
}
