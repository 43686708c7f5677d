//! Generates Rust models for Microsoft Graph from its documentation pages.
//!
//! The stages, each a module: front ends read a source format and lower it into the
//! [`ir`] ([`markdown`]); the IR is validated once; the [`rust`] emitter turns it into
//! formatted files; [`codegen`] runs the stages over inputs on disk and keeps an output
//! folder in step with them (or checks that it is).

pub mod codegen;
pub mod config;
pub mod csdl;
pub mod drift;
pub mod ir;
mod lines;
mod parallel;
pub mod markdown;
pub mod rust;
