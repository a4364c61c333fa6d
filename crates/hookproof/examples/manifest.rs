//! Prints the core's manifest (schemes, error codes, typed events, defaults) as JSON: the input
//! of `scripts/generate.py`, which writes every binding's generated lists from it.
//!
//! ```sh
//! cargo run -q -p hookproof --example manifest > target/manifest.json
//! ```

fn main() {
    println!("{}", hookproof::support::manifest_json());
}
