//! Runs the stages over inputs on disk and keeps an output folder in step with them.
//!
//! [`generate`] reads every page, lowers, validates and emits, all in memory: nothing is
//! written until the whole crate exists, so bad input never leaves a half-written folder.
//! [`sync`] (in [`crate::output`]) then writes only the files whose content changed, all or
//! nothing, and removes generated files nothing produces any more, or, in check mode, writes
//! nothing and names every stale, missing or orphaned file.

use crate::config::{Config, ConfigError, Overrides};
use crate::format_cache::FormatCache;
use crate::ir::{self, Diagnostic, QualifiedName, Severity};
use crate::rust;
use crate::{csdl, input, markdown};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use crate::output::{Mode, Overwrite, SyncReport, is_generated, sync};

/// What to generate from what: the settings, and where paths are shown from.
#[derive(Debug, Clone)]
pub struct Request {
    /// The settings, with absolute paths (see [`Config::with_overrides`]).
    pub config: Config,
    /// Paths in diagnostics and generated docs are written relative to this folder.
    pub base_dir: PathBuf,
    /// The command that runs this generation, named where a message says how to regenerate.
    pub command: String,
    /// Where the format cache of the output folder is kept (see [`crate::format_cache`]);
    /// `None` formats every file.
    pub format_cache: Option<PathBuf>,
}

impl Request {
    /// The generation `config` (read from `base_dir/codegen.toml`) describes, with the command
    /// line's `overrides` over it, whose relative paths are taken from `current_dir`.
    pub fn new(config: Config, overrides: &Overrides, base_dir: &Path, current_dir: &Path) -> Request {
        let mut config = config.with_overrides(overrides, base_dir, current_dir);
        for span in config.rename_spans.values_mut() {
            span.file = display_path(Path::new(&span.file), base_dir);
        }
        Request { config, base_dir: base_dir.to_path_buf(), command: overrides.command_line(), format_cache: None }
    }

    /// The request of a command line: the settings file it names (`--config`, relative to
    /// `current_dir`; it must exist) or else `workspace_root/codegen.toml` (which may be
    /// missing: the defaults serve), with the command line's `overrides` over it.
    pub fn from_command_line(overrides: &Overrides, workspace_root: &Path, current_dir: &Path) -> Result<Request, ConfigError> {
        let (config_path, config_dir) = match &overrides.config {
            Some(path) => {
                let path = current_dir.join(path);
                if !path.is_file() {
                    return Err(ConfigError::Missing { path: path.display().to_string() });
                }
                let dir = path.parent().map_or_else(|| current_dir.to_path_buf(), Path::to_path_buf);
                (path, dir)
            }
            None => (workspace_root.join("codegen.toml"), workspace_root.to_path_buf()),
        };
        Ok(Request::new(Config::load(&config_path)?, overrides, &config_dir, current_dir))
    }

    /// The generation `config` describes, without overrides; relative paths are taken from
    /// `base_dir`.
    pub fn from_config(config: &Config, base_dir: &Path) -> Request {
        Request::new(config.clone(), &Overrides::default(), base_dir, base_dir)
    }
}

/// What a whole `cargo xtask codegen` did, for the command line to print.
#[derive(Debug)]
pub struct Outcome {
    pub generation: Generation,
    pub sync: SyncReport,
    /// Counts, and in check mode what is out of date and the command that fixes it.
    pub summary: String,
    /// Check mode found the output folder out of date.
    pub failed: bool,
}

impl Outcome {
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.generation.diagnostics.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// The first `limit` warnings, a line each, and a line counting the rest.
    pub fn warnings_listed(&self, limit: usize) -> String {
        let mut listed = String::new();
        let total = self.warnings().count();
        for warning in self.warnings().take(limit) {
            listed.push_str(&format!("{warning}\n"));
        }
        if total > limit {
            listed.push_str(&format!("... and {} more warnings (--verbose shows all)\n", total - limit));
        }
        listed
    }
}

