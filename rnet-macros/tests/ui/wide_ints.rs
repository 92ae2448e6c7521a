use rnet_macros::export;

#[export]
pub fn size(n: u64) -> usize {
    n as usize
}

fn main() {}
