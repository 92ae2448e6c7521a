//! Each rejection rule of `#[rnet::export]`, as a compile-fail case with a reviewed `.stderr`.

#[test]
fn rejections() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
