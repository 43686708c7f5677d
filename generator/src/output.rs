//! Keeps an output folder in step with a generated crate, all or nothing.
//!
//! The contract, for a user who points `--out` at the wrong folder or whose disk fills up:
//! - Only files the generator owns are replaced or removed: files whose first line is a
//!   comment carrying `@generated` (the header every generated file has). Any other file in
//!   the way is refused, naming it, unless the caller forces it. Files nothing generates and
//!   that are not the generator's (a hand-written module, `target/`, `Cargo.lock`) are never
//!   touched.
//! - Only files whose content changed are written.
//! - Every changed file is first written to a temporary file beside it; only when all are
//!   written are they renamed into place, each replaced or orphaned file being kept aside
//!   until the end. If any step fails, what was done is undone in reverse, so the folder is
//!   byte-identical to what it was before, and the error says so.
//! - A run that was killed midway leaves `.NAME.codegen-new` and `.NAME.codegen-old` files
//!   beside the files it was replacing; the next run restores a kept-aside file whose
//!   original is missing and removes the rest before it starts.
//!
//! Check mode writes nothing and reports what differs.

use crate::codegen::{CodegenError, display_path};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

/// The suffix of a file written beside the one it will replace.
const NEW_SUFFIX: &str = ".codegen-new";
/// The suffix of a replaced or orphaned file kept aside until the whole crate is in place.
const OLD_SUFFIX: &str = ".codegen-old";

/// What a sync does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bring the output folder in step, replacing files not generated only when forced.
    Write(Overwrite),
    /// Write nothing; report what differs.
    Check,
}

/// Whether files the generator does not own may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overwrite {
    /// Refuse to replace a file that lacks the `@generated` header.
    #[default]
    OwnedOnly,
    /// Replace it (`--force`).
    Force,
}

/// What [`sync`] did or, in check mode, found. Paths are relative to the output folder.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Files whose content differs from what would be generated.
    pub stale: Vec<String>,
    /// Files that would be generated but do not exist.
    pub missing: Vec<String>,
    /// Generated files (they carry the header) that nothing generates any more.
    pub orphaned: Vec<String>,
    /// Stale files that are not the generator's: replaced only when forced.
    pub not_owned: Vec<String>,
    pub unchanged: usize,
}

impl SyncReport {
    pub fn is_fresh(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.orphaned.is_empty()
    }
}

/// Whether a file's first line is a comment that marks it generated: `// @generated ...` in
/// Rust, `# @generated ...` in TOML.
pub fn is_generated(contents: &[u8]) -> bool {
    let first_line = contents.split(|&b| b == b'\n').next().unwrap_or_default();
    let comment_body = first_line.strip_prefix(b"//").or_else(|| first_line.strip_prefix(b"#"));
    comment_body.is_some_and(|body| body.trim_ascii_start().starts_with(b"@generated"))
}

/// Brings `out_dir` in step with `files` (write mode) or reports how it differs (check mode).
/// `read_this_run` names files whose contents are the text read from `out_dir` earlier in
/// this run (the format cache's): they are not read again.
pub fn sync(
    out_dir: &Path,
    files: &BTreeMap<String, String>,
    read_this_run: &BTreeSet<String>,
    mode: Mode,
) -> Result<SyncReport, CodegenError> {
    sync_on(&RealDisk, out_dir, files, read_this_run, mode)
}

fn sync_on(
    disk: &dyn Disk,
    out_dir: &Path,
    files: &BTreeMap<String, String>,
    read_this_run: &BTreeSet<String>,
    mode: Mode,
) -> Result<SyncReport, CodegenError> {
    if matches!(mode, Mode::Write(_)) {
        // It only puts back files that are missing, which no earlier read can have seen.
        recover_interrupted_run(disk, out_dir)?;
    }
    let mut report = SyncReport::default();
    // Comparing is reading every file: done on every core.
    let files_in_order: Vec<(&String, &String)> = files.iter().collect();
    let on_disk = crate::parallel::map(&files_in_order, |(relative, contents)| {
        if read_this_run.contains(*relative) { Ok(OnDisk::Same) } else { compare(out_dir, relative, contents) }
    });
    for (relative, on_disk) in files_in_order.iter().zip(on_disk) {
        match on_disk? {
            OnDisk::Missing => report.missing.push(relative.0.clone()),
            OnDisk::Same => report.unchanged += 1,
            OnDisk::Differs { generated } => {
                if !generated {
                    report.not_owned.push(relative.0.clone());
                }
                report.stale.push(relative.0.clone());
            }
        }
    }
    report.orphaned = orphans(out_dir, files)?;
    if mode == Mode::Check {
        return Ok(report);
    }
    if !report.not_owned.is_empty() && mode == Mode::Write(Overwrite::OwnedOnly) {
        let shown = report.not_owned.iter().map(|r| out_dir.join(r).display().to_string()).collect();
        return Err(CodegenError::NotOwned { files: shown });
    }
    let changes: Vec<(&str, &[u8])> =
        report.stale.iter().chain(&report.missing).map(|relative| (relative.as_str(), files[relative].as_bytes())).collect();
    let removals: Vec<&str> = report.orphaned.iter().map(String::as_str).collect();
    Transaction::new(disk, out_dir).run(&changes, &removals)?;
    Ok(report)
}

