use rnet_macros::export;

#[export]
pub struct View<'a> {
    text: &'a str,
}

fn main() {}
