//! A function's code and a layer's content: inline source, an S3 object, an image, or a
//! packaged directory read through the assets parameters; and the package size limits
//! checked on the real files.

use formwork_template::{Map, Parameter, Value};

use formwork_rules::catalog;
use formwork_rules::runtime::Runtime;

use super::{AssetRef, Expander, ASSETS_BUCKET_PARAMETER};
use crate::assets::{self, MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES, RUST_FIX_SEPARATOR};
use crate::construct::{Code, Function, LayerContent, RustCode};

impl Expander<'_> {
    /// The `Code` property: inline source, an S3 object, an image, or the packaged zip's
    /// S3 location through parameters.
    pub(super) fn code(&mut self, f: &Function, path: &str) -> Value {
        let dir = match &f.code {
            Code::Dir(dir) => dir,
            Code::Rust(code) => return self.rust_code(f, code, path),
            Code::Inline(source) => return Value::map([("ZipFile", Value::from(source.as_str()))]),
            Code::Image(uri) => return Value::map([("ImageUri", Value::from(uri.as_str()))]),
            Code::S3 { bucket, key, version } => {
                let mut m = Map::new();
                m.insert("S3Bucket".into(), Value::from(bucket.as_str()));
                m.insert("S3Key".into(), Value::from(key.as_str()));
                if let Some(v) = version {
                    m.insert("S3ObjectVersion".into(), Value::from(v.as_str()));
                }
                return Value::Map(m);
            }
        };
        self.asset_location(dir, &f.id, &format!("{path} / code"), "Code::dir", "S3Bucket", "S3Key")
    }

    /// The S3 location of a packaged directory: the assets bucket parameter and a key
    /// parameter per asset; a directory that could not be packaged is a finding.
    pub(super) fn asset_location(
        &mut self,
        dir: &std::path::Path,
        id: &str,
        path: &str,
        setter: &str,
        bucket_key: &str,
        key_key: &str,
    ) -> Value {
        let resolved = self.app.root.join(dir);
        let key = match self.assets.get(&resolved) {
            Some(AssetRef::Packaged { file_name, sha256 } | AssetRef::Measured { file_name, sha256, .. }) => {
                let param = format!("Asset{}Key", &sha256[..16]);
                self.template.parameters.entry(param.clone()).or_insert_with(|| {
                    Parameter::string(format!("S3 key of the code asset {file_name}"))
                        .default_value(file_name.as_str())
                });
                Value::ref_(param)
            }
            Some(AssetRef::Failed(why)) => {
                self.finding(
                    &catalog::CODE_MISSING,
                    id,
                    path.to_string(),
                    format!("code of `{id}` cannot be packaged: {why}"),
                    format!("point {setter} at an existing directory with the files (relative paths resolve against App::root)"),
                );
                Value::from("missing.zip")
            }
            Some(AssetRef::Refused(why)) => {
                self.finding(
                    &catalog::CODE_OUTSIDE,
                    id,
                    path.to_string(),
                    format!("code of `{id}` is not packaged: {why}"),
                    "keep code and what its symlinks point at inside the app's folder, or opt in with App::code_outside_root or App::symlinks".into(),
                );
                Value::from("missing.zip")
            }
            None => Value::from("missing.zip"),
        };
        if !self.template.parameters.contains_key(ASSETS_BUCKET_PARAMETER) {
            self.template.parameters.shift_insert(
                0,
                ASSETS_BUCKET_PARAMETER.to_string(),
                Parameter::string("S3 bucket the code assets written next to this template are uploaded to"),
            );
        }
        Value::map([(bucket_key, Value::ref_(ASSETS_BUCKET_PARAMETER)), (key_key, key)])
    }

    /// A Rust crate's `bootstrap` zip: its S3 location, or FW140 when it was not built,
    /// and FW141 when the runtime cannot start it.
    fn rust_code(&mut self, f: &Function, code: &RustCode, path: &str) -> Value {
        let code_path = format!("{path} / code");
        if !matches!(f.runtime, Some(Runtime::ProvidedAl2023 | Runtime::ProvidedAl2)) {
            let runtime = f.runtime.map_or("none", Runtime::as_str);
            self.finding(
                &catalog::RUST_RUNTIME,
                &f.id,
                format!("{path} / runtime"),
                format!("`{}` runs the Rust package `{}` on runtime {runtime}, which cannot start a bootstrap", f.id, code.package),
                "create it with Function::rust(id, Code::rust(package)), which sets provided.al2023 and the handler bootstrap".into(),
            );
        }
        let key = crate::rust::asset_key(code, f.architecture);
        if let Some(AssetRef::Failed(why)) = self.assets.get(&self.app.root.join(&key)) {
            let (message, fix) = why.split_once(RUST_FIX_SEPARATOR).unwrap_or((why.as_str(), ""));
            self.finding(
                &catalog::RUST_BUILD,
                &f.id,
                code_path,
                format!("code of `{}` cannot be built: {message}", f.id),
                fix.to_string(),
            );
            return Value::map([
                ("S3Bucket", Value::ref_(ASSETS_BUCKET_PARAMETER)),
                ("S3Key", Value::from("missing.zip")),
            ]);
        }
        self.asset_location(&key, &f.id, &code_path, "Code::rust", "S3Bucket", "S3Key")
    }

    /// The deployment package limits, on the real files: 50 MB zipped, 250 MB unzipped
    /// with the function's layers.
    pub(super) fn code_size(&mut self, f: &Function, path: &str) {
        let resolved = match &f.code {
            Code::Dir(dir) => self.app.root.join(dir),
            Code::Rust(code) => self.app.root.join(crate::rust::asset_key(code, f.architecture)),
            _ => return,
        };
        let Some((zipped, unzipped)) = assets::sizes(self.assets, &resolved) else {
            return;
        };
        let layers = assets::layers_unzipped(self.app, self.assets, &f.layers);
        let problem = if zipped > MAX_ZIPPED_BYTES {
            Some(format!(
                "code of `{}` is {} zipped; Lambda accepts at most {} by direct upload",
                f.id,
                assets::megabytes(zipped),
                assets::megabytes(MAX_ZIPPED_BYTES)
            ))
        } else if unzipped + layers > MAX_UNZIPPED_BYTES {
            Some(format!(
                "code of `{}` is {} unzipped with its layers ({} of its own); Lambda accepts at most {}",
                f.id,
                assets::megabytes(unzipped + layers),
                assets::megabytes(unzipped),
                assets::megabytes(MAX_UNZIPPED_BYTES)
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            self.finding(
                &catalog::CODE_SIZE,
                &f.id,
                format!("{path} / code"),
                message,
                "leave out what the function does not need, move dependencies into a layer, or ship a container image".into(),
            );
        }
    }

    /// The content of a layer: its packaged directory or S3 object.
    pub(super) fn layer_content(&mut self, content: &LayerContent, id: &str, path: &str) -> Value {
        match content {
            LayerContent::Dir(dir) => {
                self.asset_location(dir, id, &format!("{path} / content"), "Layer::new", "S3Bucket", "S3Key")
            }
            LayerContent::S3 { bucket, key } => {
                Value::map([("S3Bucket", Value::from(bucket.as_str())), ("S3Key", Value::from(key.as_str()))])
            }
        }
    }
}
