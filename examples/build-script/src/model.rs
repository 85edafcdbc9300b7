//! The model, shared by the build script (which synthesizes it at build time) and the
//! library and binary (which embed and serve it).

use formwork::prelude::*;

/// A scheduled-greeting style app: a queue feeding a small Python function.
pub fn app() -> App {
    let mut app = App::new("build-script").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("build-script");
    let dlq = stack.add(Queue::new("GreetingsDlq").retention(Duration::days(14)));
    let greetings = stack.add(
        Queue::new("Greetings")
            .visibility_timeout(Duration::secs(60))
            .retention(Duration::days(4))
            .dead_letter_queue(&dlq, 3),
    );
    stack.add(
        Function::new("Greeter", Runtime::Python313, "app.handler", Code::dir("functions/greeter"))
            .memory(Megabytes(128))
            .timeout(Duration::secs(10))
            .reserved_concurrency(2)
            .event_source(SqsSource::new(&greetings).batch_size(5)),
    );
    app
}
