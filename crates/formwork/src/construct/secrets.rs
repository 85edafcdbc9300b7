//! Secrets Manager secrets, SSM parameters and KMS keys: new ones the app creates, with
//! the grants to read them (`read()`, including `kms:Decrypt` on a named key) and to use
//! a key (`decrypt()`, `encrypt()`).

use super::{Grant, GrantIntent, KmsKeyRef, ParameterRef, RemovalPolicy, SecretRef};

/// A Secrets Manager secret (`AWS::SecretsManager::Secret`) whose value Secrets Manager
/// generates (`GenerateSecretString`), kept when the stack is deleted. Give a function
/// its ARN with `.env("DB_SECRET", secret.arn())` and the right to read it with
/// `.grant(secret.read())`.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let token = stack.add(Secret::new("ApiToken").description("The partner API token").length(40));
/// stack.add(function("Caller").env("TOKEN_SECRET", token.arn()).grant(token.read()));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::SecretsManager::Secret"), "{template}");
/// assert!(template.contains("PasswordLength: 40"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    pub(crate) id: String,
    pub(crate) description: Option<String>,
    pub(crate) kms_key: Option<KmsKeyRef>,
    pub(crate) length: Option<u32>,
    pub(crate) removal_policy: RemovalPolicy,
}

impl Secret {
    /// A secret with a generated value. `id` is its logical id.
    pub fn new(id: impl Into<String>) -> Secret {
        Secret {
            id: id.into(),
            description: None,
            kms_key: None,
            length: None,
            removal_policy: RemovalPolicy::default(),
        }
    }

    /// `Description`. Default: none.
    #[must_use]
    pub fn description(mut self, text: impl Into<String>) -> Secret {
        self.description = Some(text.into());
        self
    }

    /// The KMS key that encrypts it (`KmsKeyId`); `read()` then also grants
    /// `kms:Decrypt` on that key. Default: the AWS managed key `aws/secretsmanager`.
    #[must_use]
    pub fn kms_key(mut self, key: &KmsKeyRef) -> Secret {
        self.kms_key = Some(key.clone());
        self
    }

    /// Length of the generated value (`GenerateSecretString.PasswordLength`), 1 to
    /// 4,096. Default: 32 (set by Secrets Manager; not written).
    #[must_use]
    pub fn length(mut self, length: u32) -> Secret {
        self.length = Some(length);
        self
    }

    /// What happens to the secret when the stack stops managing it. Default:
    /// [`RemovalPolicy::Retain`].
    #[must_use]
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Secret {
        self.removal_policy = policy;
        self
    }
}

/// An SSM parameter of type `String` (`AWS::SSM::Parameter`) with a fixed name, for
/// configuration. CloudFormation cannot create `SecureString` parameters; use a
/// [`Secret`] for secret values.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let settings = stack.add(Parameter::new("Settings", "/app/settings", r#"{"currency":"EUR"}"#));
/// stack.add(function("Reader").env("SETTINGS", settings.name()).grant(settings.read()));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::SSM::Parameter"), "{template}");
/// assert!(template.contains("Name: /app/settings"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) value: String,
    pub(crate) description: Option<String>,
}

impl Parameter {
    /// A parameter: its logical id, its name (`Name`, e.g. `/app/config`) and its value
    /// (`Value`).
    pub fn new(id: impl Into<String>, name: impl Into<String>, value: impl Into<String>) -> Parameter {
        Parameter { id: id.into(), name: name.into(), value: value.into(), description: None }
    }

    /// `Description`. Default: none.
    #[must_use]
    pub fn description(mut self, text: impl Into<String>) -> Parameter {
        self.description = Some(text.into());
        self
    }
}

/// A symmetric KMS key (`AWS::KMS::Key`) with yearly rotation (`EnableKeyRotation`),
/// kept when the stack is deleted. Its key policy is KMS's default one (the account
/// administers it through IAM); functions use it through `decrypt()` and `encrypt()`.
///
/// ```
/// use formwork::prelude::*;
/// # let mut app = App::new("app");
/// # let stack = app.stack("app");
/// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
/// let key = stack.add(KmsKey::new("AppKey").description("Encrypts the app's secrets"));
/// let token = stack.add(Secret::new("ApiToken").kms_key(&key));
/// stack.add(function("Caller").grant(token.read()));
/// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
/// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
/// let template = &out.templates[0].text;
/// assert!(template.contains("Type: AWS::KMS::Key"), "{template}");
/// assert!(template.contains("EnableKeyRotation: true"), "{template}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KmsKey {
    pub(crate) id: String,
    pub(crate) description: Option<String>,
    pub(crate) removal_policy: RemovalPolicy,
}

