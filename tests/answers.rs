//! Answer checking end to end: parsing what a learner types, grading it
//! against the engine, and diagnosing every catalogued mistake.
//!
//! Every expected number below was computed independently with mpmath at 40
//! digits (the naive textbook formula for each mistake), not with the engine.

use kltutor::engine::{Base, Norm};
use kltutor::quantity::{Inputs, Measure, Quantity};
use kltutor::tutor::expr::MAX_LEN;
use kltutor::tutor::mistakes::diagnose_unit;
use kltutor::tutor::{DEFAULT_TOLERANCE, catalogue, diagnose, grade, parse_answer};
use proptest::prelude::*;

const COIN: ([f64; 2], [f64; 2]) = ([0.9, 0.1], [0.5, 0.5]);
const THREE: ([f64; 3], [f64; 3]) = ([0.6, 0.3, 0.1], [0.2, 0.5, 0.3]);

fn example(name: &str, measure: Measure, base: Base) -> Quantity {
    let (p, q) = match name {
        "coin" => (COIN.0.to_vec(), COIN.1.to_vec()),
        "three" => (THREE.0.to_vec(), THREE.1.to_vec()),
        _ => unreachable!("unknown example {name}"),
    };
    Quantity::discrete(measure, p, q, base)
}

fn coin(measure: Measure, base: Base) -> Quantity {
    example("coin", measure, base)
}

fn grade_str(q: &Quantity, answer: &str) -> kltutor::tutor::Verdict {
    let a = parse_answer(answer).unwrap_or_else(|e| panic!("{answer}: {e}"));
    grade(q, &a, DEFAULT_TOLERANCE).unwrap()
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    a == b || (a - b).abs() <= rel * b.abs()
}

