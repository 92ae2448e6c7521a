use rnet_macros::export;

#[export]
pub fn delete(id: u32) -> u32 {
    id
}

fn main() {}