/// Whether a file on disk holds `generated`, allowing for a checkout that turned its newlines
/// into CRLF (`core.autocrlf` on Windows): such a file is fresh, and is not rewritten.
/// What is on disk where a generated file goes.
enum OnDisk {
    Missing,
    Same,
    /// Another text: `generated` says whether the file carries the header.
    Differs {
        generated: bool,
    },
}

fn compare(out_dir: &Path, relative: &str, contents: &str) -> Result<OnDisk, CodegenError> {
    let path = out_dir.join(relative);
    match fs::symlink_metadata(&path) {
        Ok(metadata) if !metadata.is_file() => {
            Err(io_error(&path, io::Error::other("expected a file, found a folder or link where a generated file goes")))
        }
        Ok(_) => {
            let existing = fs::read(&path).map_err(|e| io_error(&path, e))?;
            Ok(if same_text(&existing, contents) { OnDisk::Same } else { OnDisk::Differs { generated: is_generated(&existing) } })
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(OnDisk::Missing),
        Err(error) => Err(io_error(&path, error)),
    }
}

fn same_text(on_disk: &[u8], generated: &str) -> bool {
    if on_disk == generated.as_bytes() {
        return true;
    }
    if !on_disk.contains(&b'\r') {
        return false;
    }
    let mut normalised = Vec::with_capacity(on_disk.len());
    let mut bytes = on_disk.iter().peekable();
    while let Some(&byte) = bytes.next() {
        if !(byte == b'\r' && bytes.peek() == Some(&&b'\n')) {
            normalised.push(byte);
        }
    }
    normalised == generated.as_bytes()
}

/// The folders where generated `.rs` files live (`tests/` holds `tests/examples.rs`, with
/// `[output] conformance`): an orphan is looked for only there.
const GENERATED_FOLDERS: [&str; 2] = ["src", "tests"];

/// The generated files (`.rs` files under the generated folders that start with the header)
/// that `files` no longer has, by path relative to `out_dir`. Links are not followed.
fn orphans(out_dir: &Path, files: &BTreeMap<String, String>) -> Result<Vec<String>, CodegenError> {
    let mut orphaned = Vec::new();
    for folder in GENERATED_FOLDERS {
        for path in files_under(&out_dir.join(folder))? {
            // A file still generated is no orphan, whatever it starts with: only others are opened.
            if path.extension().is_some_and(|e| e == "rs") && !files.contains_key(&display_path(&path, out_dir)) && starts_generated(&path)?
            {
                orphaned.push(display_path(&path, out_dir));
            }
        }
    }
    orphaned.sort();
    Ok(orphaned)
}

/// Every regular file under `folder`, recursively, without following links; none if
/// `folder` does not exist.
fn files_under(folder: &Path) -> Result<Vec<PathBuf>, CodegenError> {
    let mut found = Vec::new();
    if !fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir()) {
        return Ok(found);
    }
    let mut folders = vec![folder.to_path_buf()];
    while let Some(current) = folders.pop() {
        for entry in fs::read_dir(&current).map_err(|e| io_error(&current, e))? {
            let entry = entry.map_err(|e| io_error(&current, e))?;
            let file_type = entry.file_type().map_err(|e| io_error(&entry.path(), e))?;
            if file_type.is_dir() {
                folders.push(entry.path());
            } else if file_type.is_file() {
                found.push(entry.path());
            }
        }
    }
    Ok(found)
}

/// Reads no more of the file than its first line needs.
fn starts_generated(path: &Path) -> Result<bool, CodegenError> {
    let mut start = Vec::with_capacity(128);
    fs::File::open(path).and_then(|file| file.take(128).read_to_end(&mut start)).map_err(|e| io_error(path, e))?;
    Ok(is_generated(&start))
}

