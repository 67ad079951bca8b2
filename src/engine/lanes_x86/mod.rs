//! [`Lanes`](super::lanes::Lanes) on x86-64 vector registers, one file per
//! instruction set: one AVX-512 register ([`avx512`]), or two AVX2 registers
//! used together ([`avx2`]), so that both hold the same eight lanes as the
//! portable [`Scalar8`](super::lanes::Scalar8) and give the same bits.
//!
//! The methods are `#[inline(always)]` wrappers around intrinsics; they are
//! only ever called inside the `#[target_feature]` kernel entry points of
//! `fused/block.rs`, which run after `is_x86_feature_detected!` said yes.

mod avx2;
mod avx512;

pub(crate) use avx2::Avx2;
pub(crate) use avx512::Avx512;

mod half;

pub(crate) use half::Y4;
