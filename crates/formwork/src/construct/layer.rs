//! Lambda layers: shared code and libraries published once, used by many functions.

use std::path::PathBuf;

use formwork_rules::runtime::Runtime;

use super::Architecture;

/// Where a layer's content comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerContent {
    /// A local directory, packaged as a deterministic zip like function code. Its
    /// top-level folders are what Lambda mounts under `/opt` (e.g. `python/` for
    /// Python packages). A relative path is resolved against the app's root.
    Dir(PathBuf),
    /// A zip already in S3.
    S3 {
        /// The bucket.
        bucket: String,
        /// The object key.
        key: String,
    },
}

/// A layer version (`AWS::Lambda::LayerVersion`), kept when the stack is deleted or the
/// layer is replaced, so functions still using an older version keep working.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let deps = stack.add(Layer::from_s3("Deps", "my-artifacts", "layers/deps.zip").compatible_runtime(Runtime::Python313));
/// stack.add(function("Worker").layer(&deps));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::Lambda::LayerVersion"), "{template}");
/// assert!(template.contains("S3Key: layers/deps.zip"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    pub(crate) id: String,
    pub(crate) content: LayerContent,
    pub(crate) runtimes: Vec<Runtime>,
    pub(crate) architectures: Vec<Architecture>,
    pub(crate) description: Option<String>,
    pub(crate) license: Option<String>,
}

impl Layer {
    /// A layer from a local directory. `id` is its logical id and its layer name.
    pub fn new(id: impl Into<String>, dir: impl Into<PathBuf>) -> Layer {
        Layer::with_content(id.into(), LayerContent::Dir(dir.into()))
    }

    /// A layer from a zip in S3.
    pub fn from_s3(id: impl Into<String>, bucket: impl Into<String>, key: impl Into<String>) -> Layer {
        Layer::with_content(id.into(), LayerContent::S3 { bucket: bucket.into(), key: key.into() })
    }

    fn with_content(id: String, content: LayerContent) -> Layer {
        Layer {
            id,
            content,
            runtimes: Vec::new(),
            architectures: Vec::new(),
            description: None,
            license: None,
        }
    }

    /// Adds a runtime the layer works with (`CompatibleRuntimes`, at most 15); a
    /// function whose runtime is not listed cannot use it (`FW116`). Default: none
    /// listed (any runtime).
    #[must_use]
    pub fn compatible_runtime(mut self, runtime: Runtime) -> Layer {
        if !self.runtimes.contains(&runtime) {
            self.runtimes.push(runtime);
        }
        self
    }

    /// Adds an instruction set the layer works with (`CompatibleArchitectures`).
    /// Default: none listed (any).
    #[must_use]
    pub fn compatible_architecture(mut self, architecture: Architecture) -> Layer {
        if !self.architectures.contains(&architecture) {
            self.architectures.push(architecture);
        }
        self
    }

    /// `Description`, at most 256 characters. Default: none.
    #[must_use]
    pub fn description(mut self, text: impl Into<String>) -> Layer {
        self.description = Some(text.into());
        self
    }

    /// `LicenseInfo`, e.g. an SPDX identifier such as `MIT`. Default: none.
    #[must_use]
    pub fn license(mut self, license: impl Into<String>) -> Layer {
        self.license = Some(license.into());
        self
    }
}
