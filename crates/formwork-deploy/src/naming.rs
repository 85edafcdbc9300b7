//! Names in AWS: the CloudFormation stack of each formwork stack, the default assets
//! bucket, change sets, and where a template too large to send inline is put.

/// Longest stack name CloudFormation accepts.
pub const MAX_STACK_NAME: usize = 128;
/// Longest S3 bucket name.
pub const MAX_BUCKET_NAME: usize = 63;

/// The CloudFormation stack name of stack `stack` of app `app`: `<app>-<stack>`, with
/// every character CloudFormation does not allow (`[A-Za-z0-9-]`) replaced by `-`,
/// `fw-` in front when it would not start with a letter, and, above 128 characters,
/// cut to 119 and ended with `-` and 8 hex digits of a hash of the whole name. The same
/// app and stack always give the same name.
///
/// ```
/// use formwork_deploy::naming::stack_name;
/// assert_eq!(stack_name("orders", "api"), "orders-api");
/// assert_eq!(stack_name("my_app", "eu.west"), "my-app-eu-west");
/// assert_eq!(stack_name("2024", "x"), "fw-2024-x");
/// ```
pub fn stack_name(app: &str, stack: &str) -> String {
    let full = format!("{app}-{stack}");
    let mut name: String =
        full.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "fw-");
    }
    if name.len() > MAX_STACK_NAME {
        name.truncate(MAX_STACK_NAME - 9);
        name.push_str(&format!("-{:08x}", fnv1a(full.as_bytes()) as u32));
    }
    name
}

/// The bucket `deploy` creates for code assets when `--bucket` is not given:
/// `formwork-assets-<account>-<region>`, lowercase, at most 63 characters.
///
/// ```
/// use formwork_deploy::naming::default_bucket;
/// assert_eq!(default_bucket("123456789012", "eu-west-1"), "formwork-assets-123456789012-eu-west-1");
/// ```
pub fn default_bucket(account: &str, region: &str) -> String {
    let mut name: String = format!("formwork-assets-{account}-{region}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    name.truncate(MAX_BUCKET_NAME);
    name.trim_end_matches('-').to_string()
}

/// A change set's name: `formwork-<seconds since 1970>`, unique enough for one stack.
pub(crate) fn change_set_name(unix_seconds: u64) -> String {
    format!("formwork-{unix_seconds}")
}

/// The S3 key a template too large to send inline is uploaded to.
pub(crate) fn template_key(stack: &str, extension: &str, text: &str) -> String {
    format!("templates/{stack}-{:016x}.{extension}", fnv1a(text.as_bytes()))
}

/// The URL CloudFormation reads an uploaded template from: path-style under a custom
/// endpoint, the bucket's regional virtual host on AWS.
pub(crate) fn template_url(endpoint: Option<&str>, bucket: &str, region: &str, key: &str) -> String {
    match endpoint {
        Some(endpoint) => format!("{}/{bucket}/{key}", endpoint.trim_end_matches('/')),
        None => {
            let suffix = if region.starts_with("cn-") { "amazonaws.com.cn" } else { "amazonaws.com" };
            format!("https://{bucket}.s3.{region}.{suffix}/{key}")
        }
    }
}

/// 64-bit FNV-1a: a stable hash for names, not for security.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_cut_and_keep_a_stable_hash() {
        let long = "a".repeat(200);
        let name = stack_name(&long, "stack");
        assert_eq!(name.len(), MAX_STACK_NAME);
        assert_eq!(name, stack_name(&long, "stack"));
        assert_ne!(name, stack_name(&long, "other"));
        assert!(name[..119].chars().all(|c| c == 'a'));
    }

    #[test]
    fn templates_are_read_from_the_endpoint_or_the_regional_host() {
        assert_eq!(
            template_url(Some("http://127.0.0.1:5000/"), "b", "us-east-1", "templates/x.yaml"),
            "http://127.0.0.1:5000/b/templates/x.yaml"
        );
        assert_eq!(template_url(None, "b", "eu-west-1", "k"), "https://b.s3.eu-west-1.amazonaws.com/k");
        assert_eq!(template_url(None, "b", "cn-north-1", "k"), "https://b.s3.cn-north-1.amazonaws.com.cn/k");
        assert_ne!(template_key("s", "yaml", "a"), template_key("s", "yaml", "b"));
        assert!(change_set_name(1_764_450_000).starts_with("formwork-"));
    }

    #[test]
    fn bucket_names_are_lowercase_and_short_enough() {
        let name = default_bucket("ACCOUNT", &"x".repeat(80));
        assert!(name.len() <= MAX_BUCKET_NAME);
        assert!(name.starts_with("formwork-assets-account-"));
    }
}
