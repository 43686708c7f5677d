//! The name index: case-insensitive lookups from what pages write (a file name, a type
//! name, a qualified name) to the canonical type names.

use super::lower::file_stem;
use crate::ir::QualifiedName;
use std::collections::BTreeMap;

/// Case-insensitive lookups from what pages write to the canonical type names.
#[derive(Default)]
pub(super) struct NameIndex {
    by_qualified: BTreeMap<String, QualifiedName>,
    by_simple: BTreeMap<String, Vec<QualifiedName>>,
    by_file: BTreeMap<String, QualifiedName>,
}

impl NameIndex {
    pub(super) fn add_type(&mut self, name: &QualifiedName) {
        self.by_qualified.entry(name.folded()).or_insert_with(|| name.clone());
        self.by_simple.entry(name.name.to_ascii_lowercase()).or_default().push(name.clone());
    }

    pub(super) fn add_page(&mut self, path: &str, name: &QualifiedName) {
        self.by_file.entry(file_stem(path).to_ascii_lowercase()).or_insert_with(|| name.clone());
    }

    pub(super) fn resolve_qualified(&self, name: &QualifiedName) -> Option<&QualifiedName> {
        self.by_qualified.get(&name.folded())
    }

    /// Resolves a written type name (qualified or not) from a type in `namespace`.
    pub(super) fn resolve_text(&self, text: &str, namespace: &str) -> Option<&QualifiedName> {
        let text = text.trim().trim_start_matches('#');
        if text.contains('.')
            && let Some(found) = self.resolve_qualified(&QualifiedName::parse(text, namespace))
        {
            return Some(found);
        }
        let simple = text.rsplit('.').next().unwrap_or(text).to_ascii_lowercase();
        let candidates = self.by_simple.get(&simple)?;
        candidates.iter().find(|c| c.namespace == namespace).or_else(|| candidates.first())
    }

    /// Resolves a link target such as `mediainfo.md` or `../resources/mediaInfo.md#x`.
    pub(super) fn resolve_link(&self, target: &str) -> Option<&QualifiedName> {
        let path = target.split(['#', '?']).next().unwrap_or(target);
        let file = path.rsplit('/').next().unwrap_or(path);
        let stem = file.strip_suffix(".md").unwrap_or(file);
        self.by_file.get(&stem.to_ascii_lowercase())
    }
}
