//! formwork's integration tests: the rules, and the command line every app gets.

mod cli;
mod features;
mod hostile;
mod invoke;
mod living;
mod push;
mod rules;
mod streams;
mod structure;
mod support;
mod sync;
