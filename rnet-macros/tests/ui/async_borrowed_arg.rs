use rnet_macros::export;

#[export]
pub async fn fetch(url: &str) -> u32 {
    url.len() as u32
}

fn main() {}
