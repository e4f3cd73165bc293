//! A fault-injecting reverse proxy of the project's own, on 127.0.0.1 in front of moto. caliper
//! is pointed at it with `--endpoint-url`; it forwards each request to moto, or answers it itself
//! the way AWS would fail: AccessDenied for one chosen operation (the denied-action matrix), or,
//! for a share of requests, throttling in the protocol's own error format, a 5xx, a connection
//! closed without an answer, or a stalled answer.
//!
//! Each request is named as the SDK names it (`s3:GetBucketPolicy` is `s3:GetBucketPolicy`,
//! `s3:ListAllMyBuckets` is `s3:ListBuckets`), from the wire alone: the SigV4 scope's service,
//! `X-Amz-Target`, the query protocol's `Action`, or the S3 path and sub-resource.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use caliper::collect::guard::ALLOWLIST;

/// What the proxy does besides forwarding.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The operation (`client:Name`, as [`caliper::collect::guard::Op::api`]) answered with
    /// AccessDenied, every time.
    pub deny: Option<String>,
    /// An operation answered with throttling every time (more than any retry budget absorbs).
    pub throttle: Option<String>,
    /// The share of requests that get a fault (0.0: none).
    pub fault_rate: f64,
    /// How long a stalled answer waits before it is forwarded.
    pub stall: Duration,
    /// Seeds the choice of faulted requests, so a run can be repeated.
    pub seed: u64,
}

/// What happened to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Forwarded,
    Denied,
    Throttled,
    ServerError,
    Closed,
    Stalled,
}

struct State {
    upstream: String,
    plan: Plan,
    requests: AtomicU64,
    log: Mutex<BTreeMap<(String, Outcome), u64>>,
}

pub struct Proxy {
    pub endpoint: String,
    state: Arc<State>,
}

impl Proxy {
    /// Starts a proxy in front of `upstream` (`http://127.0.0.1:PORT`). Its threads end with the
    /// test process.
    pub fn start(upstream: &str, plan: Plan) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(State {
            upstream: upstream.trim_start_matches("http://").to_string(),
            plan,
            requests: AtomicU64::new(0),
            log: Mutex::new(BTreeMap::new()),
        });
        let shared = state.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(&state, conn);
                });
            }
        });
        Proxy { endpoint, state }
    }

    /// Requests seen so far: (operation, outcome) -> count.
    pub fn log(&self) -> BTreeMap<(String, Outcome), u64> {
        self.state.log.lock().unwrap().clone()
    }

    /// The operations requested at least once, whatever happened to them.
    pub fn operations(&self) -> std::collections::BTreeSet<String> {
        self.log().into_keys().map(|(op, _)| op).collect()
    }
}

