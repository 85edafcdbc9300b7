//! Did-you-mean suggestions: formwork's one suggestion function, from `formwork-template`.

pub use formwork_template::suggest::closest;
