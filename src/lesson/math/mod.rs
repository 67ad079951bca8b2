//! A LaTeX subset rendered to Unicode text, so formulas read well in any
//! terminal without a TeX engine. Deliberately strict: an unknown command or an
//! unbalanced brace is an error with a column, because a formula that renders
//! half-right teaches the wrong thing silently.

use std::fmt;

mod fractions;
mod parser;
mod scripts;
mod symbols;

pub use scripts::lower;

/// Why a formula did not render; `column` is a 0-based character offset into
/// the formula text (the caller adds where the formula starts in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for MathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (column {})", self.message, self.column + 1)
    }
}

impl std::error::Error for MathError {}

/// Renders a formula such as `D_{KL}(P\|Q) = \sum_x P(x)\log\frac{P(x)}{Q(x)}`
/// to `D_KL(P‖Q) = Σₓ P(x) log(P(x)/Q(x))`.
pub fn render(src: &str) -> Result<String, MathError> {
    let mut p = parser::Parser::new(src);
    let out = p.seq(false)?;
    Ok(fractions::collapse_spaces(&out))
}

#[cfg(test)]
mod tests {
    use super::render;

    fn r(s: &str) -> String {
        render(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn the_definition() {
        assert_eq!(
            r(r"D_{KL}(P\|Q) = \sum_x P(x)\log\frac{P(x)}{Q(x)}"),
            "D_KL(P‖Q) = Σₓ P(x) log(P(x)/Q(x))"
        );
    }

    #[test]
    fn greek_letters() {
        assert_eq!(r(r"\alpha + \beta = \Gamma"), "α + β = Γ");
        assert_eq!(r(r"\mu_1, \sigma_2^2"), "μ₁, σ₂²");
        assert_eq!(r(r"\Omega\omega"), "Ωω");
    }

    #[test]
    fn operators_and_relations() {
        assert_eq!(r(r"D(P\|Q) \ge 0"), "D(P‖Q) ≥ 0");
        assert_eq!(r(r"a \le b \ne c \approx d"), "a ≤ b ≠ c ≈ d");
        assert_eq!(r(r"n \to \infty"), "n → ∞");
        assert_eq!(r(r"x \sim P, x \in X"), "x ∼ P, x ∈ X");
        assert_eq!(r(r"a \cdot b \times c"), "a · b × c");
        assert_eq!(r(r"p(x \mid y) \propto p(y)"), "p(x | y) ∝ p(y)");
        assert_eq!(r(r"\partial f, \nabla f"), "∂f, ∇f");
        assert_eq!(r(r"\mathbb{E}_P[\log P]"), "𝔼_P[log P]");
        assert_eq!(r(r"\prod_i p_i"), "∏ᵢ pᵢ");
        assert_eq!(r(r"\int p(x)\,dx"), "∫ p(x) dx");
        assert_eq!(r(r"\max_i x_i"), "maxᵢ xᵢ");
    }

    #[test]
    fn formulas_from_the_curriculum() {
        let cases = [
            (
                r"H(P,Q) = -\sum_x P(x)\log Q(x)",
                "H(P,Q) = -Σₓ P(x) log Q(x)",
            ),
            (r"H(P,Q) = H(P) + D_{KL}(P\|Q)", "H(P,Q) = H(P) + D_KL(P‖Q)"),
            (r"\sum_{i=1}^{n} p_i = 1", "Σᵢ₌₁ⁿ pᵢ = 1"),
            (
                r"D(P\|Q) = \mathbb{E}_{x\sim P}\left[\log\frac{P(x)}{Q(x)}\right]",
                "D(P‖Q) = 𝔼_(x ∼ P)[log(P(x)/Q(x))]",
            ),
            (
                r"\log\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{2\sigma_2^2} - \frac{1}{2}",
                "log(σ₂/σ₁) + (σ₁² + (μ₁-μ₂)²)/(2σ₂²) - 1/2",
            ),
            (r"I(X;Y) = D(P_{XY}\|P_X P_Y)", "I(X;Y) = D(P_XY‖P_X P_Y)"),
            (r"JS(P,Q) \le \ln 2", "JS(P,Q) ≤ ln 2"),
            (r"\hat{D}_n \to D", "D\u{302}ₙ → D"),
            (r"\text{bits} = \text{nats} / \ln 2", "bits = nats / ln 2"),
            (r"\frac{1}{n}\sum_{i} \log r_i", "(1/n) Σᵢ log rᵢ"),
            (r"\|P - Q\|_1", "‖P - Q‖₁"),
            (r"\theta^* = \arg\min_\theta", "θ* = arg min_θ"),
            (r"q_\phi(z \mid x)", "q_ϕ(z | x)"),
            (
                r"\sqrt{\frac{1}{2}\sum_x (\sqrt{P(x)} - \sqrt{Q(x)})^2}",
                "√((1/2) Σₓ (√P(x) - √Q(x))²)",
            ),
            (r"p \cdot \log_2 \frac{1}{p}", "p · log₂(1/p)"),
            (r"\Pr[X = x]", "Pr[X = x]"),
            (r"x^{n+1}_{i}", "xⁿ⁺¹ᵢ"),
            (r"a \ne b", "a ≠ b"),
            (r"\{x : P(x) > 0\}", "{x : P(x) > 0}"),
        ];
        for (src, want) in cases {
            assert_eq!(r(src), want.replace("\\u{302}", "\u{302}"), "{src}");
        }
    }

    #[test]
    fn spaces_collapse() {
        assert_eq!(r("  a   +   b  "), "a + b");
        assert_eq!(r(""), "");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "{{{{", "}}}}", "^^^", "__", "\\frac{", "\\text{", "\\sqrt", "é^é_é", "\\left\\",
        ] {
            let _ = render(s);
        }
    }
}
