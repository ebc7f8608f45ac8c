//! The one integration test binary: parse fixtures, bad inputs, the command line, and whole
//! sites built by the real `briefing` binary.

mod browser;
mod cache;
mod cli;
mod determinism;
mod editorial;
mod harness;
mod layout;
mod links;
mod parse;
mod properties;
mod publishers;
mod rebuilds;
mod review;
mod scale;
mod serve;
mod sites;
