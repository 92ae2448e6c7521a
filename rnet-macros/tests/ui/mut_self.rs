use rnet_macros::export;

#[derive(Clone)]
pub struct Counter;

#[export]
impl Counter {
    pub fn bump(&mut self) {}
}

fn main() {}
