//! Reads one resource page into a [`Page`]: what the Markdown says, faithfully, with lines.
//!
//! Nothing here interprets the page as a schema: tables stay tables of inline runs, code
//! blocks stay text beside the HTML-comment annotation that precedes them. The lowering
//! pass (`lower.rs`) decides what they mean.

use super::lenient_json;
use crate::ir::{Diagnostic, Span};
use crate::lines::LineIndex;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use serde_json::{Map, Value};

/// A resource page as written.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub path: String,
    /// `key: value` pairs of the YAML front matter, in order (`ms.prod`, `title`, ...).
    pub front_matter: Vec<(String, String)>,
    /// The `Namespace: x.y` line that 2021 pages carry under their title.
    pub namespace: Option<String>,
    /// The first paragraph of prose under the title.
    pub summary: Option<String>,
    pub tables: Vec<Table>,
    /// Code blocks preceded by a JSON annotation comment.
    pub blocks: Vec<AnnotatedBlock>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Page {
    pub fn front_matter(&self, key: &str) -> Option<&str> {
        self.front_matter.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn span(&self, line: u32) -> Span {
        Span::new(self.path.clone(), line)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The text of the nearest heading above the table.
    pub section: String,
    pub line: u32,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<Cell>,
}

/// A table cell as a run of inlines, so that links and code spans survive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub inlines: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Code(String),
    Link { text: String, target: String },
}

impl Cell {
    /// The cell's text with markup removed.
    pub fn plain(&self) -> String {
        let mut text = String::new();
        for inline in &self.inlines {
            match inline {
                Inline::Text(t) | Inline::Code(t) | Inline::Link { text: t, .. } => text.push_str(t),
            }
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// A fenced code block and the annotation comment in front of it.
#[derive(Debug, Clone)]
pub struct AnnotatedBlock {
    pub annotation: Map<String, Value>,
    pub annotation_line: u32,
    pub language: String,
    pub code: String,
    /// Line of the first line of code, after the fence.
    pub code_line: u32,
}

impl AnnotatedBlock {
    pub fn annotation_str(&self, key: &str) -> Option<&str> {
        self.annotation.get(key).and_then(Value::as_str)
    }

    pub fn annotation_bool(&self, key: &str) -> bool {
        match self.annotation.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
            _ => false,
        }
    }

    pub fn block_type(&self) -> Option<&str> {
        self.annotation_str("blockType")
    }
}

/// Reads `text`, the contents of the page at `path`.
pub fn read_page(path: &str, text: &str) -> Page {
    // 791 pages of the 2018 corpus start with a byte-order mark, which hides the front matter.
    // `input::read_text` drops it from files; text given by other callers may still carry it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(text);
    let mut page = Page { path: path.to_string(), ..Page::default() };
    let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let parser = Parser::new_ext(text, options).into_offset_iter();

    let mut section = String::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut seen_title = false;
    let mut seen_h2 = false;
    let mut paragraph: Option<String> = None;
    let mut blockquote_depth = 0usize;
    let mut metadata: Option<String> = None;
    let mut html_block: Option<(String, u32)> = None;
    let mut pending_annotation: Option<(Map<String, Value>, u32)> = None;
    let mut code: Option<(String, String, u32)> = None;
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut cell: Option<Cell> = None;
    let mut link: Option<(String, String)> = None;

    for (event, range) in parser {
        let line = lines.line(range.start);
        match event {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => metadata = Some(String::new()),
            Event::End(TagEnd::MetadataBlock(_)) => {
                if let Some(yaml) = metadata.take() {
                    page.front_matter = read_front_matter(&yaml);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    seen_title |= level == HeadingLevel::H1;
                    seen_h2 |= level >= HeadingLevel::H2 && level != HeadingLevel::H1;
                    section = text.trim().to_string();
                }
                pending_annotation = None;
            }
            Event::Start(Tag::BlockQuote(_)) => blockquote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => blockquote_depth = blockquote_depth.saturating_sub(1),
            Event::Start(Tag::Paragraph) if table.is_none() => paragraph = Some(String::new()),
            Event::End(TagEnd::Paragraph) => {
                if let Some(text) = paragraph.take() {
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if let Some(namespace) = text.strip_prefix("Namespace:") {
                        page.namespace = Some(namespace.trim().trim_matches('`').to_string());
                    } else if seen_title
                        && !seen_h2
                        && blockquote_depth == 0
                        && page.summary.is_none()
                        && !text.is_empty()
                        && !text.starts_with("[!")
                    {
                        page.summary = Some(text);
                    }
                }
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some((String::new(), line)),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((html, start)) = html_block.take() {
                    match read_annotation(&html) {
                        Ok(Some(annotation)) => pending_annotation = Some((annotation, start)),
                        Ok(None) if html.trim_start().starts_with("<!--") => {}
                        Ok(None) => pending_annotation = None,
                        Err(error) => {
                            page.diagnostics.push(Diagnostic::warning(
                                page.span(start + error.line - 1),
                                format!("annotation comment is not JSON even read leniently ({}); expected an object such as {{\"blockType\": \"resource\"}}", error.message),
                            ));
                            pending_annotation = None;
                        }
                    }
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_ascii_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((language, String::new(), line + 1));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((language, text, code_line)) = code.take()
                    && let Some((annotation, annotation_line)) = pending_annotation.take()
                {
                    page.blocks.push(AnnotatedBlock { annotation, annotation_line, language, code: text, code_line });
                }
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table { section: section.clone(), line, ..Table::default() });
                pending_annotation = None;
            }
            Event::End(TagEnd::Table) => page.tables.extend(table.take()),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => row = Some(Row { line, cells: Vec::new() }),
            Event::End(TagEnd::TableHead) => {
                if let (Some(head), Some(table)) = (row.take(), table.as_mut()) {
                    table.header = head.cells.iter().map(Cell::plain).collect();
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(done), Some(table)) = (row.take(), table.as_mut()) {
                    table.rows.push(done);
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(Cell::default()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(done), Some(row)) = (cell.take(), row.as_mut()) {
                    row.cells.push(done);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => link = Some((String::new(), dest_url.to_string())),
            Event::End(TagEnd::Link) => {
                if let Some((text, target)) = link.take()
                    && let Some(cell) = cell.as_mut()
                {
                    cell.inlines.push(Inline::Link { text, target });
                }
            }
            Event::Text(text) => {
                if let Some(yaml) = metadata.as_mut() {
                    yaml.push_str(&text);
                } else if let Some((_, code_text, _)) = code.as_mut() {
                    code_text.push_str(&text);
                } else {
                    push_text(&mut heading, &mut paragraph, &mut link, &mut cell, &text, false);
                }
            }
            Event::Code(text) => push_text(&mut heading, &mut paragraph, &mut link, &mut cell, &text, true),
            Event::Html(html) => {
                if let Some((block, _)) = html_block.as_mut() {
                    block.push_str(&html);
                }
            }
            Event::InlineHtml(html) => {
                // `<br>`, `<br/>` and the `</br>` some pages write separate words.
                let tag = html.trim().to_ascii_lowercase();
                if tag.starts_with("<br") || tag.starts_with("</br") {
                    push_text(&mut heading, &mut paragraph, &mut link, &mut cell, "\n", false);
                }
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut heading, &mut paragraph, &mut link, &mut cell, " ", false),
            _ => {}
        }
    }
    page
}

/// Appends inline text to whatever is open, innermost first.
fn push_text(
    heading: &mut Option<(HeadingLevel, String)>,
    paragraph: &mut Option<String>,
    link: &mut Option<(String, String)>,
    cell: &mut Option<Cell>,
    text: &str,
    is_code: bool,
) {
    if let Some((_, heading)) = heading.as_mut() {
        heading.push_str(text);
        return;
    }
    if let Some(paragraph) = paragraph.as_mut() {
        paragraph.push_str(text);
    }
    if let Some((link_text, _)) = link.as_mut() {
        link_text.push_str(text);
        return;
    }
    if let Some(cell) = cell.as_mut() {
        match (is_code, cell.inlines.last_mut()) {
            (false, Some(Inline::Text(last))) => last.push_str(text),
            (false, _) => cell.inlines.push(Inline::Text(text.to_string())),
            (true, _) => cell.inlines.push(Inline::Code(text.to_string())),
        }
    }
}

/// `key: value` lines of a YAML front matter block; values lose their quotes.
fn read_front_matter(yaml: &str) -> Vec<(String, String)> {
    yaml.lines()
        .filter_map(|line| line.split_once(':'))
        .filter(|(key, _)| !key.starts_with(char::is_whitespace) && !key.is_empty())
        .map(|(key, value)| (key.trim().to_string(), value.trim().trim_matches(['"', '\'']).to_string()))
        .collect()
}

/// The JSON object inside an `<!-- { ... } -->` comment; `Ok(None)` when the comment holds
/// none, an error when it looks like an annotation but is not JSON.
fn read_annotation(html: &str) -> Result<Option<Map<String, Value>>, lenient_json::JsonError> {
    let Some(inner) = html.trim().strip_prefix("<!--") else { return Ok(None) };
    let inner = inner.trim_end().strip_suffix("-->").unwrap_or(inner);
    let leading_lines = inner.len() - inner.trim_start().len();
    let leading_lines = inner[..leading_lines].matches('\n').count() as u32;
    let inner = inner.trim();
    if !inner.starts_with('{') {
        return Ok(None);
    }
    match lenient_json::parse(inner) {
        Ok(parsed) => Ok(match parsed.value {
            Value::Object(map) => Some(map),
            _ => None,
        }),
        Err(error) if inner.contains("blockType") => Err(lenient_json::JsonError { line: error.line + leading_lines, ..error }),
        Err(_) => Ok(None),
    }
}
