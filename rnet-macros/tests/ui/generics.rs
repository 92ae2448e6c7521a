use rnet_macros::export;

#[export]
pub struct Wrapper<T> {
    inner: T,
}

fn main() {}
