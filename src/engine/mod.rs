//! The KL computation engine: pure numerics, no I/O, no terminal.
//!
//! Every number kltutor shows comes from here. Functions return values in
//! nats; [`Base`] converts to bits or hartleys at the edge, so that a value
//! is computed once and only its unit changes.

pub mod base;
pub mod continuous;
pub mod counterexample;
pub mod discrete;
pub mod error;
pub mod estimate;
pub mod exact;
pub mod fdiv;
pub mod fused;
pub mod joint;
mod kernel;
mod lanes;
#[cfg(target_arch = "x86_64")]
mod lanes_x86;
mod logtables;
pub mod mvn;
pub mod parametric;
mod scale;
#[cfg(target_arch = "x86_64")]
mod simd;
mod tablelog;

pub use base::Base;
pub use continuous::{
    Density, Estimate, GaussHermite, Gaussian, Mixture2, differential_entropy,
    gaussian_cross_entropy, kl_forward_from_entropy, kl_from_gaussian, kl_gauss_hermite,
    kl_mixture_to_gaussian_forward, kl_quadrature, kl_quadrature_tol,
};
pub use discrete::{
    Norm, Term, cross_entropy, entropy, hellinger, infinite_outcomes, js, kl, kl_terms,
    total_variation, wasserstein1,
};
pub use error::DistError;
pub use estimate::{
    Estimator, McEstimate, McSample, mc_kl, mc_kl_discrete, mc_kl_discrete_samples_seeded,
    mc_kl_discrete_seeded, mc_kl_samples_seeded, mc_kl_seeded,
};
pub use fdiv::{chi2, renyi};
pub use fused::{Path, Plan};
pub use joint::{ChainRule, chain_rule, mutual_information, product};
pub use mvn::{MvnTerms, mvn_kl, mvn_kl_terms};
pub use parametric::{
    bernoulli_kl, categorical_kl, diag_gaussian_kl, exponential_kl, gaussian_kl, poisson_kl, vae_kl,
};
