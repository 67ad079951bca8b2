//! A LaTeX subset rendered to Unicode text, so formulas read well in any
//! terminal without a TeX engine. Deliberately strict: an unknown command or an
//! unbalanced brace is an error with a column, because a formula that renders
//! half-right teaches the wrong thing silently.

use std::fmt;

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
    let mut p = Parser {
        frac: false,
        s: src.chars().collect(),
        i: 0,
        depth: 0,
    };
    let out = p.seq(false)?;
    Ok(collapse_spaces(&out))
}

struct Parser {
    s: Vec<char>,
    i: usize,
    /// Group nesting, bounded so a hostile formula cannot exhaust the stack.
    depth: usize,
    /// Set by `\frac`, so the sequence around it can decide whether the
    /// flattened `a/b` needs parentheses to read one way only.
    frac: bool,
}

/// Deeper nesting than any real formula needs.
const MAX_DEPTH: usize = 32;

/// Names that print as upright words (operators) and want a space around them.
const OPERATOR_NAMES: &[&str] = &[
    "log", "ln", "exp", "min", "max", "sup", "inf", "lim", "arg", "argmin", "argmax", "sin", "cos",
    "tan", "det", "Pr", "Var", "Cov",
];

fn symbol(name: &str) -> Option<&'static str> {
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
fn is_relation(s: &str) -> bool {
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
fn is_big_operator(name: &str) -> bool {
    matches!(name, "sum" | "prod" | "int")
}

fn blackboard(c: char) -> Option<char> {
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

fn calligraphic(c: char) -> Option<char> {
    const SCRIPT: [char; 26] = [
        '𝒜', 'ℬ', '𝒞', '𝒟', 'ℰ', 'ℱ', '𝒢', 'ℋ', 'ℐ', '𝒥', '𝒦', 'ℒ', 'ℳ', '𝒩', '𝒪', '𝒫', '𝒬', 'ℛ',
        '𝒮', '𝒯', '𝒰', '𝒱', '𝒲', '𝒳', '𝒴', '𝒵',
    ];
    c.is_ascii_uppercase()
        .then(|| SCRIPT[(c as u8 - b'A') as usize])
}

fn subscript(c: char) -> Option<char> {
    Some(match c {
        '0'..='9' => char::from_u32(0x2080 + (c as u32 - '0' as u32))?,
        '+' => '₊',
        '-' | '−' => '₋',
        '=' => '₌',
        '(' => '₍',
        ')' => '₎',
        'a' => 'ₐ',
        'e' => 'ₑ',
        'h' => 'ₕ',
        'i' => 'ᵢ',
        'j' => 'ⱼ',
        'k' => 'ₖ',
        'l' => 'ₗ',
        'm' => 'ₘ',
        'n' => 'ₙ',
        'o' => 'ₒ',
        'p' => 'ₚ',
        'r' => 'ᵣ',
        's' => 'ₛ',
        't' => 'ₜ',
        'u' => 'ᵤ',
        'v' => 'ᵥ',
        'x' => 'ₓ',
        'β' => 'ᵦ',
        'γ' => 'ᵧ',
        'ρ' => 'ᵨ',
        'φ' | 'ϕ' => 'ᵩ',
        'χ' => 'ᵪ',
        _ => return None,
    })
}

fn superscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4'..='9' => char::from_u32(0x2074 + (c as u32 - '4' as u32))?,
        '+' => '⁺',
        '-' | '−' => '⁻',
        '=' => '⁼',
        '(' => '⁽',
        ')' => '⁾',
        'a' => 'ᵃ',
        'b' => 'ᵇ',
        'c' => 'ᶜ',
        'd' => 'ᵈ',
        'e' => 'ᵉ',
        'f' => 'ᶠ',
        'g' => 'ᵍ',
        'h' => 'ʰ',
        'i' => 'ⁱ',
        'j' => 'ʲ',
        'k' => 'ᵏ',
        'l' => 'ˡ',
        'm' => 'ᵐ',
        'n' => 'ⁿ',
        'o' => 'ᵒ',
        'p' => 'ᵖ',
        'r' => 'ʳ',
        's' => 'ˢ',
        't' => 'ᵗ',
        'u' => 'ᵘ',
        'v' => 'ᵛ',
        'w' => 'ʷ',
        'x' => 'ˣ',
        'y' => 'ʸ',
        'z' => 'ᶻ',
        'T' => 'ᵀ',
        '*' | '∗' => '*',
        '′' | '\'' => '′',
        '∞' => '∞',
        // Already raised (a nested power such as e^{x^2}).
        '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁻' | '⁺' => {
            c
        }
        _ => return None,
    })
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_alphanumeric)
}

