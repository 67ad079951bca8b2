//! The command names of the LaTeX subset and what they print: Greek
//! letters, operators, relations, and the blackboard and script alphabets.

/// Names that print as upright words (operators) and want a space around them.
pub(super) const OPERATOR_NAMES: &[&str] = &[
    "log", "ln", "exp", "min", "max", "sup", "inf", "lim", "arg", "argmin", "argmax", "sin", "cos",
    "tan", "det", "Pr", "Var", "Cov",
];

pub(super) fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "epsilon" => "ϵ",
        "varepsilon" => "ε",
        "zeta" => "ζ",
        "eta" => "η",
        "theta" => "θ",
        "vartheta" => "ϑ",
        "iota" => "ι",
        "kappa" => "κ",
        "lambda" => "λ",
        "mu" => "μ",
        "nu" => "ν",
        "xi" => "ξ",
        "omicron" => "ο",
        "pi" => "π",
        "rho" => "ρ",
        "sigma" => "σ",
        "varsigma" => "ς",
        "tau" => "τ",
        "upsilon" => "υ",
        "phi" => "ϕ",
        "varphi" => "φ",
        "chi" => "χ",
        "psi" => "ψ",
        "omega" => "ω",
        "Gamma" => "Γ",
        "Delta" => "Δ",
        "Theta" => "Θ",
        "Lambda" => "Λ",
        "Xi" => "Ξ",
        "Pi" => "Π",
        "Sigma" => "Σ",
        "Upsilon" => "Υ",
        "Phi" => "Φ",
        "Psi" => "Ψ",
        "Omega" => "Ω",
        "sum" => "Σ",
        "prod" => "∏",
        "int" => "∫",
        "|" => "‖",
        "Vert" | "lVert" | "rVert" => "‖",
        "vert" | "lvert" | "rvert" => "|",
        "mid" => " | ",
        "ge" | "geq" => "≥",
        "le" | "leq" => "≤",
        "ne" | "neq" => "≠",
        "gg" => "≫",
        "ll" => "≪",
        "approx" => "≈",
        "equiv" => "≡",
        "to" | "rightarrow" => "→",
        "leftarrow" => "←",
        "Rightarrow" | "implies" => "⇒",
        "iff" | "Leftrightarrow" => "⇔",
        "infty" => "∞",
        "cdot" => "·",
        "times" => "×",
        "pm" => "±",
        "sim" => "∼",
        "in" => "∈",
        "notin" => "∉",
        "subset" => "⊂",
        "cup" => "∪",
        "cap" => "∩",
        "forall" => "∀",
        "exists" => "∃",
        "propto" => "∝",
        "partial" => "∂",
        "nabla" => "∇",
        "ldots" | "dots" => "…",
        "cdots" => "⋯",
        "langle" => "⟨",
        "rangle" => "⟩",
        "{" => "{",
        "}" => "}",
        "%" => "%",
        "_" => "_",
        "&" => "&",
        "#" => "#",
        "," | ";" | ":" | " " | "quad" | "qquad" => " ",
        "!" => "",
        _ => return None,
    })
}

/// Binary relations and operators, which read best with a space either side.
pub(super) fn is_relation(s: &str) -> bool {
    matches!(
        s,
        "≥" | "≤"
            | "≠"
            | "≫"
            | "≪"
            | "≈"
            | "≡"
            | "→"
            | "←"
            | "⇒"
            | "⇔"
            | "·"
            | "×"
            | "±"
            | "∼"
            | "∈"
            | "∉"
            | "⊂"
            | "∪"
            | "∩"
            | "∝"
    )
}

/// Big operators: a space follows them (after their limits) when a letter comes next.
pub(super) fn is_big_operator(name: &str) -> bool {
    matches!(name, "sum" | "prod" | "int")
}

pub(super) fn blackboard(c: char) -> Option<char> {
    Some(match c {
        'E' => '𝔼',
        'R' => 'ℝ',
        'N' => 'ℕ',
        'Z' => 'ℤ',
        'Q' => 'ℚ',
        'P' => 'ℙ',
        'C' => 'ℂ',
        'V' => '𝕍',
        _ => return None,
    })
}

pub(super) fn calligraphic(c: char) -> Option<char> {
    const SCRIPT: [char; 26] = [
        '𝒜', 'ℬ', '𝒞', '𝒟', 'ℰ', 'ℱ', '𝒢', 'ℋ', 'ℐ', '𝒥', '𝒦', 'ℒ', 'ℳ', '𝒩', '𝒪', '𝒫', '𝒬', 'ℛ',
        '𝒮', '𝒯', '𝒰', '𝒱', '𝒲', '𝒳', '𝒴', '𝒵',
    ];
    c.is_ascii_uppercase()
        .then(|| SCRIPT[(c as u8 - b'A') as usize])
}
