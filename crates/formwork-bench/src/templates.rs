//! `formwork-bench --templates`: `formwork validate` on hand-written templates of growing
//! size, clean and finding-heavy, to show that reading, checking and locating every
//! finding grows linearly with the input.
//!
//! ```text
//! formwork-bench --templates [--mb 1,2,4,8,16] [--runs 5] [--check]
//! ```
//!
//! Each size is written to a temporary file and validated through the `formwork` command
//! line's own entry point (`formwork validate FILE --format json`), output to memory.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// Sizes in MB when `--mb` is not given.
const DEFAULT_MB: [usize; 5] = [1, 2, 4, 8, 16];
/// Target: time per MB at the largest size at most this many times that at the smallest.
const MAX_PER_MB_RATIO: f64 = 1.5;

/// What a generated template holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// No finding but the template-wide one for more than 500 resources (FW504).
    Clean,
    /// Two findings per function (memory and timeout out of range): all are found, at most
    /// 10,000 reported (above about 4 MB the report counts the rest).
    Findings,
}

/// One function with its role and log group, as hand-written YAML.
fn unit(i: usize, kind: Kind) -> String {
    let (memory, timeout) = match kind {
        Kind::Clean => (256, 30),
        Kind::Findings => (64, 0),
    };
    format!(
        "  Logs{i}:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 30
  Role{i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {{ Service: lambda.amazonaws.com }}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: Logs
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [logs:CreateLogStream, logs:PutLogEvents]
                Resource: !GetAtt Logs{i}.Arn
  Fn{i}:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      Role: !GetAtt Role{i}.Arn
      Code: {{ S3Bucket: assets, S3Key: fn{i}.zip }}
      MemorySize: {memory}
      Timeout: {timeout}
      LoggingConfig: {{ LogGroup: !Ref Logs{i} }}
"
    )
}

/// A template of about `bytes` bytes.
pub(crate) fn template(bytes: usize, kind: Kind) -> String {
    let mut out = String::from("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n");
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&unit(i, kind));
        i += 1;
    }
    out
}

/// `formwork validate FILE --format json` once: (seconds, exit status, findings).
fn validate(file: &Path) -> (f64, u8, usize) {
    let args: Vec<String> =
        ["formwork", "validate", &file.display().to_string(), "--format", "json", "--today", "2026-11-29"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let started = Instant::now();
    let code = formwork_cli::run(&args, &mut stdout, &mut stderr);
    let secs = started.elapsed().as_secs_f64();
    let text = String::from_utf8_lossy(&stdout);
    let findings = text.matches("\"code\":").count();
    (secs, code, findings)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Runs the benchmark; the exit status as [`crate::main`] documents it.
pub(crate) fn run(args: &[String]) -> u8 {
    let mut sizes = DEFAULT_MB.to_vec();
    let mut runs = 5;
    let mut check = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let parsed = match arg.as_str() {
            "--mb" => iter
                .next()
                .and_then(|v| v.split(',').map(|n| n.trim().parse().ok().filter(|n| *n > 0)).collect())
                .map(|list| sizes = list),
            "--runs" => iter.next().and_then(|v| v.parse().ok().filter(|r| *r > 0)).map(|r| runs = r),
            "--check" => {
                check = true;
                Some(())
            }
            _ => None,
        };
        if parsed.is_none() {
            let _ = writeln!(
                std::io::stderr(),
                "error: bad argument `{arg}` (--templates [--mb 1,2,4,8,16] [--runs 5] [--check])"
            );
            return 2;
        }
    }
    let dir = std::env::temp_dir().join(format!("formwork-bench-templates-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        let _ = writeln!(std::io::stderr(), "error: cannot create {}", dir.display());
        return 2;
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "formwork validate FILE --format json, in process; median of {runs} runs after a warm-up\n"
    );
    let _ = writeln!(
        out,
        "{:<9} {:>6} {:>10} {:>9} {:>11} {:>9}",
        "template", "MB", "findings", "median s", "s per MB", "vs first"
    );
    let mut missed = false;
    for (kind, name) in [(Kind::Clean, "clean"), (Kind::Findings, "findings")] {
        let mut first: Option<f64> = None;
        let mut last = 0.0;
        for &mb in &sizes {
            let text = template(mb << 20, kind);
            let file = dir.join(format!("{name}-{mb}.yaml"));
            if std::fs::write(&file, &text).is_err() {
                let _ = writeln!(std::io::stderr(), "error: cannot write {}", file.display());
                return 2;
            }
            let (_, code, findings) = validate(&file);
            let functions = text.matches("AWS::Lambda::Function").count();
            // Clean: nothing but the template-wide resource count (FW504) above 500.
            let found = match kind {
                Kind::Clean => usize::from(functions * 3 > 500),
                Kind::Findings => 2 * functions + usize::from(functions * 3 > 500),
            };
            // A report holds at most MAX_FINDINGS, and one more that counts the rest.
            let max = formwork::validate::MAX_FINDINGS;
            let expected = if found > max { max + 1 } else { found };
            if findings != expected || (code == 0) != (expected == 0) {
                let _ = writeln!(
                    std::io::stderr(),
                    "error: {name} {mb} MB: exit {code} with {findings} findings"
                );
                return 2;
            }
            let secs = median((0..runs).map(|_| validate(&file).0).collect());
            let per_mb = secs / text.len() as f64 * f64::from(1u32 << 20);
            let ratio = per_mb / *first.get_or_insert(per_mb);
            last = ratio;
            let _ = writeln!(
                out,
                "{name:<9} {:>6.2} {findings:>10} {secs:>9.3} {per_mb:>11.4} {ratio:>8.2}x",
                text.len() as f64 / f64::from(1u32 << 20)
            );
            let _ = std::fs::remove_file(&file);
        }
        let ok = last <= MAX_PER_MB_RATIO;
        missed |= !ok;
        let _ = writeln!(
            out,
            "target ({name}): time per MB at the largest size <= {MAX_PER_MB_RATIO} x the smallest: {last:.2} x, {}\n",
            if ok { "met" } else { "MISSED" }
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    if check && missed {
        let _ = writeln!(std::io::stderr(), "error: time per MB grew beyond {MAX_PER_MB_RATIO} x");
        return 1;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_have_the_size_and_findings_asked_for() {
        let dir = std::env::temp_dir().join(format!("formwork-bench-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (kind, code) in [(Kind::Clean, 0), (Kind::Findings, 1)] {
            let text = template(20_000, kind);
            assert!(text.len() >= 20_000 && text.len() < 22_000);
            let file = dir.join("t.yaml");
            std::fs::write(&file, &text).unwrap();
            let (_, exit, findings) = validate(&file);
            assert_eq!(exit, code, "{}", text.len());
            let functions = text.matches("AWS::Lambda::Function").count();
            assert_eq!(findings, if kind == Kind::Clean { 0 } else { 2 * functions });
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