/// Undoes what a killed run left: a kept-aside file whose original is missing goes back;
/// every other `.codegen-new` or `.codegen-old` file goes.
fn recover_interrupted_run(disk: &dyn Disk, out_dir: &Path) -> Result<(), CodegenError> {
    let top_level = fs::read_dir(out_dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect::<Vec<_>>())
        .unwrap_or_default();
    let mut under = Vec::new();
    for folder in GENERATED_FOLDERS {
        under.extend(files_under(&out_dir.join(folder))?);
    }
    for path in top_level.into_iter().chain(under) {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if let Some(original) = name.strip_prefix('.').and_then(|n| n.strip_suffix(OLD_SUFFIX)) {
            let original = path.with_file_name(original);
            if fs::symlink_metadata(&original).is_err() {
                disk.rename(&path, &original).map_err(|e| io_error(&original, e))?;
                continue;
            }
            disk.remove_file(&path).map_err(|e| io_error(&path, e))?;
        } else if name.starts_with('.') && name.ends_with(NEW_SUFFIX) {
            disk.remove_file(&path).map_err(|e| io_error(&path, e))?;
        }
    }
    Ok(())
}

fn io_error(path: &Path, cause: io::Error) -> CodegenError {
    CodegenError::Io { path: path.display().to_string(), cause }
}

/// `folder/.name.suffix`, beside `path`.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}{suffix}"))
}

/// The file operations a sync makes, behind a trait so that tests can make any one fail.
trait Disk: Sync {
    fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    fn create_dir(&self, path: &Path) -> io::Result<()>;
    fn remove_dir(&self, path: &Path) -> io::Result<()>;
}

struct RealDisk;

impl Disk for RealDisk {
    fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        fs::write(path, contents)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }
    fn create_dir(&self, path: &Path) -> io::Result<()> {
        fs::create_dir(path)
    }
    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        fs::remove_dir(path)
    }
}

/// One step of the commit, remembered so that it can be undone.
enum Done {
    /// The file at `path` was moved to `aside`.
    KeptAside { path: PathBuf, aside: PathBuf },
    /// A new file was renamed to `path` (where nothing was, or after the old one was kept aside).
    Placed { path: PathBuf, temporary: PathBuf },
}

struct Transaction<'a> {
    disk: &'a dyn Disk,
    out_dir: &'a Path,
    /// Folders this run created, outermost first.
    created_folders: Vec<PathBuf>,
    /// Temporary files written and not yet renamed into place.
    temporaries: BTreeSet<PathBuf>,
    done: Vec<Done>,
}

impl<'a> Transaction<'a> {
    fn new(disk: &'a dyn Disk, out_dir: &'a Path) -> Self {
        Transaction { disk, out_dir, created_folders: Vec::new(), temporaries: BTreeSet::new(), done: Vec::new() }
    }

    /// Writes `changes` and removes `removals`, all or nothing.
    fn run(mut self, changes: &[(&str, &[u8])], removals: &[&str]) -> Result<(), CodegenError> {
        if changes.is_empty() && removals.is_empty() {
            return Ok(());
        }
        let result = self.stage(changes).and_then(|()| self.commit(changes, removals));
        match result {
            Ok(()) => self.finish(),
            Err(error) => Err(self.roll_back(error)),
        }
    }

