use rnet_macros::export;

#[derive(Clone)]
pub struct Counter;

#[export]
impl Counter {
    pub fn consume(self) {}
}

fn main() {}
