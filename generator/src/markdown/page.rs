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
    /// The text of the first level-1 heading.
    pub title: Option<String>,
    /// The first paragraph of prose under the title.
    pub summary: Option<String>,
    pub tables: Vec<Table>,
    /// Code blocks preceded by a JSON annotation comment.
    pub blocks: Vec<AnnotatedBlock>,
    /// Code blocks without an annotation comment (an API page's `## HTTP request` block
    /// carries none, or an `ignored` one, which is in `blocks`).
    pub code_blocks: Vec<CodeBlock>,
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

/// A code block as written, under the nearest heading above it.
#[derive(Debug, Clone, Default)]
pub struct CodeBlock {
    pub section: String,
    pub language: String,
    pub code: String,
    /// Line of the first line of code, after the fence.
    pub code_line: u32,
}

/// A fenced code block and the annotation comment in front of it.
#[derive(Debug, Clone)]
pub struct AnnotatedBlock {
    /// The text of the nearest heading above the block.
    pub section: String,
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
    let mut reader = PageReader { page: Page { path: path.to_string(), ..Page::default() }, ..PageReader::default() };
    let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        reader.event(event, lines.line(range.start));
    }
    reader.page
}

/// A page being read, one parser event at a time: the page so far, where the reader is
/// (section, headings seen, block quotes), and the one element of each kind that is open.
#[derive(Default)]
struct PageReader {
    page: Page,
    /// The text of the last heading.
    section: String,
    seen_title: bool,
    seen_h2: bool,
    blockquote_depth: usize,
    /// An annotation comment waiting for the code block it describes.
    pending_annotation: Option<(Map<String, Value>, u32)>,
    open: Open,
}

/// The elements open at the reader's position; text goes to the innermost.
#[derive(Default)]
struct Open {
    metadata: Option<String>,
    heading: Option<(HeadingLevel, String)>,
    paragraph: Option<String>,
    html_block: Option<(String, u32)>,
    /// Language, text, first line.
    code: Option<(String, String, u32)>,
    table: Option<Table>,
    row: Option<Row>,
    cell: Option<Cell>,
    /// Text and target.
    link: Option<(String, String)>,
}

