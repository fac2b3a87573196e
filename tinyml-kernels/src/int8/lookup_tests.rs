//! The element-wise activations' tables against TensorFlow Lite Micro:
//! `quant/golden/activations.txt` (written by
//! `tools/make_activation_tables.py`) holds, for each activation and a few
//! input quantizations that TFLite's converter chose, tflite-micro's output
//! for all 256 inputs. Every entry of every table must match.

extern crate std;

use std::string::String;
use std::vec::Vec;

use super::lookup::Table;
use super::prepare::{self, TensorQuant};

const GOLDEN: &str = include_str!("quant/golden/activations.txt");

struct Golden {
    op: String,
    alpha: f32,
    input: TensorQuant,
    output: TensorQuant,
    table: Table,
}

fn f32_from_hex(field: &str) -> f32 {
    f32::from_bits(u32::from_str_radix(field, 16).expect("hex f32 bits"))
}

fn goldens() -> Vec<Golden> {
    GOLDEN
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split(' ').collect();
            let quant = |scale: &str, zero_point: &str| TensorQuant {
                scale: f32_from_hex(scale),
                zero_point: zero_point.parse().expect("a zero point"),
            };
            let bytes: Vec<i8> = (0..256)
                .map(|i| u8::from_str_radix(&f[6][2 * i..2 * i + 2], 16).expect("hex") as i8)
                .collect();
            // The file lists inputs −128..=127; a table is indexed by `x as u8`.
            let mut table = [0i8; 256];
            for (i, &y) in bytes.iter().enumerate() {
                table[usize::from((i as i32 - 128) as i8 as u8)] = y;
            }
            Golden {
                op: f[0].into(),
                alpha: f32_from_hex(f[1]),
                input: quant(f[2], f[3]),
                output: quant(f[4], f[5]),
                table,
            }
        })
        .collect()
}

fn ours(g: &Golden) -> Table {
    match g.op.as_str() {
        "sigmoid" => prepare::sigmoid(g.input, g.output),
        "tanh" => prepare::tanh(g.input, g.output),
        "leaky_relu" => prepare::leaky_relu(g.alpha, g.input, g.output),
        "hard_swish" => prepare::hard_swish(g.input, g.output),
        other => panic!("unknown activation {other}"),
    }
    .expect("TFLM prepared it")
}

#[test]
fn every_table_matches_tflite_micro() {
    let goldens = goldens();
    for op in ["sigmoid", "tanh", "leaky_relu", "hard_swish"] {
        assert!(goldens.iter().filter(|g| g.op == op).count() >= 4, "{op}");
    }
    for g in &goldens {
        let ours = ours(g);
        for x in i8::MIN..=i8::MAX {
            let i = usize::from(x as u8);
            assert_eq!(
                ours[i], g.table[i],
                "{} (alpha {}, input {:?}, output {:?}) of {x}",
                g.op, g.alpha, g.input, g.output
            );
        }
    }
}

#[test]
fn fixed_output_quantizations_are_required() {
    let input = TensorQuant {
        scale: 0.05,
        zero_point: 3,
    };
    let other = TensorQuant {
        scale: 1.0 / 256.0,
        zero_point: 0,
    };
    assert_eq!(
        prepare::sigmoid(input, other),
        Err(prepare::PrepareError::SigmoidOutput)
    );
    assert_eq!(
        prepare::tanh(input, other),
        Err(prepare::PrepareError::TanhOutput)
    );
    let tiny = TensorQuant {
        scale: 1e-9,
        zero_point: 0,
    };
    let sigmoid_output = TensorQuant {
        scale: 1.0 / 256.0,
        zero_point: -128,
    };
    assert_eq!(
        prepare::sigmoid(tiny, sigmoid_output),
        Err(prepare::PrepareError::SaturatingInputScale)
    );
    // input_scale / 128 ≥ output_scale: TFLM's HARD_SWISH refuses it.
    let small_output = TensorQuant {
        scale: 1e-4,
        zero_point: 0,
    };
    assert_eq!(
        prepare::hard_swish(input, small_output),
        Err(prepare::PrepareError::HardSwishScale)
    );
}
