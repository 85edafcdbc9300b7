//! The image-pipeline app: images uploaded to a bucket are resized by an asynchronously
//! invoked function, which S3 notifies; a successful resize is published to a topic that
//! an indexer subscribes to, and both functions share an image-handling layer. Failed
//! invocations land, with their error, in a queue (on-failure destination); the raw
//! events of the resizer are also kept in a dead-letter queue for replay.

use formwork::prelude::*;

/// The app's model.
pub fn app() -> App {
    let mut app = App::new("image-pipeline").root(env!("CARGO_MANIFEST_DIR"));
    let stack = app.stack("image-pipeline");
    let uploads = stack.add(Bucket::new("Uploads").expire_objects_after(Duration::days(30)));
    let thumbnails = stack.add(Bucket::new("Thumbnails"));
    let images = stack.add(Table::new("Images", Key::new("key", AttributeType::String)));
    let created = stack.add(Topic::new("ThumbnailCreated"));
    let failed = stack.add(Queue::new("FailedImages").retention(Duration::days(14)));
    let dlq = stack.add(Queue::new("ThumbnailDlq").retention(Duration::days(14)));
    let imaging = stack.add(
        Layer::new("Imaging", "layers/imaging")
            .description("Image size arithmetic shared by the pipeline's functions")
            .compatible_runtime(Runtime::Python313)
            .compatible_architecture(Architecture::Arm64),
    );
    stack.add(
        Function::new("Thumbnailer", Runtime::Python313, "app.handler", Code::dir("functions/thumbnailer"))
            .description("Writes a thumbnail of each image uploaded under uploads/")
            .memory(Megabytes(1024))
            .timeout(Duration::secs(60))
            .architecture(Architecture::Arm64)
            .reserved_concurrency(10)
            .layer(&imaging)
            .env("THUMBNAIL_BUCKET", thumbnails.name())
            .event_source(S3Source::new(&uploads).prefix("uploads/").suffix(".jpg"))
            .retry_attempts(1)
            .max_event_age(Duration::hours(1))
            .on_success(&created)
            .on_failure(&failed)
            .dead_letter_queue(&dlq)
            .grant(uploads.read_objects())
            .grant(thumbnails.write_objects()),
    );
    stack.add(
        Function::new("Indexer", Runtime::Python313, "app.handler", Code::dir("functions/indexer"))
            .description("Records each new thumbnail in the Images table")
            .timeout(Duration::secs(10))
            .architecture(Architecture::Arm64)
            .reserved_concurrency(2)
            .layer(&imaging)
            .env("TABLE_NAME", images.name())
            .event_source(SnsSource::new(&created))
            .retry_attempts(2)
            .on_failure(&failed)
            .grant(images.write_data()),
    );
    app
}