impl PageReader {
    fn event(&mut self, event: Event<'_>, line: u32) {
        match event {
            Event::Start(tag) => self.start(tag, line),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(yaml) = self.open.metadata.as_mut() {
                    yaml.push_str(&text);
                } else if let Some((_, code_text, _)) = self.open.code.as_mut() {
                    code_text.push_str(&text);
                } else {
                    self.open.push_text(&text, false);
                }
            }
            Event::Code(text) => self.open.push_text(&text, true),
            Event::Html(html) => {
                if let Some((block, _)) = self.open.html_block.as_mut() {
                    block.push_str(&html);
                }
            }
            Event::InlineHtml(html) => {
                // `<br>`, `<br/>` and the `</br>` some pages write separate words.
                let tag = html.trim().to_ascii_lowercase();
                if tag.starts_with("<br") || tag.starts_with("</br") {
                    self.open.push_text("\n", false);
                }
            }
            Event::SoftBreak | Event::HardBreak => self.open.push_text(" ", false),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, line: u32) {
        let open = &mut self.open;
        match tag {
            Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => open.metadata = Some(String::new()),
            Tag::Heading { level, .. } => open.heading = Some((level, String::new())),
            Tag::BlockQuote(_) => self.blockquote_depth += 1,
            Tag::Paragraph if open.table.is_none() => open.paragraph = Some(String::new()),
            Tag::HtmlBlock => open.html_block = Some((String::new(), line)),
            Tag::CodeBlock(kind) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_ascii_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                open.code = Some((language, String::new(), line + 1));
            }
            Tag::Table(_) => {
                open.table = Some(Table { section: self.section.clone(), line, ..Table::default() });
                self.pending_annotation = None;
            }
            Tag::TableHead | Tag::TableRow => open.row = Some(Row { line, cells: Vec::new() }),
            Tag::TableCell => open.cell = Some(Cell::default()),
            Tag::Link { dest_url, .. } => open.link = Some((String::new(), dest_url.to_string())),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let open = &mut self.open;
        match tag {
            TagEnd::MetadataBlock(_) => {
                if let Some(yaml) = open.metadata.take() {
                    self.page.front_matter = read_front_matter(&yaml);
                }
            }
            TagEnd::Heading(_) => {
                if let Some((level, text)) = open.heading.take() {
                    if level == HeadingLevel::H1 && self.page.title.is_none() {
                        self.page.title = Some(text.trim().to_string());
                    }
                    self.seen_title |= level == HeadingLevel::H1;
                    self.seen_h2 |= level >= HeadingLevel::H2 && level != HeadingLevel::H1;
                    self.section = text.trim().to_string();
                }
                self.pending_annotation = None;
            }
            TagEnd::BlockQuote(_) => self.blockquote_depth = self.blockquote_depth.saturating_sub(1),
            TagEnd::Paragraph => {
                if let Some(text) = open.paragraph.take() {
                    self.paragraph(text.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
            TagEnd::HtmlBlock => {
                if let Some((html, start)) = open.html_block.take() {
                    self.html_block(&html, start);
                }
            }
            TagEnd::CodeBlock => {
                if let Some((language, code, code_line)) = open.code.take() {
                    let section = self.section.clone();
                    match self.pending_annotation.take() {
                        Some((annotation, annotation_line)) => {
                            self.page.blocks.push(AnnotatedBlock { section, annotation, annotation_line, language, code, code_line })
                        }
                        None => self.page.code_blocks.push(CodeBlock { section, language, code, code_line }),
                    }
                }
            }
            TagEnd::Table => self.page.tables.extend(open.table.take()),
            TagEnd::TableHead => {
                if let (Some(head), Some(table)) = (open.row.take(), open.table.as_mut()) {
                    table.header = head.cells.iter().map(Cell::plain).collect();
                }
            }
            TagEnd::TableRow => {
                if let (Some(done), Some(table)) = (open.row.take(), open.table.as_mut()) {
                    table.rows.push(done);
                }
            }
            TagEnd::TableCell => {
                if let (Some(done), Some(row)) = (open.cell.take(), open.row.as_mut()) {
                    row.cells.push(done);
                }
            }
            TagEnd::Link => {
                if let Some((text, target)) = open.link.take()
                    && let Some(cell) = open.cell.as_mut()
                {
                    cell.inlines.push(Inline::Link { text, target });
                }
            }
            _ => {}
        }
    }

    /// A finished paragraph: the `Namespace:` line, or the page's summary (the first prose
    /// under the title, outside block quotes and notes).
    fn paragraph(&mut self, text: String) {
        let page = &mut self.page;
        if let Some(namespace) = text.strip_prefix("Namespace:") {
            page.namespace = Some(namespace.trim().trim_matches('`').to_string());
        } else if self.seen_title
            && !self.seen_h2
            && self.blockquote_depth == 0
            && page.summary.is_none()
            && !text.is_empty()
            && !text.starts_with("[!")
        {
            page.summary = Some(text);
        }
    }

    /// A finished HTML block: an annotation comment waits for its code block; any other
    /// HTML (but a plain comment) separates an annotation from what follows.
    fn html_block(&mut self, html: &str, start: u32) {
        match read_annotation(html) {
            Ok(Some(annotation)) => self.pending_annotation = Some((annotation, start)),
            Ok(None) if html.trim_start().starts_with("<!--") => {}
            Ok(None) => self.pending_annotation = None,
            Err(error) => {
                self.page.diagnostics.push(Diagnostic::warning(
                    self.page.span(start + error.line - 1),
                    format!(
                        "annotation comment is not JSON even read leniently ({}); expected an object such as {{\"blockType\": \"resource\"}}",
                        error.message
                    ),
                ));
                self.pending_annotation = None;
            }
        }
    }
}

impl Open {
    /// Appends inline text to whatever is open, innermost first.
    fn push_text(&mut self, text: &str, is_code: bool) {
        if let Some((_, heading)) = self.heading.as_mut() {
            heading.push_str(text);
            return;
        }
        if let Some(paragraph) = self.paragraph.as_mut() {
            paragraph.push_str(text);
        }
        if let Some((link_text, _)) = self.link.as_mut() {
            link_text.push_str(text);
            return;
        }
        if let Some(cell) = self.cell.as_mut() {
            match (is_code, cell.inlines.last_mut()) {
                (false, Some(Inline::Text(last))) => last.push_str(text),
                (false, _) => cell.inlines.push(Inline::Text(text.to_string())),
                (true, _) => cell.inlines.push(Inline::Code(text.to_string())),
            }
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
