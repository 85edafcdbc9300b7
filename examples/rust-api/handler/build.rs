//! Generates each function's configuration from the app's model: one typed module per
//! function in `OUT_DIR` (`formwork_getorder.rs`, `formwork_checkorders.rs`) and the same
//! list as JSON beside it. The app crate is a build dependency, so any change to the
//! model reruns this script.

fn main() {
    let app = rust_api::app();
    for function in ["GetOrder", "CheckOrders"] {
        formwork::build::write_handler_config(&app, "rust-api", function);
    }
}