/// One HTTP/1.1 message, request or answer, with its body read whole.
struct Message {
    /// The request or status line.
    start: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Message {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The request line's method and target.
    fn method_target(&self) -> (&str, &str) {
        let mut parts = self.start.split_whitespace();
        (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        )
    }

    /// The message with the body framed by its length (no chunks, no `Connection` header), plus
    /// `extra` headers. A request without a body keeps its lack of a length: moto answers a GET
    /// with `Content-Length: 0` in another form (GetBucketVersioning's query-protocol root).
    fn framed(&self, extra: &str) -> Vec<u8> {
        let answer = self.start.starts_with("HTTP/");
        let length = answer || !self.body.is_empty() || self.header("content-length").is_some();
        let mut out = format!("{}\r\n", self.start);
        let skip = [
            "connection",
            "keep-alive",
            "transfer-encoding",
            "content-length",
        ];
        for (name, value) in &self.headers {
            if !skip.iter().any(|s| name.eq_ignore_ascii_case(s)) {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        if length {
            out.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        out.push_str(&format!("{extra}\r\n"));
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// Serves the requests of one client connection, one after another, until the client closes it
/// (or a fault closes it).
fn serve(state: &State, conn: TcpStream) -> std::io::Result<()> {
    conn.set_nodelay(true)?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut conn = conn;
    while let Some(req) = read_message(&mut reader, false)? {
        if !answer(state, &mut conn, &req)? {
            break;
        }
    }
    Ok(())
}

/// Answers one request; false when the connection was closed.
fn answer(state: &State, conn: &mut TcpStream, req: &Message) -> std::io::Result<bool> {
    let op = identify(req);
    let n = state.requests.fetch_add(1, Ordering::SeqCst);
    let plan = &state.plan;
    let outcome = if plan.deny.as_deref() == Some(op.as_str()) {
        Outcome::Denied
    } else if plan.throttle.as_deref() == Some(op.as_str()) {
        Outcome::Throttled
    } else if plan.fault_rate > 0.0 && unit(plan.seed, n) < plan.fault_rate {
        // A quarter each: throttling, a 5xx, a closed connection, a stall.
        match (unit(plan.seed ^ 0x9e37_79b9, n) * 4.0) as u32 {
            0 => Outcome::Throttled,
            1 => Outcome::ServerError,
            2 => Outcome::Closed,
            _ => Outcome::Stalled,
        }
    } else {
        Outcome::Forwarded
    };
    *state
        .log
        .lock()
        .unwrap()
        .entry((op.clone(), outcome))
        .or_default() += 1;
    let client = op.split(':').next().unwrap_or_default();
    let bytes = match outcome {
        Outcome::Denied => {
            let action = ALLOWLIST
                .iter()
                .find(|o| o.api() == op)
                .map_or(op.as_str(), |o| o.action);
            let message = format!(
                "User: arn:aws:sts::000000000000:assumed-role/caliper-audit/caliper is not \
                 authorized to perform: {action} because no identity-based policy allows the \
                 {action} action"
            );
            error(client, Fault::Denied, &message)
        }
        Outcome::Throttled => error(client, Fault::Throttled, "Rate exceeded"),
        Outcome::ServerError => error(
            client,
            Fault::ServerError,
            "We encountered an internal error. Please try again.",
        ),
        Outcome::Closed => {
            // The request was read; the connection ends without a byte of answer.
            conn.shutdown(Shutdown::Both)?;
            return Ok(false);
        }
        Outcome::Stalled | Outcome::Forwarded => {
            if outcome == Outcome::Stalled {
                std::thread::sleep(plan.stall);
            }
            forward(&state.upstream, req)?
        }
    };
    conn.write_all(&bytes)?;
    conn.flush()?;
    Ok(true)
}

/// A number in [0, 1) from the seed and the request's sequence number (splitmix64).
fn unit(seed: u64, n: u64) -> f64 {
    let mut z = seed
        .wrapping_add(n.wrapping_mul(0x9e37_79b9_7f4a_7c15))
        .wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Reads one message: `None` at the end of the stream. Without a length or chunks, a request has
/// no body and an answer runs to the end of the connection (`to_end`).
fn read_message(reader: &mut impl BufRead, to_end: bool) -> std::io::Result<Option<Message>> {
    let mut start = String::new();
    if reader.read_line(&mut start)? == 0 {
        return Ok(None);
    }
    let mut msg = Message {
        start: start.trim_end().to_string(),
        headers: Vec::new(),
        body: Vec::new(),
    };
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = h.trim_end().split_once(':') {
            msg.headers
                .push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    if msg
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                .unwrap_or(0);
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            msg.body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(len) = msg.header("content-length").and_then(|v| v.parse().ok()) {
        msg.body = vec![0; len];
        reader.read_exact(&mut msg.body)?;
    } else if to_end {
        reader.read_to_end(&mut msg.body)?;
    }
    Ok(Some(msg))
}

/// Sends the request to moto on a connection of its own and returns moto's answer, framed with
/// its length so the client's connection stays open.
fn forward(upstream: &str, req: &Message) -> std::io::Result<Vec<u8>> {
    let mut up = TcpStream::connect(upstream)?;
    up.set_nodelay(true)?;
    up.write_all(&req.framed("Connection: close\r\n"))?;
    let answer = read_message(&mut BufReader::new(up), true)?
        .ok_or_else(|| std::io::Error::other("moto closed the connection without an answer"))?;
    Ok(answer.framed(""))
}

/// The operation a request calls, as `client:Name` (`s3:GetBucketPolicy`), or `unknown:...`.
fn identify(req: &Message) -> String {
    // The SigV4 credential scope names the signing service: .../REGION/SERVICE/aws4_request.
    let service = req
        .header("authorization")
        .and_then(|a| a.split("Credential=").nth(1))
        .and_then(|c| c.split(',').next())
        .and_then(|c| c.split('/').nth(3))
        .unwrap_or_default()
        .to_string();
    let (method, target) = req.method_target();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let params: Vec<(&str, &str)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    if let Some(target) = req.header("x-amz-target") {
        let name = target.rsplit('.').next().unwrap_or(target);
        return format!("{service}:{name}");
    }
    if req
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"))
    {
        let body = String::from_utf8_lossy(&req.body);
        if let Some(action) = body.split('&').find_map(|p| p.strip_prefix("Action=")) {
            return format!("{service}:{action}");
        }
    }
    if service == "account" {
        let name = path.trim_start_matches('/');
        let mut chars = name.chars();
        if let Some(first) = chars.next() {
            return format!("account:{}{}", first.to_ascii_uppercase(), chars.as_str());
        }
    }
    if service == "s3" {
        if path.starts_with("/v20180820/configuration/publicAccessBlock") {
            return "s3control:GetPublicAccessBlock".into();
        }
        if let Some((_, id)) = params.iter().find(|(k, _)| *k == "x-id") {
            return format!("s3:{id}");
        }
        let sub = [
            ("policyStatus", "GetBucketPolicyStatus"),
            ("policy", "GetBucketPolicy"),
            ("encryption", "GetBucketEncryption"),
            ("publicAccessBlock", "GetPublicAccessBlock"),
            ("versioning", "GetBucketVersioning"),
            ("object-lock", "GetObjectLockConfiguration"),
            ("replication", "GetBucketReplication"),
            ("location", "GetBucketLocation"),
        ];
        if let Some((_, name)) = sub
            .iter()
            .find(|(key, _)| params.iter().any(|(k, _)| k == key))
        {
            return format!("s3:{name}");
        }
        if method == "GET" && path.trim_matches('/').is_empty() {
            return "s3:ListBuckets".into();
        }
    }
    // Smithy RPC v2 CBOR (CloudWatch): /service/<service>/operation/<name>.
    if let Some((_, name)) = path.rsplit_once("/operation/") {
        return format!("{service}:{name}");
    }
    // REST services: the operation from the method and path.
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let rest = match (service.as_str(), method, parts.as_slice()) {
        ("lambda", "GET", [_, "functions"]) => Some("ListFunctions"),
        ("lambda", "GET", [_, "functions", _, "urls"]) => Some("ListFunctionUrlConfigs"),
        ("apigateway", "GET", ["restapis"]) => Some("GetRestApis"),
        ("apigateway", "GET", ["restapis", _, "stages"]) => Some("GetStages"),
        ("apigateway", "GET", ["restapis", _, "resources"]) => Some("GetResources"),
        ("apigateway", "GET", ["v2", "apis"]) => Some("GetApis"),
        ("apigateway", "GET", ["v2", "apis", _, "routes"]) => Some("GetRoutes"),
        ("cloudfront", "GET", [_, "distribution"]) => Some("ListDistributions"),
        ("backup", "GET", ["backup", "plans"]) => Some("ListBackupPlans"),
        ("backup", "GET", ["backup", "plans", _]) => Some("GetBackupPlan"),
        ("backup", "GET", ["backup-vaults"]) => Some("ListBackupVaults"),
        ("backup", "GET", ["backup", "plans", _, "selections"]) => Some("ListBackupSelections"),
        ("backup", "GET", ["backup", "plans", _, "selections", _]) => Some("GetBackupSelection"),
        _ => None,
    };
    if let Some(name) = rest {
        return format!("{service}:{name}");
    }
    format!("unknown:{service} {method} {target}")
}

/// The services that speak each error protocol, named as they sign.
const JSON_RPC: &[&str] = &[
    "organizations",
    "kms",
    "cloudtrail",
    "dynamodb",
    "acm",
    "logs",
    "ssm",
    "events",
    "codepipeline",
    "codebuild",
    "tagging",
    "budgets",
    "ce",
    "directconnect",
];
const REST_JSON: &[&str] = &["account", "lambda", "apigateway", "backup"];

/// A CBOR map of text keys to text values (all the CBOR an error answer needs).
fn cbor_text_map(entries: &[(&str, &str)]) -> Vec<u8> {
    fn head(major: u8, len: usize, out: &mut Vec<u8>) {
        match len {
            0..=23 => out.push(major << 5 | len as u8),
            24..=255 => out.extend([major << 5 | 24, len as u8]),
            _ => {
                out.push(major << 5 | 25);
                out.extend((len as u16).to_be_bytes());
            }
        }
    }
    let mut out = Vec::new();
    head(5, entries.len(), &mut out);
    for (k, v) in entries {
        for s in [k, v] {
            head(3, s.len(), &mut out);
            out.extend(s.as_bytes());
        }
    }
    out
}

enum Fault {
    Denied,
    Throttled,
    ServerError,
}

/// An error answer in the client's protocol, as AWS sends it.
fn error(client: &str, fault: Fault, message: &str) -> Vec<u8> {
    let message = message.replace('&', "&amp;").replace('<', "&lt;");
    let json_rpc = JSON_RPC.contains(&client);
    let rest_json = REST_JSON.contains(&client);
    let (status, code) = match (client, &fault) {
        ("ec2", Fault::Denied) => (403, "UnauthorizedOperation"),
        (_, Fault::Denied) if json_rpc => (400, "AccessDeniedException"),
        (_, Fault::Denied) if rest_json => (403, "AccessDeniedException"),
        (_, Fault::Denied) => (403, "AccessDenied"),
        ("ec2", Fault::Throttled) => (503, "RequestLimitExceeded"),
        (_, Fault::Throttled) if json_rpc => (400, "ThrottlingException"),
        (_, Fault::Throttled) if rest_json => (429, "TooManyRequestsException"),
        ("s3" | "s3control", Fault::Throttled) => (503, "SlowDown"),
        (_, Fault::Throttled) => (400, "Throttling"),
        (_, Fault::ServerError) if json_rpc || rest_json || client == "monitoring" => {
            (500, "InternalFailure")
        }
        (_, Fault::ServerError) => (500, "InternalError"),
    };
    let (content_type, extra, body) = match client {
        _ if json_rpc => (
            "application/x-amz-json-1.1",
            String::new(),
            serde_json::json!({"__type": code, "message": message})
                .to_string()
                .into_bytes(),
        ),
        _ if rest_json => (
            "application/json",
            format!("x-amzn-ErrorType: {code}\r\n"),
            serde_json::json!({"message": message})
                .to_string()
                .into_bytes(),
        ),
        "monitoring" => (
            "application/cbor",
            "smithy-protocol: rpc-v2-cbor\r\n".to_string(),
            cbor_text_map(&[("__type", code), ("message", &message)]),
        ),
        "ec2" => (
            "text/xml",
            String::new(),
            format!(
                "<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>caliper-proxy</RequestID></Response>"
            )
            .into_bytes(),
        ),
        "s3" => (
            "application/xml",
            String::new(),
            format!(
                "<Error><Code>{code}</Code><Message>{message}</Message><RequestId>caliper-proxy</RequestId></Error>"
            )
            .into_bytes(),
        ),
        _ => (
            "text/xml",
            String::new(),
            format!(
                "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>caliper-proxy</RequestId></ErrorResponse>"
            )
            .into_bytes(),
        ),
    };
    let reason = match status {
        400 => "Bad Request",
        403 => "Forbidden",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Service Unavailable",
    };
    let mut answer = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n{extra}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend(body);
    answer
}