/// The one rule for subscripts, so a symbol reads the same everywhere:
/// an index (digits, signs, parentheses and single lowercase letters, as in
/// `x_{i+1}`, `\log_2`, `\sum_{i=1}`) becomes Unicode subscript characters
/// when every character has one; a name (`D_{KL}`, `\pi_{ref}`, `Q_{cover}`,
/// `P_X`, `p_\theta`) is written `_name` whether or not Unicode could spell
/// it (so `Q_seek` sits beside `Q_cover`, not `Qₛₑₑₖ`); anything longer
/// (`\mathbb{E}_{x \sim P}`, `P_{Y \mid x}`) is `_(…)`. Never a brace.
pub fn lower(s: &str) -> String {
    let s = s.trim();
    if is_index(s)
        && let Some(mapped) = s.chars().map(subscript).collect::<Option<String>>()
    {
        return mapped;
    }
    let number = !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
    if is_word(s) || number || s.chars().count() == 1 {
        format!("_{s}")
    } else {
        format!("_({s})")
    }
}

/// An index: no two letters in a row and no capital or Greek letter (those
/// are names, and most have no subscript form anyway).
fn is_index(s: &str) -> bool {
    let mut prev_letter = false;
    for c in s.chars() {
        let letter = c.is_alphabetic();
        if letter && (prev_letter || !c.is_ascii_lowercase()) {
            return false;
        }
        prev_letter = letter;
    }
    true
}

/// Like [`lower`]: superscript characters, else `^T`-style or `^(…)`.
fn raise(s: &str) -> String {
    let s = s.trim();
    if let Some(mapped) = s.chars().map(superscript).collect::<Option<String>>() {
        return mapped;
    }
    if is_word(s) || s.chars().count() == 1 {
        format!("^{s}")
    } else {
        format!("^({s})")
    }
}