    /// Creates the folders new files need and writes every temporary file.
    fn stage(&mut self, changes: &[(&str, &[u8])]) -> Result<(), CodegenError> {
        let folders: BTreeSet<PathBuf> =
            changes.iter().filter_map(|(relative, _)| self.out_dir.join(relative).parent().map(Path::to_path_buf)).collect();
        for folder in folders {
            let mut missing: Vec<PathBuf> = folder.ancestors().take_while(|a| !a.exists()).map(Path::to_path_buf).collect();
            missing.reverse();
            for folder in missing {
                self.disk.create_dir(&folder).map_err(|e| io_error(&folder, e))?;
                self.created_folders.push(folder);
            }
        }
        // Creating files is slow on some disks; several threads hide the latency.
        let written = crate::parallel::map(changes, |(relative, contents)| {
            let temporary = beside(&self.out_dir.join(relative), NEW_SUFFIX);
            let result = self.disk.write(&temporary, contents).map_err(|e| io_error(&temporary, e));
            (temporary, result)
        });
        let mut first_error = None;
        for (temporary, result) in written {
            // A failed write may still have created the file: it is removed with the rest.
            self.temporaries.insert(temporary);
            if let Err(error) = result {
                first_error.get_or_insert(error);
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Renames every temporary into place and keeps every replaced or orphaned file aside.
    fn commit(&mut self, changes: &[(&str, &[u8])], removals: &[&str]) -> Result<(), CodegenError> {
        for (relative, _) in changes {
            let path = self.out_dir.join(relative);
            if fs::symlink_metadata(&path).is_ok() {
                self.keep_aside(&path)?;
            }
            let temporary = beside(&path, NEW_SUFFIX);
            self.disk.rename(&temporary, &path).map_err(|e| io_error(&path, e))?;
            self.temporaries.remove(&temporary);
            self.done.push(Done::Placed { path, temporary });
        }
        for relative in removals {
            self.keep_aside(&self.out_dir.join(relative))?;
        }
        Ok(())
    }

    fn keep_aside(&mut self, path: &Path) -> Result<(), CodegenError> {
        let aside = beside(path, OLD_SUFFIX);
        self.disk.rename(path, &aside).map_err(|e| io_error(path, e))?;
        self.done.push(Done::KeptAside { path: path.to_path_buf(), aside });
        Ok(())
    }

    /// Everything is in place: the kept-aside files go.
    fn finish(self) -> Result<(), CodegenError> {
        for done in &self.done {
            if let Done::KeptAside { aside, .. } = done {
                self.disk.remove_file(aside).map_err(|e| io_error(aside, e))?;
            }
        }
        Ok(())
    }

    /// Undoes every step in reverse and says whether the folder is as it was.
    fn roll_back(mut self, cause: CodegenError) -> CodegenError {
        let mut failures = Vec::new();
        let mut note = |result: io::Result<()>, path: &Path| {
            if let Err(error) = result
                && error.kind() != io::ErrorKind::NotFound
            {
                failures.push(format!("{}: {error}", path.display()));
            }
        };
        while let Some(done) = self.done.pop() {
            match done {
                Done::Placed { path, temporary } => {
                    // Back to a temporary, removed below with the others.
                    note(self.disk.rename(&path, &temporary), &path);
                    self.temporaries.insert(temporary);
                }
                Done::KeptAside { path, aside } => note(self.disk.rename(&aside, &path), &path),
            }
        }
        for temporary in std::mem::take(&mut self.temporaries) {
            note(self.disk.remove_file(&temporary), &temporary);
        }
        for folder in self.created_folders.iter().rev() {
            note(self.disk.remove_dir(folder), folder);
        }
        CodegenError::Aborted { cause: Box::new(cause), restore_failures: failures }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The real disk, but the operation numbered `fail_at` (counting from 0) fails.
    struct FaultyDisk {
        operations: AtomicUsize,
        fail_at: usize,
    }

    impl FaultyDisk {
        fn new(fail_at: usize) -> Self {
            FaultyDisk { operations: AtomicUsize::new(0), fail_at }
        }
        fn step(&self) -> io::Result<()> {
            if self.operations.fetch_add(1, Ordering::SeqCst) == self.fail_at {
                return Err(io::Error::other("injected fault"));
            }
            Ok(())
        }
    }

    impl Disk for FaultyDisk {
        fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
            self.step()?;
            RealDisk.write(path, contents)
        }
        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            self.step()?;
            RealDisk.rename(from, to)
        }
        fn remove_file(&self, path: &Path) -> io::Result<()> {
            self.step()?;
            RealDisk.remove_file(path)
        }
        fn create_dir(&self, path: &Path) -> io::Result<()> {
            self.step()?;
            RealDisk.create_dir(path)
        }
        fn remove_dir(&self, path: &Path) -> io::Result<()> {
            RealDisk.remove_dir(path)
        }
    }

    const HEADER: &str = "// @generated by a test\n";

    fn scratch(name: &str) -> PathBuf {
        crate::test_support::scratch(&format!("output-{name}"))
    }

    /// Every file and folder under `dir` with its bytes, to compare a folder before and after.
    fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
        let mut entries = BTreeMap::new();
        let mut folders = vec![dir.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                let relative = display_path(&path, dir);
                if path.is_dir() {
                    entries.insert(relative, None);
                    folders.push(path);
                } else {
                    entries.insert(relative, Some(fs::read(&path).unwrap()));
                }
            }
        }
        entries
    }