impl KmsKey {
    /// A key. `id` is its logical id.
    pub fn new(id: impl Into<String>) -> KmsKey {
        KmsKey { id: id.into(), description: None, removal_policy: RemovalPolicy::default() }
    }

    /// `Description`. Default: none.
    #[must_use]
    pub fn description(mut self, text: impl Into<String>) -> KmsKey {
        self.description = Some(text.into());
        self
    }

    /// What happens to the key when the stack stops managing it: retained, or scheduled
    /// for deletion after KMS's 30-day waiting period. Default: [`RemovalPolicy::Retain`].
    #[must_use]
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> KmsKey {
        self.removal_policy = policy;
        self
    }
}

impl SecretRef {
    /// Read the secret: `secretsmanager:GetSecretValue` and `DescribeSecret` on its
    /// ARN, and `kms:Decrypt` on its key when it names one.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let key = stack.add(KmsKey::new("AppKey"));
    /// let token = stack.add(Secret::new("ApiToken").kms_key(&key));
    /// stack.add(function("Caller").env("TOKEN_SECRET", token.arn()).grant(token.read()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("secretsmanager:GetSecretValue"), "{template}");
    /// assert!(template.contains("kms:Decrypt"), "{template}");
    /// assert!(template.contains("!GetAtt AppKey.Arn"), "{template}");
    /// ```
    pub fn read(&self) -> Grant {
        Grant { target: self.0.clone(), intent: GrantIntent::ReadSecret }
    }
}

impl ParameterRef {
    /// Read the parameter: `ssm:GetParameter` and `GetParameters` on its ARN, and
    /// `kms:Decrypt` on its key when it names one.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let settings = stack.add(Parameter::new("Settings", "/app/settings", "{}"));
    /// stack.add(function("Reader").env("SETTINGS", settings.name()).grant(settings.read()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("ssm:GetParameter"), "{template}");
    /// assert!(template.contains("parameter${Settings}"), "{template}");
    /// ```
    pub fn read(&self) -> Grant {
        Grant { target: self.0.clone(), intent: GrantIntent::ReadParameter }
    }
}

impl KmsKeyRef {
    /// Decrypt with the key: `kms:Decrypt` on its ARN.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let key = stack.add(KmsKey::new("DataKey"));
    /// stack.add(function("Decrypter").env("KEY_ARN", key.arn()).grant(key.decrypt()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("kms:Decrypt"), "{template}");
    /// assert!(template.contains("!GetAtt DataKey.Arn"), "{template}");
    /// ```
    pub fn decrypt(&self) -> Grant {
        Grant { target: self.0.clone(), intent: GrantIntent::Decrypt }
    }

    /// Encrypt with the key: `kms:Encrypt` and `kms:GenerateDataKey` (for envelope
    /// encryption) on its ARN.
    ///
    /// ```
    /// use formwork::prelude::*;
    /// # let mut app = App::new("app");
    /// # let stack = app.stack("app");
    /// # let function = |id: &str| Function::new(id, Runtime::Python313, "index.handler", Code::inline("def handler(e, c): pass"));
    /// let key = stack.add(KmsKey::new("DataKey"));
    /// stack.add(function("Encrypter").env("KEY_ARN", key.arn()).grant(key.encrypt()));
    /// let out = app.synthesize(&SynthOptions::new(Date::parse("2026-11-29").unwrap()));
    /// # assert_eq!(out.report.codes(), Vec::<&str>::new(), "{}", out.report);
    /// let template = &out.templates[0].text;
    /// assert!(template.contains("kms:Encrypt"), "{template}");
    /// assert!(template.contains("kms:GenerateDataKey"), "{template}");
    /// ```
    pub fn encrypt(&self) -> Grant {
        Grant { target: self.0.clone(), intent: GrantIntent::Encrypt }
    }
}
