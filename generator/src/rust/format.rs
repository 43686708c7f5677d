//! Formatting: tokens to the text of a file, through syn and prettyplease, each file under
//! the `@generated` header.
//!
//! Formatting is most of what emitting costs, and a regeneration mostly formats the same
//! tokens again. So every formatted file gets a fingerprint of the tokens it is formatted
//! from (of an object's or enumeration's declaration: their tokens are built only to format
//! them), and a [`Reuse`] may hand back the text a previous run formatted from the same
//! fingerprint (`crate::format_cache` keeps them between runs). Whether text is reused or
//! formatted, the file is the same.

use super::items::TypeItems;
use super::{EmitError, HEADER};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::{Mutex, PoisonError};

/// A fingerprint of what a file is formatted from: its tokens, or the declaration that makes
/// them (xxh3, 128 bits).
pub type Fingerprint = u128;

/// Text formatted earlier from what had the same fingerprint, if it is known.
pub trait Reuse: Sync {
    /// The text of the file at `path` (relative to the crate folder) when it was last
    /// formatted from what had `fingerprint`, if that text is known and intact: as the output
    /// folder holds it, read in this run (sync does not read a reused file again).
    fn formatted(&self, path: &str, fingerprint: Fingerprint) -> Option<String>;
}

/// Formats every file.
pub struct FormatEveryFile;

impl Reuse for FormatEveryFile {
    fn formatted(&self, _: &str, _: Fingerprint) -> Option<String> {
        None
    }
}

/// Formats files, or reuses their text, and keeps the fingerprint of each.
pub(super) struct Formatter<'a> {
    reuse: &'a dyn Reuse,
    fingerprints: Mutex<BTreeMap<String, Fingerprint>>,
    reused: Mutex<BTreeSet<String>>,
}

