//! briefing: a static site generator for briefing pages, where every claim shows the sources
//! it rests on.
//!
//! The pipeline, one plain function per stage:
//!
//! ```text
//! content/ ──load──▶ snapshots ──parse──▶ Briefing + Diagnostics ──site──▶ Site ──render──▶ files ──write──▶ public/
//! ```
//!
//! Only [`load`] reads and only [`mod@write`] writes; everything between is pure. This module is
//! the front door: [`check_site`], [`build`] and [`parse_file`], from [`pipeline`].

pub mod address;
pub mod build_id;
pub mod byte_blocks;
pub mod cache;
pub mod date;
pub mod decimal;
pub mod diagnostic;
pub mod diff;
pub mod document;
pub mod error;
pub mod find;
pub mod html;
pub mod ids;
pub mod links;
pub mod load;
pub mod memo;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod publishers;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod varint;
pub mod write;

pub use pipeline::*;
pub use report::{FileReport, Report};