/// Generates the crate `request` describes and writes it (all or nothing) or checks it.
pub fn run(request: &Request, mode: Mode) -> Result<Outcome, CodegenError> {
    let out_dir = &request.config.output.dir;
    // The cache reads the files it recorded while the inputs are analysed, which leaves a core idle.
    let (analysis, cache) = std::thread::scope(|scope| {
        let cache = request.format_cache.as_deref().map(|dir| scope.spawn(|| FormatCache::load(dir, out_dir)));
        (analyze(request), cache.map(|cache| cache.join().expect("the format cache reader panicked")))
    });
    let reuse: &dyn rust::Reuse = cache.as_ref().map_or(&rust::FormatEveryFile, |cache| cache);
    let generation = emit(analysis?, request, reuse)?;
    let sync = sync(out_dir, &generation.files, &generation.reused, mode)?;
    if let (Some(cache), Mode::Write(_)) = (&cache, mode) {
        // The folder now holds these files. A cache not written only costs the next run time.
        let _ = cache.save(&generation.files, &generation.fingerprints);
    }
    let shown_dir = display_path(out_dir, &request.base_dir);
    let (stats, examples) = (generation.stats, generation.example_summary());
    let mut summary = format!(
        "read {} pages ({} with a resource block, {} lowered); {} types, {} files, {} warnings\n\
         examples: {} tested, {} rejected, {} unreadable ({} without a JSON body, {} not of a structured type)\n\
         API pages: {} request bodies ({} tested), {} response bodies ({} tested)\n",
        stats.pages,
        stats.resource_pages,
        stats.lowered_resource_pages,
        generation.type_count,
        generation.files.len(),
        generation.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count(),
        examples.tested,
        examples.rejected,
        examples.unreadable,
        examples.without_body,
        examples.untyped,
        examples.request_bodies,
        examples.request_bodies_tested,
        examples.response_bodies,
        examples.response_bodies_tested,
    );
    let failed = mode == Mode::Check && !sync.is_fresh();
    match mode {
        Mode::Check if !failed => summary.push_str(&format!("{shown_dir} is up to date ({} files)", sync.unchanged)),
        Mode::Check => {
            summary.push_str(&format!("error: {shown_dir} is out of date with its schemas:\n"));
            for (label, files) in [("stale", &sync.stale), ("missing", &sync.missing), ("orphaned", &sync.orphaned)] {
                for file in files {
                    let not_owned = if sync.not_owned.contains(file) { " (not generated: replacing it needs --force)" } else { "" };
                    summary.push_str(&format!("  {label:<9}{shown_dir}/{file}{not_owned}\n"));
                }
            }
            summary.push_str(&format!("run `{}` to regenerate it, and commit the result", request.command));
        }
        Mode::Write(_) => summary.push_str(&format!(
            "{shown_dir}: {} written, {} unchanged, {} orphaned removed",
            sync.stale.len() + sync.missing.len(),
            sync.unchanged,
            sync.orphaned.len()
        )),
    }
    if cache.is_some() {
        summary.push_str(&format!(
            "\nformat cache: {} of {} Rust files reused as formatted before",
            generation.reused.len(),
            generation.fingerprints.len()
        ));
    }
    Ok(Outcome { generation, sync, summary, failed })
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
    /// The JSON bodies of the API pages' request and response examples, and how many of
    /// each conform to what they are read as (each then a doctest: on the operation the page
    /// documents, or on the type a plain request reads or writes).
    pub request_bodies: usize,
    pub request_bodies_tested: usize,
    pub response_bodies: usize,
    pub response_bodies_tested: usize,
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
    let pages = &model.documented_operations;
    let requests: Vec<(&ir::Example, bool)> = pages
        .iter()
        .flat_map(|page| page.request_examples.iter().map(move |r| (page, r)))
        .filter_map(|(page, r)| Some((r.body.as_ref()?, page.documents.is_some() || matches!(r.body_type, ir::BodyType::Type(_)))))
        .collect();
    let responses: Vec<(&ir::Example, bool)> = pages
        .iter()
        .flat_map(|page| page.response_examples.iter().map(move |r| (page, r)))
        .filter_map(|(page, r)| Some((r.body.as_ref()?, page.documents.is_some() || r.read_as.is_some())))
        .collect();
    let tested = |bodies: &[(&ir::Example, bool)]| bodies.iter().filter(|(body, typed)| *typed && body.findings.is_empty()).count();
    ExampleSummary {
        request_bodies: requests.len(),
        request_bodies_tested: tested(&requests),
        response_bodies: responses.len(),
        response_bodies_tested: tested(&responses),
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
    /// The fingerprint of what each formatted file was formatted from ([`rust::Reuse`]).
    pub fingerprints: BTreeMap<String, rust::Fingerprint>,
    /// The files reused from the format cache: their text is what the output folder held when
    /// the cache read it, in this run.
    pub reused: BTreeSet<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: markdown::LowerStats,
    /// How many types were emitted (the closure of the roots, or all).
    pub type_count: usize,
    /// What the roots reach, types and operations; `None` when there are no roots (all of
    /// the model is generated).
    pub closure: Option<ir::Closure>,
    /// The validated model the files were emitted from.
    pub model: ir::Model,
}

#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error("{}: {cause}", ir::escape_control(path))]
    Io { path: String, cause: std::io::Error },
    #[error(transparent)]
    Input(#[from] input::InputError),
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
    #[error(
        "unknown root operation `{}`; expected a bound operation as `BINDING/NAME`, such as `microsoft.graph.call/recordResponse` \
         (`Collection(TYPE)/NAME` when bound to a collection; `(a,b)` after it to pick the overload with those parameters){}",
        ir::escape_control(name),
        suggestions(.candidates)
    )]
    UnknownOperation { name: String, candidates: Vec<String> },
    #[error(transparent)]
    Emit(#[from] rust::EmitError),
    #[error(
        "the inputs define no type ({0}); expected resource pages (a `\"blockType\": \"resource\"` annotation) or CSDL \
         metadata with entity, complex or enum types; nothing was written"
    )]
    NoTypes(String),
    #[error(
        "refusing to replace {} file(s) that `cargo xtask codegen` did not generate (their first line lacks the `@generated` \
         header): {}; expected an output folder the generator owns; pass --force to replace them",
        .files.len(),
        .files.join(", ")
    )]
    NotOwned { files: Vec<String> },
    #[error("{cause}; {}", restored(.restore_failures))]
    Aborted { cause: Box<CodegenError>, restore_failures: Vec<String> },
}

