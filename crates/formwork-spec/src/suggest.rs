//! "Did you mean ...?": formwork's one suggestion function, from `formwork-template`.

pub(crate) use formwork_template::suggest::closest;