/// Whether a fraction part needs parentheses to keep its meaning after
/// flattening to `a/b`: anything with a top-level space or operator.
fn needs_parens(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' | '[' | '{' | '⟨' => depth += 1,
            ')' | ']' | '}' | '⟩' => depth -= 1,
            ' ' | '+' | '-' | '−' | '/' | '·' | '×' | '=' | '<' | '>' | '≤' | '≥' | '±' | '|'
                if depth == 0 =>
            {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// Commands after a fraction that do not multiply it (relations, operators,
/// spacing, closing delimiters).
const NOT_FACTORS: &[&str] = &[
    "right",
    "cdot",
    "times",
    "le",
    "leq",
    "ge",
    "geq",
    "to",
    "quad",
    "qquad",
    "ne",
    "neq",
    "approx",
    "pm",
    "mp",
    "rangle",
    "rvert",
    "rVert",
    "mid",
    "in",
    "sim",
    "equiv",
    "propto",
    "gt",
    "lt",
    "ll",
    "gg",
    "implies",
    "iff",
    "rightarrow",
    "leftarrow",
    "Rightarrow",
    "mapsto",
    "big",
    "Big",
    "bigr",
    "Bigr",
    "end",
    "circ",
];

const SCRIPT_CHARS: &str =
    "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ′*";

/// Whether a denominator reads unambiguously after `/` without parentheses:
/// a number, or one name (with scripts) optionally applied to one bracketed
/// argument: `2`, `σ₂²`, `Q(x)`, `D_KL`. Not `2σ²` (a product).
fn is_atom(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    if c.first().is_some_and(|c| c.is_ascii_digit()) {
        while i < c.len() && (c[i].is_ascii_digit() || c[i] == '.') {
            i += 1;
        }
    } else {
        while i < c.len() && c[i].is_alphabetic() && !SCRIPT_CHARS.contains(c[i]) {
            i += 1;
        }
        if i == 0 {
            return false;
        }
    }
    // Scripts: Unicode ones, or the `_KL` / `^T` / `_{..}` / `^(..)` fallbacks.
    loop {
        if i < c.len() && SCRIPT_CHARS.contains(c[i]) {
            i += 1;
        } else if i + 1 < c.len() && (c[i] == '_' || c[i] == '^') {
            i += 1;
            if c[i] == '{' || c[i] == '(' {
                let close = if c[i] == '{' { '}' } else { ')' };
                match c[i..].iter().position(|&x| x == close) {
                    Some(k) => i += k + 1,
                    None => return false,
                }
            } else {
                while i < c.len() && c[i].is_alphanumeric() {
                    i += 1;
                }
            }
        } else {
            break;
        }
    }
    if i < c.len() && (c[i] == '(' || c[i] == '[') {
        let close = if c[i] == '(' { ')' } else { ']' };
        let mut depth = 0;
        for (k, &x) in c.iter().enumerate().skip(i) {
            if x == c[i] {
                depth += 1;
            } else if x == close {
                depth -= 1;
                if depth == 0 {
                    return k + 1 == c.len();
                }
            }
        }
        return false;
    }
    i == c.len()
}

fn wrap(s: &str) -> String {
    let s = s.trim();
    if needs_parens(s) {
        format!("({s})")
    } else {
        s.to_string()
    }
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

impl Parser {
    fn err<T>(&self, column: usize, message: impl Into<String>) -> Result<T, MathError> {
        Err(MathError {
            column,
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    /// A sequence up to the end, or up to the `}` closing a group when `in_group`.
    fn seq(&mut self, in_group: bool) -> Result<String, MathError> {
        if self.depth >= MAX_DEPTH {
            return self.err(self.i, "formula nested too deeply");
        }
        self.depth += 1;
        let out = self.seq_inner(in_group);
        self.depth -= 1;
        out
    }

    fn seq_inner(&mut self, in_group: bool) -> Result<String, MathError> {
        let mut out = String::new();
        // Set after an operator name or big operator: a following letter gets a space.
        let mut space_before_letter = false;
        while let Some(c) = self.peek() {
            let start = self.i;
            let piece: String = match c {
                '}' => {
                    if in_group {
                        return Ok(out);
                    }
                    return self.err(start, "unbalanced '}': no '{' opens it");
                }
                '{' => {
                    self.i += 1;
                    let inner = self.seq(true)?;
                    self.close(start)?;
                    inner
                }
                '_' | '^' => {
                    self.i += 1;
                    let arg = self.arg(c)?;
                    out.push_str(&if c == '_' { lower(&arg) } else { raise(&arg) });
                    continue;
                }
                '\\' => {
                    self.frac = false;
                    let (name, op) = self.command()?;
                    if std::mem::take(&mut self.frac) && self.fraction_is_ambiguous(&out) {
                        // `ln 5/6` reads as (ln 5)/6 and `1/2 D(P‖M)` as 1/(2 D):
                        // a flattened fraction beside a function or a factor is
                        // parenthesised.
                        if space_before_letter {
                            while out.ends_with(' ') {
                                out.pop();
                            }
                            space_before_letter = false;
                        }
                        out.push_str(&format!("({name})"));
                        continue;
                    }
                    if op {
                        if out.ends_with(|c: char| c.is_alphanumeric() || c == ')' || c == ']') {
                            out.push(' ');
                        }
                        out.push_str(&name);
                        space_before_letter = true;
                        continue;
                    }
                    name
                }
                '~' => {
                    self.i += 1;
                    " ".to_string()
                }
                '$' => return self.err(start, "'$' inside a formula"),
                c if c.is_whitespace() => {
                    self.i += 1;
                    " ".to_string()
                }
                c => {
                    self.i += 1;
                    c.to_string()
                }
            };
            if space_before_letter && !piece.trim().is_empty() {
                if piece.starts_with(char::is_alphanumeric) && !out.ends_with(' ') {
                    out.push(' ');
                }
                space_before_letter = false;
            }
            out.push_str(&piece);
        }
        Ok(out)
    }

    /// Whether a fraction just flattened to `a/b` would read another way: it
    /// follows a function name or a factor (`log`, `ln`, `P(x)`, `2`), or a
    /// factor follows it (`1/2 D(P‖M)`, `1/n Σ`).
    fn fraction_is_ambiguous(&self, before: &str) -> bool {
        let prev = before.trim_end();
        let after_factor = prev.ends_with(|c: char| {
            c.is_alphanumeric() || c == ')' || c == ']' || SCRIPT_CHARS.contains(c)
        });
        let mut j = self.i;
        while self.s.get(j) == Some(&' ') {
            j += 1;
        }
        let before_factor = match self.s.get(j) {
            Some('\\') => {
                let name: String = self.s[j + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                !name.is_empty() && !NOT_FACTORS.contains(&name.as_str())
            }
            Some(c) => c.is_alphanumeric() || *c == '(' || *c == '[',
            None => false,
        };
        after_factor || before_factor
    }

    /// Expects the `}` that closes the group opened at `open`.
    fn close(&mut self, open: usize) -> Result<(), MathError> {
        if self.peek() == Some('}') {
            self.i += 1;
            Ok(())
        } else {
            self.err(open, "unbalanced '{': no '}' closes it")
        }
    }

    /// The argument of `_`, `^` or a command: a `{group}`, a command, or one character.
    fn arg(&mut self, of: char) -> Result<String, MathError> {
        while self.peek() == Some(' ') {
            self.i += 1;
        }
        let start = self.i;
        match self.peek() {
            None | Some('}') => {
                self.err(start.saturating_sub(1), format!("'{of}' needs an argument"))
            }
            Some('{') => {
                self.i += 1;
                let inner = self.seq(true)?;
                self.close(start)?;
                Ok(inner)
            }
            Some('\\') => {
                let (name, _) = self.command()?;
                Ok(name)
            }
            Some('_' | '^') => self.err(start, format!("double script after '{of}'")),
            Some(c) => {
                self.i += 1;
                Ok(c.to_string())
            }
        }
    }

    /// A required `{...}` argument, rendered as math.
    fn group(&mut self, cmd: &str) -> Result<String, MathError> {
        while self.peek() == Some(' ') {
            self.i += 1;
        }
        let start = self.i;
        if self.peek() != Some('{') {
            return self.err(start, format!("\\{cmd} needs a {{...}} argument"));
        }
        self.i += 1;
        let inner = self.seq(true)?;
        self.close(start)?;
        Ok(inner)
    }

    /// A required `{...}` argument kept as literal text (for `\text`).
    fn text_group(&mut self, cmd: &str) -> Result<String, MathError> {
        while self.peek() == Some(' ') {
            self.i += 1;
        }
        let start = self.i;
        if self.peek() != Some('{') {
            return self.err(start, format!("\\{cmd} needs a {{...}} argument"));
        }
        self.i += 1;
        let mut depth = 0;
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => return Ok(out),
                '}' => depth -= 1,
                _ => {}
            }
            out.push(c);
        }
        self.err(start, "unbalanced '{': no '}' closes it")
    }

    /// Parses `\name` and whatever arguments it takes. Returns the rendered text
    /// and whether it is an operator name (which wants spaces around it).
    fn command(&mut self) -> Result<(String, bool), MathError> {
        let start = self.i;
        self.i += 1; // the backslash
        let name: String = match self.peek() {
            None => return self.err(start, "a lone '\\' at the end of the formula"),
            Some(c) if c.is_ascii_alphabetic() => {
                let mut n = String::new();
                while let Some(c) = self.peek().filter(char::is_ascii_alphabetic) {
                    n.push(c);
                    self.i += 1;
                }
                // Prefix operators bind to what follows: `\partial f` reads ∂f.
                if matches!(n.as_str(), "partial" | "nabla") {
                    while self.peek() == Some(' ') {
                        self.i += 1;
                    }
                }
                n
            }
            Some(c) => {
                self.i += 1;
                c.to_string()
            }
        };
        let n = name.as_str();
        if OPERATOR_NAMES.contains(&n) {
            return Ok((name, true));
        }
        if is_big_operator(n) {
            return Ok((symbol(n).unwrap_or_default().to_string(), true));
        }
        if let Some(s) = symbol(n) {
            if is_relation(s) {
                return Ok((format!(" {s} "), false));
            }
            return Ok((s.to_string(), false));
        }
        let rendered = match n {
            "left" | "right" | "big" | "Big" | "bigg" | "Bigg" | "bigl" | "bigr" | "Bigl"
            | "Bigr" => {
                // The size hint is dropped; the delimiter after it is kept.
                let at = self.i;
                match self.peek() {
                    Some('.') => {
                        self.i += 1;
                        String::new()
                    }
                    Some('\\') => self.command()?.0,
                    Some(c) if "()[]|/<>".contains(c) => {
                        self.i += 1;
                        c.to_string()
                    }
                    _ => return self.err(at, format!("\\{n} needs a delimiter such as ( or \\|")),
                }
            }
            "frac" | "dfrac" | "tfrac" => {
                let a = self.group(n)?;
                let b = self.group(n)?;
                self.frac = true;
                let b = b.trim();
                let b = if is_atom(b) {
                    b.to_string()
                } else {
                    format!("({b})")
                };
                format!("{}/{b}", wrap(&a))
            }
            "sqrt" => {
                let a = self.group(n)?;
                let a = a.trim();
                if is_atom(a) || (a.starts_with('(') && a.ends_with(')') && !needs_parens(a)) {
                    format!("√{a}")
                } else {
                    format!("√({a})")
                }
            }
            "mathbb" => {
                let at = self.i;
                let a = self.group(n)?;
                let mut cs = a.trim().chars();
                match (cs.next().and_then(blackboard), cs.next()) {
                    (Some(c), None) => c.to_string(),
                    _ => {
                        return self.err(
                            at,
                            format!(
                                "\\mathbb{{{a}}} is not supported (use E, R, N, Z, Q, P, C or V)"
                            ),
                        );
                    }
                }
            }
            "mathcal" => {
                let at = self.i;
                let a = self.group(n)?;
                let mut cs = a.trim().chars();
                match (cs.next().and_then(calligraphic), cs.next()) {
                    (Some(c), None) => c.to_string(),
                    _ => return self.err(at, format!("\\mathcal{{{a}}} takes one capital letter")),
                }
            }
            "text" | "mathrm" | "operatorname" | "textrm" | "mathit" | "mathbf" | "textbf"
            | "textit" | "mathsf" | "texttt" => {
                let t = self.text_group(n)?;
                if n == "operatorname" {
                    return Ok((t.trim().to_string(), true));
                }
                t
            }
            "hat" | "bar" | "tilde" | "overline" | "vec" | "dot" => {
                let mark = match n {
                    "hat" => '\u{302}',
                    "bar" | "overline" => '\u{305}',
                    "tilde" => '\u{303}',
                    "vec" => '\u{20d7}',
                    _ => '\u{307}',
                };
                let a = self.group(n)?;
                a.chars().flat_map(|c| [c, mark]).collect()
            }
            _ => {
                return self.err(start, format!("unknown command \\{n}"));
            }
        };
        Ok((rendered, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn scripts_and_fallbacks() {
        assert_eq!(r("x_i^2"), "xᵢ²");
        assert_eq!(r("x_{i+1}"), "xᵢ₊₁");
        assert_eq!(r("e^{-x^2}"), "e⁻ˣ²");
        assert_eq!(r(r"\log_2 x"), "log₂ x");
        assert_eq!(r("D_{KL}"), "D_KL");
        assert_eq!(r(r"\mathbb{E}_{x\sim P}[f]"), "𝔼_(x ∼ P)[f]");
        assert_eq!(r(r"a\le b"), "a ≤ b");
        assert_eq!(r("x^{q+Q}"), "x^(q+Q)");
        assert_eq!(r("A^T"), "Aᵀ");
        assert_eq!(r("Q^Q"), "Q^Q");
    }

    #[test]
    fn one_rule_for_subscripts() {
        // Names are `_name` whether or not Unicode can spell them.
        assert_eq!(r("Q_{seek}"), "Q_seek");
        assert_eq!(r("Q_{cover}"), "Q_cover");
        assert_eq!(r(r"\pi_{\text{ref}}"), "π_ref");
        assert_eq!(r(r"p_\theta, q_\phi"), "p_θ, q_ϕ");
        assert_eq!(r("P_X P_{XY}"), "P_X P_XY");
        assert_eq!(r(r"\Sigma_{ii}"), "Σ_ii");
        // Indices become subscript characters.
        assert_eq!(r(r"\sum_{i=1}^{n} x_i"), "Σᵢ₌₁ⁿ xᵢ");
        assert_eq!(r(r"\log_2 x_{n-1}"), "log₂ xₙ₋₁");
        // Anything longer is parenthesised, never braced.
        assert_eq!(r(r"P_{Y \mid x}"), "P_(Y | x)");
        assert_eq!(r(r"\sum_{x,y}"), "Σ_(x,y)");
        assert_eq!(r(r"D_{0.5}, D_\infty, D_2"), "D_0.5, D_∞, D₂");
        assert_eq!(r(r"\mathbb{E}_{x \sim p_\theta}"), "𝔼_(x ∼ p_θ)");
        for src in [
            r"x_{a b}",
            r"x^{a b}",
            r"\mathbb{E}_{z \sim q(z \mid x)}[f]",
        ] {
            let out = r(src);
            assert!(!out.contains(['{', '}', '\\']), "{src} -> {out}");
        }
    }

    #[test]
    fn fractions_get_parentheses_when_needed() {
        assert_eq!(r(r"\frac{1}{2}"), "1/2");
        assert_eq!(r(r"\frac{1-p}{1-q}"), "(1-p)/(1-q)");
        assert_eq!(r(r"\frac{p}{q}"), "p/q");
        assert_eq!(r(r"\frac{P(x)}{Q(x) + \epsilon}"), "P(x)/(Q(x) + ϵ)");
        assert_eq!(r(r"\frac{\sigma_1^2}{\sigma_2^2}"), "σ₁²/σ₂²");
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
    fn sqrt_left_right_and_text() {
        assert_eq!(r(r"\sqrt{x}"), "√x");
        assert_eq!(r(r"\sqrt{1-p}"), "√(1-p)");
        assert_eq!(r(r"\left(\frac{a}{b}\right)"), "(a/b)");
        // Beside a function or a factor a flattened fraction is parenthesised.
        assert_eq!(r(r"\ln \frac{5}{6}"), "ln(5/6)");
        assert_eq!(
            r(r"\frac{1}{2} D(P\|M) + \frac{1}{2} D(Q\|M)"),
            "(1/2) D(P‖M) + (1/2) D(Q‖M)"
        );
        assert_eq!(
            r(r"p \log \frac{p}{q} + (1-p) \log \frac{1-p}{1-q}"),
            "p log(p/q) + (1-p) log((1-p)/(1-q))"
        );
        assert_eq!(r(r"\frac{1}{2} + x"), "1/2 + x");
        assert_eq!(r(r"x = \frac{a}{b}"), "x = a/b");
        assert_eq!(r(r"\left\| x \right\|"), "‖ x ‖");
        assert_eq!(r(r"H(P) + \text{KL term}"), "H(P) + KL term");
        assert_eq!(r(r"\operatorname{JS}(P,Q)"), "JS(P,Q)");
        assert_eq!(r(r"\mathrm{d}x"), "dx");
        assert_eq!(r(r"a\quad b\;c\,d"), "a b c d");
        assert_eq!(r(r"\mathcal{L}(\theta)"), "ℒ(θ)");
        assert_eq!(r(r"\hat{p}"), "p\u{302}");
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
    fn errors_carry_columns() {
        let e = render(r"x + \foo y").unwrap_err();
        assert_eq!(e.column, 4);
        assert!(e.message.contains("unknown command \\foo"), "{e}");
        let e = render(r"\frac{a}{b").unwrap_err();
        assert_eq!(e.column, 8);
        assert!(e.message.contains("unbalanced '{'"));
        let e = render("a}b").unwrap_err();
        assert_eq!(e.column, 1);
        assert!(e.message.contains("unbalanced '}'"));
        let e = render("x_").unwrap_err();
        assert!(e.message.contains("'_' needs an argument"));
        let e = render(r"\frac{a}").unwrap_err();
        assert!(e.message.contains("\\frac needs"));
        let e = render(r"\mathbb{K}").unwrap_err();
        assert!(e.message.contains("not supported"));
        assert!(render("\\").is_err());
        assert!(render(r"\\").is_err());
        assert!(render(r"\left").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "{".repeat(100_000) + &"}".repeat(100_000);
        assert!(
            render(&deep)
                .unwrap_err()
                .message
                .contains("nested too deeply")
        );
        let fracs = r"\frac{".repeat(10_000);
        assert!(render(&fracs).is_err());
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