/// (example, measure, asked unit, answer typed, expected mistake id, the
/// mistaken value per mpmath). Answers are the mistaken values to 6 digits.
#[rustfmt::skip]
const MISTAKES: &[(&str, Measure, Base, &str, &str, f64)] = &[
// coin kl base 2: right 0.53100440641071882
    ("coin", Measure::Kl, Base::Two, "0.736966", "swapped-arguments", 0.7369655941662061),
    ("coin", Measure::Kl, Base::Two, "1.0", "cross-entropy-for-kl", 1.0),
    ("coin", Measure::Kl, Base::Two, "0.468996", "entropy-for-kl", 0.4689955935892812),
    ("coin", Measure::Kl, Base::Two, "0.368064", "nats-for-bits", 0.3680642071684971),
    ("coin", Measure::Kl, Base::Two, "0.159848", "log10", 0.1598482541593736),
    ("coin", Measure::Kl, Base::Two, "-0.531004", "sign-flipped", -0.5310044064107188),
    ("coin", Measure::Kl, Base::Two, "-0.736966", "weighted-by-q", -0.7369655941662061),
    ("coin", Measure::Kl, Base::Two, "-1.47393", "unweighted", -1.4739311883324122),
    ("coin", Measure::Kl, Base::Two, "0.763197", "dropped-term", 0.7631972158994551),
    ("coin", Measure::Kl, Base::Two, "-0.232193", "dropped-term", -0.23219280948873625),
    ("coin", Measure::Kl, Base::Two, "0.510826", "swapped-nats-for-bits", 0.5108256237659906),
    ("coin", Measure::Kl, Base::Two, "0.221849", "swapped-log10", 0.22184874961635634),
    ("coin", Measure::Kl, Base::Two, "1.64", "forgot-log", 1.6400000000000001),
// coin kl base e: right 0.3680642071684971
    ("coin", Measure::Kl, Base::E, "0.531004", "bits-for-nats", 0.5310044064107188),
    ("coin", Measure::Kl, Base::E, "0.736966", "swapped-bits-for-nats", 0.7369655941662061),
// coin kl base 10: right 0.1598482541593736
    ("coin", Measure::Kl, Base::Ten, "0.368064", "nats-for-hartleys", 0.3680642071684971),
    ("coin", Measure::Kl, Base::Ten, "0.531004", "bits-for-hartleys", 0.5310044064107188),
// coin rkl base 2: right 0.73696559416620611
    ("coin", Measure::ReverseKl, Base::Two, "0.531004", "swapped-arguments", 0.5310044064107188),
    ("coin", Measure::ReverseKl, Base::Two, "-0.531004", "weighted-by-p", -0.5310044064107188),
    ("coin", Measure::ReverseKl, Base::Two, "1.47393", "unweighted", 1.4739311883324122),
    ("coin", Measure::ReverseKl, Base::Two, "1.16096", "dropped-term", 1.160964047443681),
// coin ce base 2: right 1.0
    ("coin", Measure::CrossEntropy, Base::Two, "1.73697", "swapped-arguments", 1.736965594166206),
    ("coin", Measure::CrossEntropy, Base::Two, "0.531004", "kl-for-cross-entropy", 0.5310044064107188),
    ("coin", Measure::CrossEntropy, Base::Two, "0.468996", "entropy-for-cross-entropy", 0.4689955935892812),
    ("coin", Measure::CrossEntropy, Base::Two, "2.0", "unweighted", 2.0),
    ("coin", Measure::CrossEntropy, Base::Two, "0.9", "dropped-term", 0.9),
    ("coin", Measure::CrossEntropy, Base::Two, "0.693147", "nats-for-bits", std::f64::consts::LN_2),
// coin entropy base 2: right 0.4689955935892812
    ("coin", Measure::Entropy, Base::Two, "-0.468996", "sign-flipped", -0.4689955935892812),
    ("coin", Measure::Entropy, Base::Two, "3.47393", "unweighted", 3.473931188332412),
    ("coin", Measure::Entropy, Base::Two, "0.332193", "dropped-term", 0.33219280948873625),
    ("coin", Measure::Entropy, Base::Two, "0.325083", "nats-for-bits", 0.3250829733914482),
// coin js base 2: right 0.14679310243605201
    ("coin", Measure::Js, Base::Two, "0.293586", "forgot-half", 0.293586204872104),
    ("coin", Measure::Js, Base::Two, "0.633985", "symmetrized-kl", 0.6339850002884625),
    ("coin", Measure::Js, Base::Two, "0.101749", "nats-for-bits", 0.10174922507919669),
// coin tv base e: right 0.40000000000000001
    ("coin", Measure::Tv, Base::E, "0.8", "tv-without-half", 0.8),
    ("coin", Measure::Tv, Base::E, "-0.4", "sign-flipped", -0.4),
// coin hel base e: right 0.32491969623290633
    ("coin", Measure::Hellinger, Base::E, "0.105573", "squared-hellinger", 0.10557280900008412),
    ("coin", Measure::Hellinger, Base::E, "0.459506", "hellinger-without-half", 0.45950584109472237),
// three kl base e: right 0.39605845720425756
    ("three", Measure::Kl, Base::E, "0.365274", "swapped-arguments", 0.3652740407498063),
    ("three", Measure::Kl, Base::E, "1.294", "cross-entropy-for-kl", 1.2940041820610373),
    ("three", Measure::Kl, Base::E, "0.897946", "entropy-for-kl", 0.8979457248567798),
    ("three", Measure::Kl, Base::E, "0.571392", "bits-for-nats", 0.5713915721107161),
    ("three", Measure::Kl, Base::E, "0.172006", "log10", 0.17200600247492426),
    ("three", Measure::Kl, Base::E, "-0.396058", "sign-flipped", -0.3960584572042576),
    ("three", Measure::Kl, Base::E, "-0.365274", "weighted-by-q", -0.3652740407498063),
    ("three", Measure::Kl, Base::E, "-0.510826", "unweighted", -0.5108256237659907),
    ("three", Measure::Kl, Base::E, "-0.263109", "dropped-term", -0.2631089159966082),
    ("three", Measure::Kl, Base::E, "0.549306", "dropped-term", 0.5493061443340548),
    ("three", Measure::Kl, Base::E, "0.50592", "dropped-term", 0.5059196860710685),
    ("three", Measure::Kl, Base::E, "0.526979", "swapped-bits-for-nats", 0.5269790471552187),
    ("three", Measure::Kl, Base::E, "0.158637", "swapped-log10", 0.15863650028014442),
    ("three", Measure::Kl, Base::E, "2.01333", "forgot-log", 2.013333333333333),
// three kl base 2: right 0.57139157211071612
    ("three", Measure::Kl, Base::Two, "0.396058", "nats-for-bits", 0.3960584572042576),
    ("three", Measure::Kl, Base::Two, "0.365274", "swapped-nats-for-bits", 0.3652740407498063),
// three kl base 10: right 0.17200600247492427
    ("three", Measure::Kl, Base::Ten, "0.396058", "nats-for-hartleys", 0.3960584572042576),
    ("three", Measure::Kl, Base::Ten, "0.571392", "bits-for-hartleys", 0.5713915721107161),
// three rkl base e: right 0.3652740407498063
    ("three", Measure::ReverseKl, Base::E, "0.396058", "swapped-arguments", 0.3960584572042576),
    ("three", Measure::ReverseKl, Base::E, "-0.396058", "weighted-by-p", -0.3960584572042576),
    ("three", Measure::ReverseKl, Base::E, "0.510826", "unweighted", 0.5108256237659907),
    ("three", Measure::ReverseKl, Base::E, "0.584996", "dropped-term", 0.5849964984834283),
    ("three", Measure::ReverseKl, Base::E, "1.8", "forgot-log", 1.7999999999999998),
// three ce base e: right 1.2940041820610374
    ("three", Measure::CrossEntropy, Base::E, "1.39493", "swapped-arguments", 1.3949270548143797),
    ("three", Measure::CrossEntropy, Base::E, "0.396058", "kl-for-cross-entropy", 0.3960584572042576),
    ("three", Measure::CrossEntropy, Base::E, "0.897946", "entropy-for-cross-entropy", 0.8979457248567798),
    ("three", Measure::CrossEntropy, Base::E, "3.50656", "unweighted", 3.506557897319982),
    ("three", Measure::CrossEntropy, Base::E, "1.17361", "dropped-term", 1.1736069016284436),
// three entropy base e: right 0.89794572485677979
    ("three", Measure::Entropy, Base::E, "-0.897946", "sign-flipped", -0.8979457248567798),
    ("three", Measure::Entropy, Base::E, "4.01738", "unweighted", 4.017383521085972),
    ("three", Measure::Entropy, Base::E, "0.536754", "dropped-term", 0.536753883558999),
// three js base e: right 0.091120798525467464
    ("three", Measure::Js, Base::E, "0.182242", "forgot-half", 0.18224159705093493),
    ("three", Measure::Js, Base::E, "0.380666", "symmetrized-kl", 0.38066624897703194),
    ("three", Measure::Js, Base::E, "0.0438299", "js-one-side", 0.04382986253668491),
    ("three", Measure::Js, Base::E, "0.0945819", "js-one-side", 0.09458187197756513),
    ("three", Measure::Js, Base::E, "0.13146", "bits-for-nats", 0.13145952415453427),
// three tv base e: right 0.39999999999999998
    ("three", Measure::Tv, Base::E, "0.8", "tv-without-half", 0.7999999999999999),
// three hel base e: right 0.30510067700448505
    ("three", Measure::Hellinger, Base::E, "0.0930864", "squared-hellinger", 0.0930864231085951),
    ("three", Measure::Hellinger, Base::E, "0.431478", "hellinger-without-half", 0.43147751530895584),
];

