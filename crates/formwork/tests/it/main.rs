//! formwork's integration tests: the rules, and the command line every app gets.

mod cli;
mod features;
mod invoke;
mod living;
mod push;
mod rules;
mod rust;
mod streams;
mod structure;
mod support;
mod sync;