impl<'a> Formatter<'a> {
    pub(super) fn new(reuse: &'a dyn Reuse) -> Formatter<'a> {
        Formatter { reuse, fingerprints: Mutex::new(BTreeMap::new()), reused: Mutex::new(BTreeSet::new()) }
    }

    /// The fingerprint of every file formatted or reused, by path, and the paths of the reused.
    pub(super) fn finish(self) -> (BTreeMap<String, Fingerprint>, BTreeSet<String>) {
        (
            self.fingerprints.into_inner().unwrap_or_else(PoisonError::into_inner),
            self.reused.into_inner().unwrap_or_else(PoisonError::into_inner),
        )
    }

    /// A file of `tokens`: formatted, with the header on top.
    pub(super) fn file(&self, path: &str, tokens: TokenStream) -> Result<String, EmitError> {
        let fingerprint = fingerprint(&[&"file", &tokens]);
        self.reuse_or(path, fingerprint, || Ok(format!("{HEADER}\n{}", format_tokens(path, tokens)?)))
    }

    /// A file of the tokens `declaration` makes: fingerprinted from the declaration, and its
    /// tokens built only when the file is formatted.
    pub(super) fn declared_file(
        &self,
        path: &str,
        declaration: &dyn std::fmt::Display,
        tokens: impl FnOnce() -> TokenStream,
    ) -> Result<String, EmitError> {
        let fingerprint = fingerprint(&[&"declared file", declaration]);
        self.reuse_or(path, fingerprint, || Ok(format!("{HEADER}\n{}", format_tokens(path, tokens())?)))
    }

    /// A file of items: `tokens` wrapped in the runtime macro `macro_path` when they are a
    /// declaration for one (formatted, then indented inside the macro's braces, since
    /// prettyplease leaves a macro's body on one line), and `after` (items outside the
    /// macro) at the end.
    pub(super) fn items_file(&self, path: &str, items: TypeItems, after: TokenStream) -> Result<String, EmitError> {
        let TypeItems { macro_path, tokens: items } = items;
        // A declaration's tokens are a function of it: its fingerprint stands for them, and
        // they are built only to be formatted.
        let fingerprint = fingerprint(&[&macro_path.unwrap_or("no macro"), &items, &after]);
        self.reuse_or(path, fingerprint, || {
            let tokens = items.into_tokens();
            let Some(macro_path) = macro_path else {
                return Ok(format!("{HEADER}\n{}", format_tokens(path, quote! { use crate::runtime as rt; #tokens #after })?));
            };
            let declaration = format_tokens(path, tokens)?;
            let mut contents = format!("{HEADER}\nuse crate::runtime as rt;\n\n{macro_path}! {{\n");
            for line in declaration.lines() {
                if !line.is_empty() {
                    contents.push_str("    ");
                }
                contents.push_str(line);
                contents.push('\n');
            }
            // Indenting a formatted item and closing one brace keeps the file well-formed.
            contents.push_str("}\n");
            if !after.is_empty() {
                contents.push('\n');
                contents.push_str(&format_tokens(path, after)?);
            }
            Ok(contents)
        })
    }

    /// The text `reuse` knows for `fingerprint`, or else `format`'s.
    fn reuse_or(
        &self,
        path: &str,
        fingerprint: Fingerprint,
        format: impl FnOnce() -> Result<String, EmitError>,
    ) -> Result<String, EmitError> {
        let reused = self.reuse.formatted(path, fingerprint);
        let mut reused_paths = self.reused.lock().unwrap_or_else(PoisonError::into_inner);
        if reused.is_some() {
            reused_paths.insert(path.to_string());
        } else {
            reused_paths.remove(path);
        }
        drop(reused_paths);
        let contents = match reused {
            Some(contents) => contents,
            None => format()?,
        };
        self.fingerprints.lock().unwrap_or_else(PoisonError::into_inner).insert(path.to_string(), fingerprint);
        Ok(contents)
    }
}

/// The fingerprint of `parts` as text, each ended by a byte no token's text contains, so
/// that no two lists of parts run together into the same text.
fn fingerprint(parts: &[&dyn std::fmt::Display]) -> Fingerprint {
    /// Feeds text to the hasher as it is written: a file's tokens are never one string.
    struct Hashing(xxhash_rust::xxh3::Xxh3);
    impl std::fmt::Write for Hashing {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            self.0.update(text.as_bytes());
            Ok(())
        }
    }
    let mut hashing = Hashing(xxhash_rust::xxh3::Xxh3::new());
    for part in parts {
        // Writing to a hasher cannot fail.
        let _ = write!(hashing, "{part}\0");
    }
    hashing.0.digest128()
}

/// Writes each part of a declaration after its length, so that no two lists of parts read
/// alike: the text a declaration's fingerprint is taken of.
pub(super) struct Parts<'a, 'b>(pub &'a mut std::fmt::Formatter<'b>);

impl Parts<'_, '_> {
    pub(super) fn part(&mut self, text: &str) -> std::fmt::Result {
        // Written piece by piece: a format string costs more than the text is long.
        self.0.write_str(itoa::Buffer::new().format(text.len()))?;
        self.0.write_char(':')?;
        self.0.write_str(text)
    }
}

/// Formats tokens as the items of a file.
fn format_tokens(path: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|error| EmitError::Unparsable { file: path.to_string(), message: error.to_string() })?;
    Ok(prettyplease::unparse(&file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rust::items::Items;
    use std::collections::BTreeMap;

    /// Hands back what it was given for one fingerprint, and records what was asked.
    struct Remembered(BTreeMap<String, (Fingerprint, String)>);

    impl Reuse for Remembered {
        fn formatted(&self, path: &str, fingerprint: Fingerprint) -> Option<String> {
            self.0.get(path).filter(|(known, _)| *known == fingerprint).map(|(_, text)| text.clone())
        }
    }

    #[test]
    fn the_same_tokens_reuse_the_text_and_other_tokens_are_formatted() {
        let tokens = || quote! { pub struct A { pub x: i32 } };
        let fresh = Formatter::new(&FormatEveryFile);
        let formatted = fresh.file("src/a.rs", tokens()).unwrap();
        assert!(formatted.starts_with(HEADER) && formatted.contains("pub struct A {\n    pub x: i32,\n}"), "{formatted}");
        let (fingerprints, reused) = fresh.finish();
        assert!(reused.is_empty());
        let fingerprint = fingerprints["src/a.rs"];

        let remembered = Remembered([("src/a.rs".to_string(), (fingerprint, "kept".to_string()))].into_iter().collect());
        let reusing = Formatter::new(&remembered);
        assert_eq!(reusing.file("src/a.rs", tokens()).unwrap(), "kept");
        // One token more, or the same tokens for another kind of file: formatted afresh.
        assert_eq!(reusing.file("src/a.rs", quote! { pub struct A { pub x: i64 } }).unwrap(), formatted.replace("i32", "i64"));
        let wrapped = reusing
            .items_file("src/a.rs", TypeItems { macro_path: Some("rt::object"), tokens: Items::Tokens(tokens()) }, TokenStream::new())
            .unwrap();
        assert!(wrapped.contains("rt::object! {\n    pub struct A {\n        pub x: i32,\n    }\n}\n"), "{wrapped}");
        let (fingerprints, reused) = reusing.finish();
        // The path's last text was formatted, not the one reused first.
        assert!(reused.is_empty(), "{reused:?}");
        assert_ne!(fingerprints["src/a.rs"], fingerprint);
    }

    #[test]
    fn parts_do_not_run_together() {
        assert_ne!(fingerprint(&[&"ab", &"c"]), fingerprint(&[&"a", &"bc"]));
        assert_eq!(fingerprint(&[&"ab", &"c"]), fingerprint(&[&"ab", &"c"]));
    }
}
