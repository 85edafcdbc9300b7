//! Code assets in S3: the bucket (the one given, or `formwork-assets-<account>-<region>`,
//! created on first use), and the content-hashed zips uploaded under their own names,
//! skipping those already there.

use aws_sdk_s3::error::SdkError;
use aws_sdk_s3::operation::head_bucket::HeadBucketError;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{
    BucketLocationConstraint, CreateBucketConfiguration, PublicAccessBlockConfiguration,
};

use crate::aws::{request_error, Aws};
use crate::console::Console;
use crate::error::Error;
use crate::naming::default_bucket;

/// The assets bucket's state.
enum BucketState {
    Exists,
    Missing,
}

async fn bucket_state(aws: &Aws, bucket: &str) -> Result<BucketState, Error> {
    match aws.s3.head_bucket().bucket(bucket).send().await {
        Ok(_) => Ok(BucketState::Exists),
        Err(SdkError::ServiceError(e)) if matches!(e.err(), HeadBucketError::NotFound(_)) => {
            Ok(BucketState::Missing)
        }
        Err(e) => match e.raw_response().map(|r| r.status().as_u16()) {
            Some(404) => Ok(BucketState::Missing),
            Some(403) => Err(Error::Bucket {
                bucket: bucket.to_string(),
                reason: "it belongs to another account, or these credentials may not read it".into(),
            }),
            Some(301) => Err(Error::Bucket {
                bucket: bucket.to_string(),
                reason: format!("it is in another region than {}", aws.region),
            }),
            _ => Err(request_error("HeadBucket", bucket, &e)),
        },
    }
}

/// The bucket to use: `given` must exist; without it, the default bucket of the
/// account and region, created when `create` is set and it does not exist yet.
pub(crate) async fn resolve_bucket(
    aws: &Aws,
    given: Option<&str>,
    create: bool,
    console: &mut Console<'_>,
) -> Result<String, Error> {
    if let Some(bucket) = given {
        return match bucket_state(aws, bucket).await? {
            BucketState::Exists => Ok(bucket.to_string()),
            BucketState::Missing => Err(Error::Bucket {
                bucket: bucket.to_string(),
                reason: "it does not exist; create it, or leave out --bucket to use formwork's own".into(),
            }),
        };
    }
    let identity = aws
        .sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| request_error("GetCallerIdentity", "your account", &e))?;
    let account = identity.account().unwrap_or("unknown");
    let bucket = default_bucket(account, &aws.region);
    if let BucketState::Missing = bucket_state(aws, &bucket).await? {
        if !create {
            console.say(&format!("assets bucket {bucket} does not exist yet; deploy creates it"));
            return Ok(bucket);
        }
        let mut request = aws.s3.create_bucket().bucket(&bucket);
        if aws.region != "us-east-1" {
            request = request.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(aws.region.as_str()))
                    .build(),
            );
        }
        request.send().await.map_err(|e| request_error("CreateBucket", &bucket, &e))?;
        let block = PublicAccessBlockConfiguration::builder()
            .block_public_acls(true)
            .ignore_public_acls(true)
            .block_public_policy(true)
            .restrict_public_buckets(true)
            .build();
        aws.s3
            .put_public_access_block()
            .bucket(&bucket)
            .public_access_block_configuration(block)
            .send()
            .await
            .map_err(|e| request_error("PutPublicAccessBlock", &bucket, &e))?;
        console.say(&format!("created bucket {bucket} for code assets"));
    }
    Ok(bucket)
}

/// What [`upload`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Uploaded {
    pub(crate) uploaded: usize,
    pub(crate) present: usize,
}

/// Uploads each `(file name, bytes)` as the object of that name, unless an object of
/// that name is there already (the names are the contents' SHA-256).
pub(crate) async fn upload(
    aws: &Aws,
    bucket: &str,
    assets: &[(&str, &[u8])],
    console: &mut Console<'_>,
) -> Result<Uploaded, Error> {
    let mut done = Uploaded::default();
    for (i, (key, bytes)) in assets.iter().enumerate() {
        console.status(format!("assets: {i}/{} checked", assets.len()));
        match aws.s3.head_object().bucket(bucket).key(*key).send().await {
            Ok(_) => {
                done.present += 1;
                continue;
            }
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => {}
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 404) => {}
            Err(e) => return Err(request_error("HeadObject", format!("s3://{bucket}/{key}"), &e)),
        }
        aws.s3
            .put_object()
            .bucket(bucket)
            .key(*key)
            .content_type("application/zip")
            .body(ByteStream::from(bytes.to_vec()))
            .send()
            .await
            .map_err(|e| request_error("PutObject", format!("s3://{bucket}/{key}"), &e))?;
        done.uploaded += 1;
        console.say(&format!("  uploaded s3://{bucket}/{key} ({} bytes)", bytes.len()));
    }
    console.end_status();
    Ok(done)
}

/// Uploads a template too large to send inline; returns nothing, the caller knows the URL.
pub(crate) async fn upload_template(aws: &Aws, bucket: &str, key: &str, text: &str) -> Result<(), Error> {
    aws.s3
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_type("text/plain")
        .body(ByteStream::from(text.as_bytes().to_vec()))
        .send()
        .await
        .map_err(|e| request_error("PutObject", format!("s3://{bucket}/{key}"), &e))?;
    Ok(())
}
