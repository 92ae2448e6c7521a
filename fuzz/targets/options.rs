//! rnet's conversion of user options into wreq settings: headers, durations, URLs, proxies,
//! cookies, limits and a whole client. Any input must give `Ok` or a typed `Err`, never a
//! panic (a panic here would surface as `RustPanic` in a host).
use arbitrary::{Arbitrary, Unstructured};
use rnet::{
    cookie::{CookieConfig, CookieInput},
    types::{duration_from, header_map, HeaderInput, IpInput, StrMap, TimeDelta},
    Client, ClientConfig, Cookie, Jar, Proxy,
};

#[derive(Arbitrary, Debug)]
struct Input {
    headers: Vec<(String, String)>,
    seconds: f64,
    user_agent: Option<String>,
    local_address: Option<String>,
    proxy: String,
    body_limit: Option<i64>,
    cookie: (String, String),
    cookie_domain: Option<String>,
    set_cookie: String,
    url: String,
}

/// One input: the bytes are read as an `Input` the way libFuzzer's typed targets read them, so
/// the corpus replays the same in the fuzzer and in `cargo test`.
pub fn run(data: &[u8]) {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let pairs = input.headers.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let _ = header_map(pairs);
    let _ = duration_from(input.seconds, 1.0, "seconds");
    let _ = duration_from(input.seconds, 1e-3, "milliseconds");
    let _ = Proxy::all(input.proxy.clone(), None);
    let cookie = Cookie::new(
        input.cookie.0.clone(),
        input.cookie.1.clone(),
        Some(CookieConfig {
            domain: input.cookie_domain.clone(),
            max_age: std::time::Duration::try_from_secs_f64(input.seconds)
                .ok()
                .map(TimeDelta),
            ..Default::default()
        }),
    );
    let jar = Jar::new();
    let _ = jar.add(
        CookieInput::Header(input.set_cookie.clone()),
        input.url.clone(),
    );
    if let Ok(c) = cookie {
        let _ = jar.add(CookieInput::Cookie(c), input.url.clone());
    }
    let headers = input
        .headers
        .into_iter()
        .collect::<indexmap::IndexMap<_, _>>();
    let _ = Client::new(Some(ClientConfig {
        user_agent: input.user_agent,
        headers: Some(HeaderInput::Map(StrMap(headers))),
        local_address: input.local_address.map(IpInput),
        body_limit: input.body_limit,
        timeout: std::time::Duration::try_from_secs_f64(input.seconds)
            .ok()
            .map(TimeDelta),
        ..Default::default()
    }));
}
