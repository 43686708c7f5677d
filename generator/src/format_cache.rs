//! The format cache: what a previous run formatted into an output folder, so that a
//! regeneration formats only the files whose tokens changed.
//!
//! For each file it wrote, a run records the fingerprint of what the file was formatted from
//! (its tokens, or the declaration that makes them) and a hash of the file's
//! contents, in one cache file per output folder (under a folder the caller names: `cargo
//! xtask codegen` uses `target/`). The next run reuses a file's text only when both still
//! hold: what it is formatted from has the recorded fingerprint, and the file on disk has the
//! recorded contents (a hand edit is formatted afresh, and then reported or overwritten as
//! before). The recorded files are read when the cache is loaded. The cache belongs to the binary
//! that wrote it: another build of the generator (another emitter, another prettyplease)
//! ignores it. A cache that is missing, unreadable or malformed is an empty one, and one
//! that cannot be written is not an error: the files are the same with or without it.

use crate::rust::{Fingerprint, Reuse};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use xxhash_rust::xxh3::xxh3_128;

/// The first line of a cache file, before the identity of the binary that wrote it.
const MAGIC: &str = "graph-codegen format cache 1";

/// What is recorded of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    tokens: Fingerprint,
    contents: u128,
}

/// The cache of one output folder.
#[derive(Debug)]
pub struct FormatCache {
    /// Where the cache is kept; `None` when this binary cannot tell itself from another.
    file: Option<PathBuf>,
    identity: String,
    entries: BTreeMap<String, Entry>,
    /// The text of each recorded file whose contents on disk are still the recorded ones,
    /// read when the cache is loaded (`codegen::run` loads it while the inputs are analysed,
    /// on a core the analysis leaves idle); handed out once.
    intact: Mutex<BTreeMap<String, String>>,
}

impl FormatCache {
    /// The cache of `out_dir`, kept in `cache_dir`: empty unless this binary wrote it.
    pub fn load(cache_dir: &Path, out_dir: &Path) -> FormatCache {
        let identity = binary_identity();
        let Some(identity) = identity else {
            return FormatCache { file: None, identity: String::new(), entries: BTreeMap::new(), intact: Mutex::default() };
        };
        // The folder's absolute path names its cache, so that two output folders never share one.
        let absolute = std::path::absolute(out_dir).unwrap_or_else(|_| out_dir.to_path_buf());
        let key = xxh3_128(absolute.as_os_str().as_encoded_bytes());
        let file = cache_dir.join(format!("{key:032x}.txt"));
        let entries = fs::read_to_string(&file).ok().and_then(|text| parse(&text, &identity)).unwrap_or_default();
        let intact = entries
            .iter()
            .filter_map(|(path, entry)| {
                let contents = fs::read_to_string(out_dir.join(path)).ok()?;
                (xxh3_128(contents.as_bytes()) == entry.contents).then(|| (path.clone(), contents))
            })
            .collect();
        FormatCache { file: Some(file), identity, entries, intact: Mutex::new(intact) }
    }

    /// Records `files` (by path in the output folder) and the fingerprints of what the
    /// formatted ones were formatted from, replacing what was recorded. Called once the folder
    /// holds exactly these files.
    pub fn save(&self, files: &BTreeMap<String, String>, fingerprints: &BTreeMap<String, Fingerprint>) -> std::io::Result<()> {
        let Some(file) = &self.file else { return Ok(()) };
        let mut text = format!("{MAGIC} {}\n", self.identity);
        for (path, tokens) in fingerprints {
            let Some(contents) = files.get(path) else { continue };
            if !path.contains('\n') {
                text.push_str(&format!("{tokens:032x} {:032x} {path}\n", xxh3_128(contents.as_bytes())));
            }
        }
        if let Some(dir) = file.parent() {
            fs::create_dir_all(dir)?;
        }
        // Written beside and renamed, so that a reader never sees half a cache.
        let partial = file.with_extension("txt.partial");
        fs::write(&partial, text)?;
        fs::rename(&partial, file)
    }

