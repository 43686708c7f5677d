//! The Markdown front end: Microsoft Graph resource pages and API reference pages.
//!
//! [`read_page`] reads a page as written (tables, annotated code blocks, front matter) and
//! knows nothing of the IR; [`lower`] turns a set of read pages into an [`ir::Model`], with
//! the help of one module per concern: the grammar of Type cells (`type_cell`), enumerations
//! in prose and tables (`prose_enums`), examples (`examples`), API reference pages as
//! documented operations (`api_page`) and the index of the names the pages define
//! (`name_index`). None of them knows anything of Rust.
//!
//! [`ir::Model`]: crate::ir::Model

mod api_page;
mod examples;
pub mod lenient_json;
mod lower;
mod name_index;
mod page;
mod prose_enums;
mod type_cell;

pub use lower::{LowerStats, Lowered, lower};
pub use page::{AnnotatedBlock, Cell, Inline, Page, Row, Table, read_page};