    fn write(dir: &Path, relative: &str, contents: &str) {
        let path = dir.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    /// A previous crate: one unchanged file, one stale, one orphaned, one hand-written, and a
    /// standalone crate's own `target/` and `Cargo.lock`.
    fn previous_crate(dir: &Path) {
        write(dir, "Cargo.toml", "# @generated manifest\nold\n");
        write(dir, "Cargo.lock", "# hand-kept lock\n");
        write(dir, "target/debug/x", "build output");
        write(dir, "src/lib.rs", &format!("{HEADER}same\n"));
        write(dir, "src/a/stale.rs", &format!("{HEADER}old\n"));
        write(dir, "src/a/orphan.rs", &format!("{HEADER}nothing makes me\n"));
        write(dir, "src/mine.rs", "// hand-written\n");
        write(dir, "tests/examples.rs", &format!("{HEADER}no longer asked for\n"));
        write(dir, "tests/mine.rs", "// hand-written\n");
    }

    fn next_crate() -> BTreeMap<String, String> {
        [
            ("Cargo.toml", "# @generated manifest\nnew\n".to_string()),
            ("src/lib.rs", format!("{HEADER}same\n")),
            ("src/a/stale.rs", format!("{HEADER}new\n")),
            ("src/b/c/new.rs", format!("{HEADER}brand new\n")),
        ]
        .into_iter()
        .map(|(path, contents)| (path.to_string(), contents))
        .collect()
    }

    #[test]
    fn a_sync_writes_what_changed_and_keeps_what_is_not_its_own() {
        let dir = scratch("sync");
        previous_crate(&dir);
        let report = sync(&dir, &next_crate(), &BTreeSet::new(), Mode::Write(Overwrite::OwnedOnly)).unwrap();
        assert_eq!(report.stale, ["Cargo.toml", "src/a/stale.rs"]);
        assert_eq!(report.missing, ["src/b/c/new.rs"]);
        assert_eq!(report.orphaned, ["src/a/orphan.rs", "tests/examples.rs"]);
        assert_eq!(report.unchanged, 1);
        let after = tree(&dir);
        let expected: BTreeMap<String, Option<Vec<u8>>> = [
            ("Cargo.lock", Some("# hand-kept lock\n".to_string())),
            ("Cargo.toml", Some("# @generated manifest\nnew\n".to_string())),
            ("src", None),
            ("src/a", None),
            ("src/a/stale.rs", Some(format!("{HEADER}new\n"))),
            ("src/b", None),
            ("src/b/c", None),
            ("src/b/c/new.rs", Some(format!("{HEADER}brand new\n"))),
            ("src/lib.rs", Some(format!("{HEADER}same\n"))),
            ("src/mine.rs", Some("// hand-written\n".to_string())),
            ("target", None),
            ("target/debug", None),
            ("target/debug/x", Some("build output".to_string())),
            ("tests", None),
            ("tests/mine.rs", Some("// hand-written\n".to_string())),
        ]
        .into_iter()
        .map(|(path, contents)| (path.to_string(), contents.map(String::into_bytes)))
        .collect();
        assert_eq!(after, expected);
        assert!(sync(&dir, &next_crate(), &BTreeSet::new(), Mode::Check).unwrap().is_fresh());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn files_without_the_header_are_refused_unless_forced() {
        let dir = scratch("refuse");
        write(&dir, "Cargo.toml", "[package]\nname = \"mine\"\n");
        write(&dir, "src/lib.rs", "pub fn mine() {}\n");
        let before = tree(&dir);
        let files: BTreeMap<String, String> =
            [("Cargo.toml", "# @generated\n"), ("src/lib.rs", "// @generated\n"), ("src/x.rs", "// @generated\n")]
                .into_iter()
                .map(|(p, c)| (p.to_string(), c.to_string()))
                .collect();
        let error = sync(&dir, &files, &BTreeSet::new(), Mode::Write(Overwrite::OwnedOnly)).unwrap_err();
        let message = error.to_string();
        assert!(matches!(error, CodegenError::NotOwned { .. }), "{message}");
        assert!(message.contains("Cargo.toml") && message.contains("src/lib.rs") && message.contains("--force"), "{message}");
        assert_eq!(tree(&dir), before, "a refused sync writes nothing");
        sync(&dir, &files, &BTreeSet::new(), Mode::Write(Overwrite::Force)).unwrap();
        assert_eq!(fs::read_to_string(dir.join("src/lib.rs")).unwrap(), "// @generated\n");
        fs::remove_dir_all(&dir).unwrap();
    }

    /// Every operation of a sync made to fail in turn: each time the folder is byte-identical
    /// to the previous crate afterwards, and the error names the injected fault.
    #[test]
    fn a_failure_at_any_step_leaves_the_previous_crate_byte_identical() {
        let counting = FaultyDisk::new(usize::MAX);
        let dir = scratch("count");
        previous_crate(&dir);
        sync_on(&counting, &dir, &next_crate(), &BTreeSet::new(), Mode::Write(Overwrite::OwnedOnly)).unwrap();
        let operations = counting.operations.load(Ordering::SeqCst);
        assert!(operations >= 10, "{operations} operations");
        fs::remove_dir_all(&dir).unwrap();

        let mut aborted = 0;
        for fail_at in 0..operations {
            let dir = scratch(&format!("fault-{fail_at}"));
            previous_crate(&dir);
            let before = tree(&dir);
            let error = sync_on(&FaultyDisk::new(fail_at), &dir, &next_crate(), &BTreeSet::new(), Mode::Write(Overwrite::OwnedOnly));
            let after = tree(&dir);
            match error {
                Err(CodegenError::Aborted { cause, restore_failures }) => {
                    assert!(cause.to_string().contains("injected fault"), "{cause}");
                    assert!(restore_failures.is_empty(), "{restore_failures:?}");
                    assert_eq!(after, before, "operation {fail_at} of {operations} failed");
                    aborted += 1;
                }
                // The last steps remove kept-aside files: the new crate is already in place.
                Err(CodegenError::Io { cause, .. }) => {
                    assert!(cause.to_string().contains("injected fault"));
                    assert_eq!(after.get("src/a/stale.rs"), Some(&Some(format!("{HEADER}new\n").into_bytes())));
                }
                other => panic!("operation {fail_at}: {other:?}"),
            }
            fs::remove_dir_all(&dir).unwrap();
        }
        // Two folders, three temporaries, seven renames; then four kept-aside files removed.
        assert_eq!((operations, aborted), (16, 12));
    }

    #[test]
    fn a_killed_run_is_recovered_by_the_next() {
        let dir = scratch("killed");
        previous_crate(&dir);
        // Killed after the stale file was kept aside and before its replacement was placed.
        fs::rename(dir.join("src/a/stale.rs"), dir.join("src/a/.stale.rs.codegen-old")).unwrap();
        write(&dir, "src/a/.stale.rs.codegen-new", "half");
        write(&dir, ".Cargo.toml.codegen-new", "half");
        let report = sync(&dir, &next_crate(), &BTreeSet::new(), Mode::Write(Overwrite::OwnedOnly)).unwrap();
        assert_eq!(report.stale, ["Cargo.toml", "src/a/stale.rs"], "the kept-aside file was put back first");
        let names: Vec<String> = tree(&dir).into_keys().filter(|p| p.contains(".codegen-")).collect();
        assert!(names.is_empty(), "{names:?}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_checkout_with_crlf_newlines_is_fresh_and_not_rewritten() {
        let dir = scratch("crlf");
        let files: BTreeMap<String, String> =
            [("src/lib.rs".to_string(), format!("{HEADER}pub mod a;\n\npub fn f() {{}}\n"))].into_iter().collect();
        write(&dir, "src/lib.rs", &files["src/lib.rs"].replace('\n', "\r\n"));
        let report = sync(&dir, &files, &BTreeSet::new(), Mode::Write(Overwrite::OwnedOnly)).unwrap();
        assert_eq!((report.unchanged, report.stale.len()), (1, 0));
        assert!(fs::read(dir.join("src/lib.rs")).unwrap().contains(&b'\r'), "not rewritten");
        // A lone `\r` is content, not a newline.
        write(&dir, "src/lib.rs", &files["src/lib.rs"].replace('\n', "\r"));
        assert_eq!(sync(&dir, &files, &BTreeSet::new(), Mode::Check).unwrap().stale, ["src/lib.rs"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_header_is_a_first_line_comment() {
        assert!(is_generated(b"// @generated by `cargo xtask codegen` from the schemas; do not edit by hand.\nx"));
        assert!(is_generated(b"# @generated by `cargo xtask codegen`; do not edit by hand.\n[package]"));
        assert!(!is_generated(b"[package]\n# @generated\n"));
        assert!(!is_generated(b"fn main() {} // @generated"));
        assert!(!is_generated(b""));
    }
}
