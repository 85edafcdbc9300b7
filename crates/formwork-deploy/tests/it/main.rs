//! formwork-deploy's tests: one binary. `offline` needs no endpoint; `moto` deploys to
//! moto's server on loopback, started by each test (skipped when moto is not installed).

mod moto;
mod offline;
mod support;
