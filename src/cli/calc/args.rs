//! The arguments of `kltutor calc`: one subcommand per measure, and the
//! flags they share. (Names, flags and exit codes are a documented contract.)

pub use crate::cli::counterexample::CounterexampleArgs;
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct CalcArgs {
    #[command(subcommand)]
    pub command: CalcCommand,
}

#[derive(Debug, Subcommand)]
pub enum CalcCommand {
    /// KL divergence D(P‖Q).
    Kl(PairArgs),
    /// Reverse KL divergence D(Q‖P).
    ReverseKl(PairArgs),
    /// Entropy H(P).
    Entropy(SingleArgs),
    /// Cross-entropy H(P,Q) = H(P) + D(P‖Q).
    CrossEntropy(PairArgs),
    /// Jensen-Shannon divergence (at most ln 2 nats = 1 bit).
    Js(PairArgs),
    /// Total variation distance, in [0, 1].
    Tv(PairArgs),
    /// Hellinger distance, in [0, 1].
    Hellinger(PairArgs),
    /// Wasserstein-1 distance on an ordered support.
    W1(W1Args),
    /// Mutual information I(X;Y) of a joint table.
    Mi(MiArgs),
    /// D(Bern(p)‖Bern(q)).
    Bernoulli(BernoulliArgs),
    /// D(N(mu1, sigma1²)‖N(mu2, sigma2²)).
    Gaussian(GaussianArgs),
    /// Pearson's chi-squared divergence χ²(P‖Q) = Σ (P−Q)²/Q.
    Chi2(PairArgs),
    /// Rényi divergence of order α, D_α(P‖Q); α = 1 is KL.
    Renyi(RenyiArgs),
    /// D(N(mu1, cov1)‖N(mu2, cov2)) for full-covariance multivariate Gaussians.
    Mvn(MvnArgs),
    /// Search small distributions for a concrete refutation of a claim
    /// (symmetry, triangle, bounded, term-sign, mixture-forward).
    Counterexample(CounterexampleArgs),
}

/// Flags every measure shares.
#[derive(Debug, Args)]
pub struct Common {
    /// Log base: e (nats), 2 (bits) or 10 (hartleys); the unit's name works too
    /// (`--unit bits`, the spelling the labs use).
    #[arg(long, visible_alias = "unit", default_value = "e", value_name = "BASE")]
    pub base: String,
    /// Divide inputs by their sums (counts, histograms) instead of requiring sums of 1.
    #[arg(long)]
    pub normalize: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Show the worked-example table: each outcome's term and the sum.
    #[arg(long)]
    pub explain: bool,
    /// Check a hand computation: a number or expression such as
    /// "0.9*log2(0.9/0.5)+0.1*log2(0.1/0.5)", optionally with a unit ("0.53 bits").
    /// Exit 0 when right, 1 when wrong.
    #[arg(long, allow_hyphen_values = true, value_name = "EXPR")]
    pub answer: Option<String>,
    /// Relative tolerance for --answer, in (0, 0.5] (default 0.005, i.e. 0.5 %).
    #[arg(long, value_name = "REL", requires = "answer", allow_hyphen_values = true,
          value_parser = parse_tolerance)]
    pub tolerance: Option<f64>,
}

/// `--tolerance`: a relative error in (0, 0.5]; anything else (0, a
/// negative number, 1, NaN, text) is refused, naming the range.
pub fn parse_tolerance(text: &str) -> Result<f64, String> {
    let range = "the tolerance must be a relative error in (0, 0.5], e.g. 0.01 for 1 %";
    match text.trim().parse::<f64>() {
        Ok(t) if t > 0.0 && t <= 0.5 => Ok(t),
        Ok(_) => Err(range.to_string()),
        Err(_) => Err(format!("not a number; {range}")),
    }
}

#[derive(Debug, Args)]
pub struct PairArgs {
    /// P: comma list (0.9,0.1) or @FILE.
    #[arg(long, allow_hyphen_values = true)]
    pub p: String,
    /// Q: comma list (0.5,0.5) or @FILE.
    #[arg(long, allow_hyphen_values = true)]
    pub q: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct SingleArgs {
    /// P: comma list or @FILE.
    #[arg(long, allow_hyphen_values = true)]
    pub p: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct W1Args {
    #[command(flatten)]
    pub pair: PairArgs,
    /// Positions of the outcomes, strictly increasing (default 0,1,2,...).
    #[arg(long, allow_hyphen_values = true)]
    pub x: Option<String>,
}

#[derive(Debug, Args)]
pub struct MiArgs {
    /// Joint table: rows separated by ';', values by ',' ("0.3,0.2;0.1,0.4").
    #[arg(long, allow_hyphen_values = true)]
    pub joint: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct BernoulliArgs {
    /// P's probability of outcome 1.
    #[arg(long, allow_hyphen_values = true)]
    pub p: String,
    /// Q's probability of outcome 1.
    #[arg(long, allow_hyphen_values = true)]
    pub q: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct GaussianArgs {
    #[arg(long, allow_hyphen_values = true)]
    pub mu1: String,
    #[arg(long, allow_hyphen_values = true)]
    pub sigma1: String,
    #[arg(long, allow_hyphen_values = true)]
    pub mu2: String,
    #[arg(long, allow_hyphen_values = true)]
    pub sigma2: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct RenyiArgs {
    #[command(flatten)]
    pub pair: PairArgs,
    /// The order α: any number >= 0, or inf (1 gives KL, 0 gives −ln Q(supp P),
    /// inf gives ln max P/Q).
    #[arg(long, allow_hyphen_values = true, value_name = "A")]
    pub alpha: String,
}

#[derive(Debug, Args)]
pub struct MvnArgs {
    /// Mean of P: comma list ("0,0").
    #[arg(long, allow_hyphen_values = true)]
    pub mu1: String,
    /// Covariance of P: rows separated by ';', values by ',' ("1,0.5;0.5,2").
    #[arg(long, allow_hyphen_values = true)]
    pub cov1: String,
    /// Mean of Q.
    #[arg(long, allow_hyphen_values = true)]
    pub mu2: String,
    /// Covariance of Q, rows separated by ';'.
    #[arg(long, allow_hyphen_values = true)]
    pub cov2: String,
    #[command(flatten)]
    pub common: Common,
}
