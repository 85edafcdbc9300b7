//! moto's server on a free loopback port, started for a test and killed when the guard
//! is dropped (a panicking test included).

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the server may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The `moto_server` program: `$FORMWORK_MOTO_VENV/bin/moto_server`, else the first on
/// `PATH`.
pub(crate) fn find() -> Option<PathBuf> {
    if let Some(venv) = std::env::var_os("FORMWORK_MOTO_VENV") {
        let program = PathBuf::from(venv).join("bin").join("moto_server");
        return program.is_file().then_some(program);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("moto_server")).find(|p| p.is_file())
}

/// A running server.
pub(crate) struct Moto {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Moto {
    /// Starts the server, or says why it cannot: `Err` when `moto_server` is not
    /// installed (the caller skips), a panic when it is but does not come up.
    pub(crate) fn start() -> Result<Moto, String> {
        let program = find().ok_or(
            "moto_server not found (set FORMWORK_MOTO_VENV to a venv with moto[server], or put moto_server on PATH; crates/formwork-deploy/tests/moto.sh does both)",
        )?;
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap();
        let log = std::env::temp_dir().join(format!("formwork-deploy-moto-{port}.log"));
        let log_file = std::fs::File::create(&log).unwrap();
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().unwrap())
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let mut server = Moto { child, port, log: log.clone() };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("moto_server exited with {status}; see {}", log.display());
            }
            assert!(started.elapsed() < START_TIMEOUT, "moto_server did not listen within {START_TIMEOUT:?}");
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(server)
    }

    /// `http://127.0.0.1:<port>`
    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The server's log is kept for a failing test.
        if std::thread::panicking() {
            eprintln!("moto_server's log: {}", self.log.display());
        } else {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}