    /// How many files the cache knows.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Reuse for FormatCache {
    fn formatted(&self, path: &str, fingerprint: Fingerprint) -> Option<String> {
        if self.entries.get(path)?.tokens != fingerprint {
            return None;
        }
        self.intact.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(path)
    }
}

/// The entries of a cache file written by the binary `identity` names, or `None`.
fn parse(text: &str, identity: &str) -> Option<BTreeMap<String, Entry>> {
    let mut lines = text.lines();
    if lines.next()? != format!("{MAGIC} {identity}") {
        return None;
    }
    let mut entries = BTreeMap::new();
    for line in lines {
        let mut fields = line.splitn(3, ' ');
        let tokens = u128::from_str_radix(fields.next()?, 16).ok()?;
        let contents = u128::from_str_radix(fields.next()?, 16).ok()?;
        entries.insert(fields.next()?.to_string(), Entry { tokens, contents });
    }
    Some(entries)
}

/// What tells the running binary from any other build: its size and modification time,
/// with this crate's version. `None` when the binary cannot be found.
fn binary_identity() -> Option<String> {
    let metadata = fs::metadata(std::env::current_exe().ok()?).ok()?;
    let modified = metadata.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("{} {} {}.{:09}", env!("CARGO_PKG_VERSION"), metadata.len(), modified.as_secs(), modified.subsec_nanos()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_reused_only_with_its_tokens_and_its_recorded_contents() {
        let dir = crate::test_support::scratch("format-cache-reuse");
        let (cache_dir, out_dir) = (dir.join("cache"), dir.join("out"));
        fs::create_dir_all(out_dir.join("src")).unwrap();
        let files: BTreeMap<String, String> = [("src/a.rs", "// a\n"), ("src/b.rs", "// b\n"), ("Cargo.toml", "[package]\n")]
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .into();
        for (path, contents) in &files {
            fs::write(out_dir.join(path), contents).unwrap();
        }
        let fingerprints: BTreeMap<String, Fingerprint> = [("src/a.rs".to_string(), 1), ("src/b.rs".to_string(), 2)].into();
        let empty = FormatCache::load(&cache_dir, &out_dir);
        assert!(empty.is_empty());
        empty.save(&files, &fingerprints).unwrap();

        let cache = FormatCache::load(&cache_dir, &out_dir);
        assert_eq!(cache.len(), 2, "files not formatted (the manifest) are not recorded");
        assert_eq!(cache.formatted("src/a.rs", 2), None, "other tokens");
        assert_eq!(cache.formatted("src/a.rs", 1).as_deref(), Some("// a\n"));
        assert_eq!(cache.formatted("src/c.rs", 1), None, "an unknown file");

        // Edited or removed since it was recorded: not reused.
        fs::write(out_dir.join("src/b.rs"), "// b, edited by hand\n").unwrap();
        fs::remove_file(out_dir.join("src/a.rs")).unwrap();
        let cache = FormatCache::load(&cache_dir, &out_dir);
        assert_eq!(cache.formatted("src/b.rs", 2), None, "a file edited since");
        assert_eq!(cache.formatted("src/a.rs", 1), None, "a file removed since");

        // Another output folder has a cache of its own.
        assert!(FormatCache::load(&cache_dir, &dir.join("elsewhere")).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_cache_of_another_binary_or_malformed_is_empty() {
        let line = "00000000000000000000000000000001 00000000000000000000000000000002 src/a.rs";
        assert_eq!(parse(&format!("{MAGIC} me\n{line}\n"), "me").map(|e| e.len()), Some(1));
        assert_eq!(parse(&format!("{MAGIC} another\n{line}\n"), "me"), None);
        assert_eq!(parse(&format!("{MAGIC} me\n{line}\nnot hex at all\n"), "me"), None);
        assert_eq!(parse(&format!("{MAGIC} me\n00000000000000000000000000000001\n"), "me"), None);
        assert_eq!(parse("", "me"), None);
    }
}
