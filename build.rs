//! Release builds of the app for the browser keep their relocations, which
//! the route-level split (scripts/split.sh, wasm-split) needs to cut the wasm
//! into chunks.
fn main() {
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    if wasm && release {
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
