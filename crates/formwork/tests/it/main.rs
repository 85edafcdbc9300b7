//! formwork's integration tests: the rules, and the command line every app gets.

mod cli;
mod coverage;
mod doc_examples;
mod features;
mod hatch;
mod helps;
mod hostile;
mod invoke;
mod living;
mod modules;
mod push;
mod reach;
mod rules;
mod rust;
mod secrets;
mod split;
mod statements;
mod streams;
mod structure;
mod support;
mod sync;