fn restored(failures: &[String]) -> String {
    if failures.is_empty() {
        "nothing was changed: the output folder is as it was".to_string()
    } else {
        format!("restoring the output folder failed too: {}", failures.join("; "))
    }
}

fn suggestions(candidates: &[String]) -> String {
    if candidates.is_empty() { String::new() } else { format!(" (did you mean {}?)", ir::escape_control(&candidates.join(", "))) }
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
    emit(analyze(request)?, request, &rust::FormatEveryFile)
}

/// Reads, lowers, merges and validates the request's inputs; checks every example.
pub fn analyze(request: &Request) -> Result<Analysis, CodegenError> {
    let inputs = &request.config.inputs;
    let paths = find_pages(&inputs.docs)?;
    if paths.is_empty() && inputs.csdl.is_empty() {
        let folders: Vec<String> = inputs.docs.iter().map(|d| d.display().to_string()).collect();
        return Err(CodegenError::NoPages(folders.join(", ")));
    }
    // The two front ends are independent: the metadata is read while the pages are.
    let (pages, metadata) = std::thread::scope(|scope| {
        let metadata = scope.spawn(|| read_metadata(&inputs.csdl, &request.base_dir, inputs.max_file_size.0));
        let pages = read_pages(&paths, &request.base_dir, inputs.max_file_size.0);
        (pages, metadata.join().expect("the metadata reader panicked"))
    });
    analyze_parts(&pages?, metadata?)
}