#[test]
fn the_right_values_for_the_coin() {
    let cases = [
        (coin(Measure::Kl, Base::Two), 0.5310044064107188),
        (coin(Measure::ReverseKl, Base::Two), 0.7369655941662062),
        (coin(Measure::Kl, Base::E), 0.3680642071684971),
        (coin(Measure::CrossEntropy, Base::Two), 1.0),
        (coin(Measure::Entropy, Base::Two), 0.4689955935892812),
    ];
    for (q, want) in cases {
        let v = grade_str(&q, &format!("{want}"));
        assert!(v.correct, "{q:?}");
        assert!(close(v.expected, want, 1e-14), "{} vs {want}", v.expected);
    }
}

#[test]
fn every_catalogued_mistake_is_diagnosed() {
    let mut failures = Vec::new();
    for &(name, measure, base, answer, id, mistaken) in MISTAKES {
        let q = example(name, measure, base);
        let v = grade_str(&q, answer);
        let what = format!("{name} {measure} in {}: {answer}", base.unit());
        match &v.diagnosis {
            _ if v.correct => failures.push(format!("{what}: graded right")),
            None => failures.push(format!("{what}: no diagnosis, wanted {id}")),
            Some(d) if d.id != id => {
                failures.push(format!("{what}: diagnosed {}, wanted {id}", d.id))
            }
            Some(d) => {
                if !close(d.mistaken_value, mistaken, 1e-12) {
                    failures.push(format!(
                        "{what}: mistaken value {} vs mpmath {mistaken}",
                        d.mistaken_value
                    ));
                }
                let info = catalogue().iter().find(|m| m.id == id).unwrap();
                assert_eq!(d.concept, info.concept);
                assert!(d.message.len() > 40, "{what}: {}", d.message);
                if v.offset.is_some() {
                    failures.push(format!("{what}: offset alongside a diagnosis"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn coin_mistakes_are_the_same_for_bernoulli_and_count_inputs() {
    // Bern(0.1) is [0.9, 0.1]; counts [9, 1] and [5, 5] normalise to the coin.
    for &(name, measure, base, answer, id, mistaken) in MISTAKES {
        if name != "coin" {
            continue;
        }
        let variants = [
            Quantity {
                measure,
                inputs: Inputs::Bernoulli { p: 0.1, q: 0.5 },
                base,
                norm: Norm::Strict,
            },
            Quantity {
                measure,
                inputs: Inputs::Discrete {
                    p: vec![9.0, 1.0],
                    q: vec![5.0, 5.0],
                    x: None,
                },
                base,
                norm: Norm::Normalize,
            },
        ];
        for q in variants {
            let d = grade_str(&q, answer).diagnosis;
            let what = format!("{:?} {answer}", q.inputs);
            let d = d.unwrap_or_else(|| panic!("{what}: no diagnosis, wanted {id}"));
            assert_eq!(d.id, id, "{what}");
            assert!(close(d.mistaken_value, mistaken, 1e-12), "{what}");
        }
    }
}

#[test]
fn quantities_without_discrete_inputs_get_unit_and_sign_mistakes() {
    let mi = Quantity {
        measure: Measure::MutualInformation,
        inputs: Inputs::Joint(vec![vec![0.4, 0.1], vec![0.1, 0.4]]),
        base: Base::E,
        norm: Norm::Strict,
    };
    let right = mi.value().unwrap();
    // I(X;Y) = ln 2 - H_b(0.2) nats for this table (mpmath: 0.19274475702175742).
    assert!(close(right, 0.19274475702175742, 1e-13), "{right}");
    let id = |v: f64| diagnose(&mi, v, DEFAULT_TOLERANCE).map(|d| d.id);
    assert_eq!(id(right / std::f64::consts::LN_2), Some("bits-for-nats"));
    assert_eq!(id(right / std::f64::consts::LN_10), Some("log10"));
    assert_eq!(id(-right), Some("sign-flipped"));
    assert_eq!(id(-0.01), Some("negative-value"));
    assert_eq!(id(0.5), None);
}

#[test]
fn every_catalogue_entry_has_a_case() {
    let mut covered: Vec<&str> = MISTAKES.iter().map(|c| c.4).collect();
    // tested below
    covered.extend([
        "negative-value",
        "unit-mismatch",
        "finite-for-infinite",
        "infinite-for-finite",
    ]);
    covered.extend(GAUSSIAN_SLIPS.iter().map(|c| c.4));
    for m in catalogue() {
        assert!(covered.contains(&m.id), "no test triggers {}", m.id);
    }
}

#[test]
fn support_mistakes_need_the_zero_that_causes_them() {
    // D(P‖Q) = ∞: Q(3) = 0 under P(3) = 0.2; D(Q‖P) = 0.2 ln(0.2/0.5)... is
    // finite (P(3)'s weight in the reverse is Q(3) = 0).
    let q = Quantity::discrete(
        Measure::Kl,
        vec![0.5, 0.3, 0.2],
        vec![0.5, 0.5, 0.0],
        Base::E,
    );
    let d = grade_str(&q, "0.4").diagnosis.expect("finite for infinite");
    assert_eq!(d.id, "finite-for-infinite");
    assert_eq!(d.concept, "support-infinity");
    assert!(d.message.contains("outcome 3"), "{}", d.message);
    assert!(grade_str(&q, "inf").correct);
    // Its reverse is infinite too, so there "inf" is swapped arguments. With
    // the zero on both sides, every direction is finite (D(P‖Q) =
    // 0.5 ln(0.5/0.6) + 0.5 ln(0.5/0.4) = 0.0204110), and "inf" is the
    // zero-weight mistake.
    let r = Quantity::discrete(
        Measure::Kl,
        vec![0.5, 0.5, 0.0],
        vec![0.6, 0.4, 0.0],
        Base::E,
    );
    assert!((r.value().unwrap() - 0.020410997260127586).abs() < 1e-12);
    let d = grade_str(&r, "inf").diagnosis.expect("infinite for finite");
    assert_eq!(d.id, "infinite-for-finite");
    // Without any zero, neither is diagnosed: an infinite answer is a plain miss.
    let plain = coin(Measure::Kl, Base::E);
    assert_eq!(grade_str(&plain, "inf").diagnosis, None);
}

#[test]
fn every_mistake_has_a_targeted_hint_that_gives_no_number() {
    for m in catalogue() {
        assert!(m.hint.len() > 20, "{} has no real hint", m.id);
        assert!(
            !m.hint
                .chars()
                .any(|c| c.is_ascii_digit() && c != '2' && c != '0' && c != '1'),
            "{}: {}",
            m.id,
            m.hint
        );
    }
    let swapped = catalogue()
        .iter()
        .find(|m| m.id == "swapped-arguments")
        .unwrap();
    assert!(swapped.hint.contains("weights"), "{}", swapped.hint);
}

#[test]
fn negative_answers_that_match_nothing() {
    for (q, answer) in [
        (coin(Measure::Kl, Base::Two), "-0.3"),
        (example("three", Measure::Kl, Base::E), "-0.1"),
        (coin(Measure::Tv, Base::E), "-0.1"),
    ] {
        let d = grade_str(&q, answer).diagnosis.expect(answer);
        assert_eq!(d.id, "negative-value");
        assert_eq!(d.concept, "non-negativity");
        assert_eq!(d.mistaken_value, answer.parse::<f64>().unwrap());
    }
}

#[test]
fn the_first_matching_mistake_in_catalogue_order_wins() {
    // Coin in nats: dropping the tails term (0.5290) and answering in bits
    // (0.5310) are within 0.5 % of each other; the unit slip is listed first.
    let q = coin(Measure::Kl, Base::E);
    assert_eq!(grade_str(&q, "0.53").diagnosis.unwrap().id, "bits-for-nats");
    assert_eq!(grade_str(&q, "0.527").diagnosis.unwrap().id, "dropped-term");
    // Three outcomes, D(Q‖P) in bits: log10 (0.15864) before dropped-term (0.15850).
    let q = example("three", Measure::ReverseKl, Base::Two);
    assert_eq!(grade_str(&q, "0.1586").diagnosis.unwrap().id, "log10");
}

#[test]
fn unit_suffixes() {
    let q = coin(Measure::Kl, Base::Two);
    assert!(grade_str(&q, "0.531 bits").correct);
    assert!(grade_str(&q, "0.531 BIT").correct);
    // Right amount of information, wrong unit for the question.
    let v = grade_str(&q, "0.368 nats");
    assert!(!v.correct);
    let d = v.diagnosis.unwrap();
    assert_eq!(d.id, "nats-for-bits");
    assert!(d.message.contains("asks for bits"), "{}", d.message);
    assert!(d.message.contains("ln 2"), "{}", d.message);
    // Not within 0.5 % of 0.3681 nats either: only the unit is named.
    let d = grade_str(&q, "0.37 nats").diagnosis.unwrap();
    assert_eq!(d.id, "unit-mismatch");
    assert!(d.message.contains("asks for bits"), "{}", d.message);
    // The bits number labelled nats.
    let d = grade_str(&q, "0.531 nats").diagnosis.unwrap();
    assert_eq!(d.id, "unit-mismatch");
    assert!(d.message.contains("right in bits"), "{}", d.message);
    // Neither.
    let d = grade_str(&q, "2 hartleys").diagnosis.unwrap();
    assert_eq!(d.id, "unit-mismatch");
    assert!(d.message.contains("asks for bits"), "{}", d.message);
    // A nats question answered in bits.
    let qn = coin(Measure::Kl, Base::E);
    assert!(grade_str(&qn, "0.368 nats").correct);
    assert_eq!(
        grade_str(&qn, "0.531 bits").diagnosis.unwrap().id,
        "bits-for-nats"
    );
    // Measures without a unit take none.
    let tv = coin(Measure::Tv, Base::Two);
    assert!(grade_str(&tv, "0.4").correct);
    let d = grade_str(&tv, "0.4 bits").diagnosis.unwrap();
    assert_eq!(d.id, "unit-mismatch");
    assert!(d.message.contains("plain number"), "{}", d.message);
    assert_eq!(diagnose_unit(&q, 0.159848, Base::Ten, 0.005).id, "log10");
}

#[test]
fn tolerance_edges() {
    let q = coin(Measure::Kl, Base::Two);
    for (answer, right) in [
        ("0.531", true),
        ("0.53", true),
        ("0.5310044", true),
        ("0.5336", true),
        ("0.5284", true),
        ("0.534", false),
        ("0.528", false),
        ("0.52", false),
        ("0.5", false),
        ("1", false),
    ] {
        assert_eq!(grade_str(&q, answer).correct, right, "{answer}");
    }
    // Fewer digits never widen the window: "1" is right only for exactly 1 bit.
    let one_bit = Quantity::discrete(Measure::Kl, vec![1.0, 0.0], vec![0.5, 0.5], Base::Two);
    assert!(grade_str(&one_bit, "1").correct);
    assert!(grade_str(&one_bit, "1 bit").correct);
    assert!(grade_str(&one_bit, "1.004").correct);
    assert!(!grade_str(&one_bit, "1.006").correct);
    // An expected zero needs an absolute 1e-12.
    let zero = Quantity::discrete(Measure::Kl, vec![0.3, 0.7], vec![0.3, 0.7], Base::Two);
    for (answer, right) in [
        ("0", true),
        ("-0", true),
        ("1e-12", true),
        ("-1e-12", true),
        ("2e-12", false),
        ("0.001", false),
    ] {
        assert_eq!(grade_str(&zero, answer).correct, right, "{answer}");
    }
    let v = grade_str(&zero, "0.001");
    assert_eq!(v.offset.map(|o| o.too_high), Some(true));
}

#[test]
fn expression_answers() {
    let q = coin(Measure::Kl, Base::Two);
    assert!(grade_str(&q, "0.9*log2(0.9/0.5)+0.1*log2(0.1/0.5)").correct);
    assert!(grade_str(&q, "0.9 × log2(1.8) + 0.1 × log2(0.2) bits").correct);
    assert!(grade_str(&q, "(0.9*ln(1.8) + 0.1*ln(0.2)) / ln(2)").correct);
    let d = grade_str(&q, "0.9*ln(0.9/0.5)+0.1*ln(0.1/0.5)")
        .diagnosis
        .unwrap();
    assert_eq!(d.id, "nats-for-bits");
    let d = grade_str(&q, "0.5*log2(0.5/0.9)+0.5*log2(0.5/0.1)")
        .diagnosis
        .unwrap();
    assert_eq!(d.id, "swapped-arguments");
    assert!(d.message.contains("D(Q‖P)"), "{}", d.message);
    assert_eq!(parse_answer("0.9*log2(0.9/0.5)").unwrap().digits, 0);
}

#[test]
fn infinity_is_right_only_for_infinite_values() {
    let finite = coin(Measure::Kl, Base::Two);
    for answer in ["inf", "∞", "infinity", "∞ bits"] {
        let v = grade_str(&finite, answer);
        assert!(!v.correct, "{answer}");
        assert_eq!(v.offset, None);
    }
    // Q puts mass where P has none: D(Q‖P) is infinite.
    let infinite = Quantity::discrete(Measure::Kl, vec![0.5, 0.5], vec![1.0, 0.0], Base::Two);
    for answer in ["inf", "∞", "Infinity", "∞ bits"] {
        assert!(grade_str(&infinite, answer).correct, "{answer}");
    }
    // Only inf/∞ means infinity: a division by zero or an overflow is bad input.
    for answer in ["1/0", "exp(1000)", "1e400"] {
        assert!(parse_answer(answer).is_err(), "{answer}");
    }
    for answer in ["1e300", "1e308 bits", "-inf"] {
        let v = grade_str(&infinite, answer);
        assert!(!v.correct, "{answer}");
        assert_eq!(v.offset, None, "{answer}");
    }
    // Its reverse is finite (1 bit); answering ∞ there is the swap.
    let d = grade_str(
        &Quantity::discrete(
            Measure::ReverseKl,
            vec![0.5, 0.5],
            vec![1.0, 0.0],
            Base::Two,
        ),
        "inf",
    )
    .diagnosis
    .unwrap();
    assert_eq!(d.id, "swapped-arguments");
}

#[test]
fn malformed_answers_point_at_the_problem() {
    for (input, position, caret, fragment) in [
        ("2ln(2)", 1, "2ln(2)\n ^", "no"),
        ("0.5 + 2ln(2)", 7, "0.5 + 2ln(2)\n       ^", "'2' and 'ln'"),
        (
            "0.9*log2(0.9/0.5",
            8,
            "0.9*log2(0.9/0.5\n        ^",
            "'(' at column 9 is never closed",
        ),
        ("0.53)", 4, "0.53)\n    ^", "'('"),
        ("0,531", 1, "0,531\n ^", "point"),
        ("0.5 +", 5, "0.5 +\n     ^", "missing"),
        (
            "ln(0.5) - ln(-1)",
            10,
            "ln(0.5) - ln(-1)\n          ^",
            "NaN",
        ),
        ("0/0", 1, "0/0\n ^", "NaN"),
        ("0.5 bits + 1", 4, "0.5 bits + 1\n    ^", "end"),
        ("0.5 % ", 4, "0.5 %\n    ^", "unexpected character"),
        ("log 2", 4, "log 2\n    ^", "parentheses"),
    ] {
        let e = parse_answer(input).expect_err(input);
        assert_eq!(e.position, position, "{input}: {}", e.message);
        assert_eq!(e.caret(input), caret, "{input}");
        assert!(e.message.contains(fragment), "{input}: {}", e.message);
    }
}

#[test]
fn diagnose_leaves_right_answers_alone() {
    let q = coin(Measure::Kl, Base::Two);
    assert_eq!(diagnose(&q, 0.531, DEFAULT_TOLERANCE), None);
    assert_eq!(diagnose(&q, f64::NAN, DEFAULT_TOLERANCE), None);
    // Symmetric inputs: the swap equals the answer and is never reported.
    let sym = Quantity::discrete(Measure::Kl, vec![0.2, 0.8], vec![0.8, 0.2], Base::Two);
    let right = sym.value().unwrap();
    assert_eq!(diagnose(&sym, right * 1.001, DEFAULT_TOLERANCE), None);
}

// ---------------------------------------------------------------- proptest

/// A well-formed arithmetic expression and how Rust evaluates it.
#[derive(Debug, Clone)]
enum Expr {
    Num(f64),
    Const(&'static str, f64),
    Neg(Box<Expr>),
    Bin(char, bool, Box<Expr>, Box<Expr>),
    Fun(&'static str, Box<Expr>),
}

impl Expr {
    /// Binding strength, as the parser is meant to implement it.
    fn prec(&self) -> u8 {
        match self {
            Expr::Bin('+' | '-', ..) => 1,
            Expr::Bin('*' | '/', ..) => 2,
            Expr::Neg(_) => 3,
            Expr::Bin(..) => 4, // '^'
            _ => 5,
        }
    }

    /// Rendered with the fewest parentheses the precedence rules allow, so
    /// the test checks precedence and associativity, not just arithmetic.
    fn render(&self) -> String {
        let wrap = |e: &Expr, paren: bool| {
            if paren {
                format!("({})", e.render())
            } else {
                e.render()
            }
        };
        match self {
            Expr::Num(x) => format!("{x:?}"),
            Expr::Const(name, _) => name.to_string(),
            Expr::Neg(e) => format!("-{}", wrap(e, e.prec() < 3)),
            Expr::Fun(f, e) => format!("{f}({})", e.render()),
            Expr::Bin(op, spaced, l, r) => {
                let p = self.prec();
                let (lp, rp) = if *op == '^' {
                    (l.prec() <= 4, r.prec() < 3)
                } else {
                    (l.prec() < p, r.prec() <= p)
                };
                let sep = if *spaced { " " } else { "" };
                format!("{}{sep}{op}{sep}{}", wrap(l, lp), wrap(r, rp))
            }
        }
    }

    /// Rust's value; None when any step is NaN.
    fn eval(&self) -> Option<f64> {
        let v = match self {
            Expr::Num(x) | Expr::Const(_, x) => *x,
            Expr::Neg(e) => -e.eval()?,
            Expr::Fun(f, e) => {
                let x = e.eval()?;
                match *f {
                    "ln" | "log" => x.ln(),
                    "log2" => x.log2(),
                    "log10" => x.log10(),
                    "exp" => x.exp(),
                    "sqrt" => x.sqrt(),
                    _ => x.abs(),
                }
            }
            Expr::Bin(op, _, l, r) => {
                let (a, b) = (l.eval()?, r.eval()?);
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    '/' => a / b,
                    _ => a.powf(b),
                }
            }
        };
        // Leaves are finite, so an infinity here is an overflow or a
        // division by zero, which the parser refuses (only inf/∞ is infinite).
        v.is_finite().then_some(v)
    }
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        (0u32..1000).prop_map(|n| Expr::Num(n as f64)),
        (0u32..1000).prop_map(|n| Expr::Num(n as f64 / 100.0)),
        (1e-12f64..1e12).prop_map(Expr::Num),
        any::<f64>()
            .prop_filter("finite, non-negative", |x| x.is_finite()
                && x.is_sign_positive())
            .prop_map(Expr::Num),
        Just(Expr::Const("e", std::f64::consts::E)),
        Just(Expr::Const("pi", std::f64::consts::PI)),
        Just(Expr::Const("π", std::f64::consts::PI)),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(6, 40, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| Expr::Neg(Box::new(e))),
            (
                prop::sample::select(vec!["ln", "log", "log2", "log10", "exp", "sqrt", "abs"]),
                inner.clone()
            )
                .prop_map(|(f, e)| Expr::Fun(f, Box::new(e))),
            (
                prop::sample::select(vec!['+', '-', '*', '/', '^']),
                any::<bool>(),
                inner.clone(),
                inner
            )
                .prop_map(|(op, s, l, r)| Expr::Bin(op, s, Box::new(l), Box::new(r))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn never_panics_on_arbitrary_input(s in any::<String>()) {
        check_total(&s);
    }

    #[test]
    fn never_panics_on_answer_like_input(
        s in "[0-9.eE+\\-−*×·/^() \t,lnogexpsqrtabifyπ∞_bthNAT2₂]{0,80}"
    ) {
        check_total(&s);
    }

    #[test]
    fn never_panics_on_long_or_deep_input(
        s in "[(1+\\-^)]{0,700}"
    ) {
        check_total(&s);
    }

    #[test]
    fn evaluates_like_rust(
        e in expr(),
        unit in prop::sample::select(vec!["", " bits", "nats", " Hartleys"]),
    ) {
        let body = e.render();
        // "enats" would be one unknown name: a unit after a letter needs a space.
        let sep = if !unit.starts_with(' ') && body.ends_with(char::is_alphabetic) { " " } else { "" };
        let text = format!("{body}{sep}{unit}");
        let got = parse_answer(&text);
        if text.chars().count() > MAX_LEN {
            prop_assert_eq!(got.map_err(|e| e.position), Err(MAX_LEN));
        } else {
            match (e.eval(), got) {
                (Some(want), Ok(a)) => {
                    prop_assert_eq!(a.value.to_bits(), want.to_bits(), "{} = {} vs {}", text, a.value, want);
                    let base = match unit {
                        "" => None,
                        " bits" => Some(Base::Two),
                        "nats" => Some(Base::E),
                        _ => Some(Base::Ten),
                    };
                    prop_assert_eq!(a.unit, base);
                }
                (None, Err(err)) => prop_assert!(
                    err.message.contains("NaN") || err.message.contains("inf or ∞"),
                    "{}: {}", text, err.message
                ),
                (want, got) => prop_assert!(false, "{}: Rust {:?}, parser {:?}", text, want, got),
            }
        }
    }
}

/// Parsing never panics, errors point inside (or just past) the input, and
/// their caret renders.
fn check_total(s: &str) {
    match parse_answer(s) {
        Ok(a) => assert!(!a.value.is_nan()),
        Err(e) => {
            assert!(e.position <= s.chars().count(), "{s:?}: {e:?}");
            let caret = e.caret(s);
            assert!(caret.ends_with('^'));
        }
    }
}

/// (μ₁, σ₁, σ₂ (μ₂ = 0), answer typed, expected mistake id, the mistaken value
/// per mpmath at 40 digits, worked from the slipped formula by hand): the
/// VAE coordinate N(−1, 1.5²) against N(0, 1), right 0.7195348918918356,
/// and N(1, 0.5²) against N(0, 1), right 0.8181471805599453.
#[rustfmt::skip]
const GAUSSIAN_SLIPS: &[(f64, f64, f64, &str, &str, f64)] = &[
    (-1.0, 1.5, 1.0, "1.43907", "gaussian-without-half", 1.439069783783671),
    (-1.0, 1.5, 1.0, "1.21953", "gaussian-dropped-constant", 1.2195348918918356),
    (-1.0, 1.5, 1.0, "0.344535", "sigma-for-variance", 0.3445348918918356),
    (-1.0, 1.5, 1.0, "0.922267", "log-variance-slip", 0.9222674459459178),
    (1.0, 0.5, 1.0, "1.51129", "log-variance-slip", 1.5112943611198906),
];

/// Issue 13 (diagnosis quality): the slips of the Gaussian closed form, a
/// doubled VAE KL first, are diagnosed end to end from a typed answer.
#[test]
fn gaussian_closed_form_slips_are_diagnosed() {
    for &(mu1, sigma1, sigma2, answer, id, mistaken) in GAUSSIAN_SLIPS {
        let q = Quantity {
            measure: Measure::Kl,
            inputs: Inputs::Gaussian {
                mu1,
                sigma1,
                mu2: 0.0,
                sigma2,
            },
            base: Base::E,
            norm: Norm::Strict,
        };
        let v = grade_str(&q, answer);
        assert!(!v.correct, "{answer}");
        let d = v
            .diagnosis
            .unwrap_or_else(|| panic!("{mu1} {sigma1}: {answer}: no diagnosis, wanted {id}"));
        assert_eq!(d.id, id, "{mu1} {sigma1}: {answer}");
        assert!(
            close(d.mistaken_value, mistaken, 1e-12),
            "{}",
            d.mistaken_value
        );
        assert_eq!(d.concept, "gaussian-closed-form");
    }
}
