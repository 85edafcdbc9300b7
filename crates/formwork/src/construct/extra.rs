//! The constructs a stack holds beyond its queues, topics, tables and functions:
//! buckets, streams, layers, APIs, secrets, parameters, keys and existing resources, how they are added, and handles to them by id.

use super::{
    Bucket, ConstructKind, ExistingResource, Handle, HttpApi, KmsKey, Layer, Parameter, RestApi, Secret,
    Stream,
};
use super::{BucketRef, HttpApiRef, KmsKeyRef, LayerRef, ParameterRef, RestApiRef, SecretRef, StreamRef};
use super::{Construct, Stack};

/// Buckets, streams, layers and APIs of a stack, with the place each was added at so
/// that templates keep the order the author wrote.
#[derive(Debug, Clone, Default)]
pub struct ExtraConstructs {
    pub(crate) buckets: Vec<Bucket>,
    pub(crate) streams: Vec<Stream>,
    pub(crate) layers: Vec<Layer>,
    pub(crate) rest_apis: Vec<RestApi>,
    pub(crate) http_apis: Vec<HttpApi>,
    pub(crate) secrets: Vec<Secret>,
    pub(crate) parameters: Vec<Parameter>,
    pub(crate) keys: Vec<KmsKey>,
    /// Resources the app uses but does not create (no place in the template).
    pub(crate) existing: Vec<ExistingResource>,
    /// Raw CloudFormation resources (the escape hatch).
    pub(crate) raw: Vec<super::RawResource>,
    /// (number of the stack's other constructs added before it, kind, index in its list)
    pub(crate) order: Vec<(usize, ConstructKind, usize)>,
}

impl ExtraConstructs {
    /// The layer with this id.
    pub(crate) fn layer(&self, id: &str) -> Option<&Layer> {
        self.layers.iter().find(|l| l.id == id)
    }

    /// The existing resource with this id.
    pub(crate) fn existing(&self, id: &str) -> Option<&ExistingResource> {
        self.existing.iter().find(|e| e.id == id)
    }

    /// The bucket with this id.
    pub(crate) fn bucket(&self, id: &str) -> Option<&Bucket> {
        self.buckets.iter().find(|b| b.id == id)
    }
}

fn handle(stack: &Stack, kind: ConstructKind, id: &str) -> Handle {
    Handle { kind, stack: stack.name.clone(), id: id.to_string() }
}

macro_rules! extra_construct {
    ($ty:ty, $handle:ident, $list:ident, $kind:ident, $getter:ident, $what:literal) => {
        impl Construct for $ty {
            type Handle = $handle;
            fn add_to(self, stack: &mut Stack) -> $handle {
                let handle = handle(stack, ConstructKind::$kind, &self.id);
                let position = stack.order.len();
                let index = stack.extra.$list.len();
                stack.extra.order.push((position, ConstructKind::$kind, index));
                stack.extra.$list.push(self);
                $handle(handle)
            }
        }

        impl Stack {
            #[doc = concat!("A handle to the ", $what, " with this id in this stack, added or still to be added.")]
            /// A handle to an id that is never added is reported by validation (`FW503`).
            pub fn $getter(&self, id: &str) -> $handle {
                $handle(handle(self, ConstructKind::$kind, id))
            }
        }
    };
}

extra_construct!(Bucket, BucketRef, buckets, Bucket, bucket_ref, "bucket");
extra_construct!(Stream, StreamRef, streams, Stream, stream_ref, "stream");
extra_construct!(Layer, LayerRef, layers, Layer, layer_ref, "layer");
extra_construct!(RestApi, RestApiRef, rest_apis, RestApi, rest_api_ref, "REST API");
extra_construct!(HttpApi, HttpApiRef, http_apis, HttpApi, http_api_ref, "HTTP API");
extra_construct!(Secret, SecretRef, secrets, Secret, secret_ref, "secret");
extra_construct!(Parameter, ParameterRef, parameters, Parameter, parameter_ref, "SSM parameter");
extra_construct!(KmsKey, KmsKeyRef, keys, Key, kms_key_ref, "KMS key");
