//! formwork's integration tests: the rules, and the command line every app gets.

mod cli;
mod living;
mod rules;
mod structure;
