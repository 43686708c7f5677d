//! The Markdown front end: Microsoft Graph resource pages.
//!
//! [`read_page`] reads a page as written (tables, annotated code blocks, front matter) and
//! knows nothing of the IR; [`lower`] turns a set of read pages into an [`ir::Model`].
//! Neither knows anything of Rust.
//!
//! [`ir::Model`]: crate::ir::Model

pub mod lenient_json;
mod lower;
mod page;

pub use lower::{DEFAULT_NAMESPACE, LowerStats, Lowered, lower};
pub use page::{AnnotatedBlock, Cell, Inline, Page, Row, Table, read_page};