/// Reads and lowers the CSDL documents of `paths`, each at most `max_file_size` bytes.
pub fn read_metadata(paths: &[PathBuf], base_dir: &Path, max_file_size: u64) -> Result<csdl::Lowered, CodegenError> {
    let mut documents = Vec::with_capacity(paths.len());
    for path in paths {
        let text = input::read_text(path, max_file_size)?;
        let document = csdl::read_document(&display_path(path, base_dir), &text).map_err(|d| CodegenError::Invalid(vec![d]))?;
        documents.push(document);
    }
    Ok(csdl::lower(&documents))
}

/// Reads the request's metadata, then lowers, merges, validates and emits pages already read
/// (in any order: the result is the same).
pub fn generate_from_pages(pages: &[markdown::Page], request: &Request) -> Result<Generation, CodegenError> {
    let inputs = &request.config.inputs;
    emit(analyze_parts(pages, read_metadata(&inputs.csdl, &request.base_dir, inputs.max_file_size.0)?)?, request, &rust::FormatEveryFile)
}

fn analyze_parts(pages: &[markdown::Page], mut metadata: csdl::Lowered) -> Result<Analysis, CodegenError> {
    let mut lowered = markdown::lower(pages);
    let mut diagnostics = std::mem::take(&mut lowered.diagnostics);
    diagnostics.append(&mut metadata.diagnostics);
    let stats = lowered.stats;
    if lowered.model.types.is_empty() && metadata.model.types.is_empty() {
        // A swapped `--docs`/`--csdl`, a folder of READMEs: generating would empty the crate.
        let read = format!("{} page(s) read, {} with a resource block", stats.pages, stats.resource_pages);
        return Err(CodegenError::NoTypes(read));
    }
    lowered.model = ir::merge(lowered.model, metadata.model);
    diagnostics.extend(ir::validate(&mut lowered.model));
    let invalid_examples = ir::check_examples(&mut lowered.model);
    // One diagnostic per bad example: the disagreement, also shown as a warning here.
    diagnostics.extend(invalid_examples.iter().filter_map(|d| {
        let (span, what) = d.docs.as_ref()?;
        Some(Diagnostic::warning(span.clone(), format!("example of `{}` does not conform {what}; not made a test", d.type_name.name)))
    }));
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
fn emit(analysis: Analysis, request: &Request, reuse: &dyn rust::Reuse) -> Result<Generation, CodegenError> {
    let Analysis { model, mut diagnostics, stats } = analysis;
    let roots = &request.config.inputs.roots;
    let closure = if roots.is_empty() {
        None
    } else {
        let roots = roots.iter().map(|root| resolve_generation_root(&model, root)).collect::<Result<Vec<_>, _>>()?;
        Some(ir::closure(&model, &ir::DerivedTypes::new(&model), &roots))
    };
    let inputs = operation_inputs(&model);
    let emitted = rust::emit_with(&model, &request.config, closure.as_ref().map(|c| &c.types), &inputs, reuse)?;
    diagnostics.extend(emitted.diagnostics);
    diagnostics.sort();
    diagnostics.dedup();
    let type_count = closure.as_ref().map_or(model.types.len(), |c| c.types.len());
    Ok(Generation {
        files: emitted.files,
        fingerprints: emitted.fingerprints,
        reused: emitted.reused,
        diagnostics,
        stats,
        type_count,
        closure,
        model,
    })
}

/// What the emitter needs of the operations besides the model: each operation's canonical
/// paths (`ir::paths`), its pages' request and response bodies, and the bodies of pages of
/// plain requests (no action or function), which are tested as the type they are read as.
fn operation_inputs(model: &ir::Model) -> rust::OperationInputs {
    let mut inputs = rust::OperationInputs::default();
    let paths = ir::paths::Paths::new(model);
    for (index, canonical) in paths.all_canonical().iter().enumerate() {
        if !canonical.is_empty() {
            // The descriptor writes a function's parameters after its path itself.
            let without_parameters = |template: &ir::paths::PathTemplate| {
                let mut text = template.to_string();
                if let Some(ir::paths::Segment::Operation { function_parameters: Some(_), .. }) = template.segments.last()
                    && let Some(open) = text.rfind('(')
                {
                    text.truncate(open);
                }
                text
            };
            inputs.paths.insert(index, canonical.iter().map(without_parameters).collect());
        }
    }
    for page in &model.documented_operations {
        match &page.documents {
            Some(documents) => {
                let Some(&first) = documents.overloads.first() else { continue };
                for request in page.request_examples.iter().filter(|r| r.body_type == ir::BodyType::Parameters) {
                    // The overload the checker read the body as.
                    if let Some(body) = &request.body {
                        inputs.request_examples.entry(request.overload.unwrap_or(first)).or_default().push(body.clone());
                    }
                }
                let returns = model.operations[first].return_type.as_ref();
                for response in &page.response_examples {
                    let (Some(read_as), Some(body)) = (&response.read_as, &response.body) else { continue };
                    if returns.is_some_and(|returns| model.is_or_derives(read_as, returns)) {
                        inputs.response_examples.entry(first).or_default().push(body.clone());
                    } else if let ir::TypeTarget::Named(ty) = &read_as.target {
                        // An annotation that names another type than the operation returns
                        // (`return-type-mismatch`): the body was checked as that type, so it is
                        // that type's example, not the operation's.
                        inputs.type_examples.entry(ty.clone()).or_default().push(body.clone());
                    }
                }
            }
            None => {
                for request in &page.request_examples {
                    if let (ir::BodyType::Type(ty), Some(body)) = (&request.body_type, &request.body) {
                        inputs.type_examples.entry(ty.clone()).or_default().push(body.clone());
                    }
                }
                for response in &page.response_examples {
                    if let (Some(ir::TypeRef { target: ir::TypeTarget::Named(ty), .. }), Some(body)) = (&response.read_as, &response.body) {
                        inputs.type_examples.entry(ty.clone()).or_default().push(body.clone());
                    }
                }
            }
        }
    }
    inputs
}

/// A root as given on the command line: a type, else an operation (`microsoft.graph.call/record`,
/// spelled as [`ir::operation_spelling`] says; an unbound one by its qualified name).
pub fn resolve_generation_root(model: &ir::Model, text: &str) -> Result<ir::Root, CodegenError> {
    if !text.contains('/') {
        match resolve_root(model, text) {
            Ok(name) => return Ok(ir::Root::Type(name)),
            Err(unknown) if ir::find_operations(model, text).is_empty() => return Err(unknown),
            Err(_) => {}
        }
    }
    let found = ir::find_operations(model, text);
    if found.is_empty() {
        let wanted = text.rsplit('/').next().unwrap_or(text).split('(').next().unwrap_or_default().to_ascii_lowercase();
        let candidates = model
            .operations
            .iter()
            .filter(|op| !wanted.is_empty() && op.name.name.to_ascii_lowercase().contains(&wanted))
            .map(|op| ir::operation_spelling(op, false))
            .collect::<BTreeSet<String>>()
            .into_iter()
            .take(5)
            .collect();
        return Err(CodegenError::UnknownOperation { name: text.to_string(), candidates });
    }
    Ok(ir::Root::Operations(found))
}

/// A root type as given on the command line: exact, or ignoring case when that is unambiguous.
pub fn resolve_root(model: &ir::Model, text: &str) -> Result<QualifiedName, CodegenError> {
    let wanted = QualifiedName::parse(text.trim_start_matches('#'), ir::ROOT_NAMESPACE);
    if model.types.contains_key(&wanted) {
        return Ok(wanted);
    }
    let folded: Vec<&QualifiedName> = model.types.keys().filter(|n| n.folded() == wanted.folded()).collect();
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

pub use input::find_pages;

/// Reads and parses pages on every core, each at most `max_file_size` bytes; the result is
/// in the order of `paths`.
pub fn read_pages(paths: &[PathBuf], base_dir: &Path, max_file_size: u64) -> Result<Vec<markdown::Page>, CodegenError> {
    crate::parallel::map(paths, |path| {
        let text = input::read_text(path, max_file_size)?;
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
