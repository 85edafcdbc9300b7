//! Holds the snapshot tests of every example (see `tests/examples.rs`); no library code.
//!
//! Each example × target × format is one snapshot in the top-level `snapshots/` folder,
//! holding the exact emitted template text. Review changes with `cargo insta review`
//! (or read the `.snap.new` files); never accept them blindly.
