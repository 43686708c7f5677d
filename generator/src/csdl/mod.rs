//! The CSDL front end: OData CSDL 4.0 metadata (`$metadata`), as Graph publishes it.
//!
//! [`read_document`] reads a document as written (roxmltree; no DTD, so entity tricks are
//! refused) and knows nothing of the IR; [`lower`] turns documents into an
//! [`ir::Model`](crate::ir::Model). Both eras of Graph's metadata are read: 2018 spells type
//! names in PascalCase, 2021 in camelCase; neither front end nor IR cares.

mod lower;
mod read;

pub use lower::{Lowered, lower};
pub use read::{Document, read_document};
