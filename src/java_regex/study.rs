//! Length study of a parsed pattern, as Java does it to accept or refuse a lookbehind
//! (`(?<=...)`, `(?<!...)`): Java refuses one whose body "does not have an obvious maximum
//! length". What counts as obvious is Java's own arithmetic, reproduced here with its 32-bit
//! wrap-around: `(?<=a*)` and `(?<=a{2,})` pass (a single repeated character is studied
//! without an overflow check), `(?<=(?:ab)*)`, `(?<=x(a)*)` and back references do not.

/// Java's largest repetition count, which `*`, `+` and `{n,}` stand for.
const MAX_REPS: i32 = i32::MAX;

/// One element of a pattern as far as its length goes.
#[derive(Debug, Clone)]
pub(super) enum Node {
    /// One character (literal, class, `.`, `\d`, `\p{..}`...).
    Char,
    /// A class or property under `(?c)`: one character at least, no maximum added.
    NfcChar,
    /// A run of `n` literal characters.
    Slice(i32),
    /// `\R`: one or two characters.
    LineEnding,
    /// `\X`: one character at least, no maximum added.
    Grapheme,
    /// Anchors, boundaries and lookarounds: no length.
    Zero,
    /// `\1`, `\k<name>`: no known maximum.
    BackRef,
    /// A single character repeated greedily with no upper bound (`a*`, `a+`, `a{2,}`).
    CharGreedy(i32),
    /// A counted repetition of a sub-pattern (`{n,m}`, lazy or possessive `*`, `+`, a
    /// deterministic group under any repetition).
    Curly { atom: Vec<Node>, min: i32, max: i32 },
    /// A repeated group whose body is not deterministic: no known maximum.
    Loop,
    /// An optional sub-pattern (`?`), or an atomic group `(?>..)` when `atomic`.
    Ques { atom: Vec<Node>, atomic: bool },
    /// Alternatives; an optional group is the alternative of its body and nothing.
    Branch(Vec<Vec<Node>>),
}

/// What Java's `TreeInfo` holds.
#[derive(Debug, Clone, Copy)]
pub(super) struct Info {
    pub min: i32,
    pub max: i32,
    pub max_valid: bool,
    pub deterministic: bool,
}

impl Info {
    pub fn new() -> Self {
        Info {
            min: 0,
            max: 0,
            max_valid: true,
            deterministic: true,
        }
    }
}

/// Studies `chain` into `info`; returns whether it is deterministic (Java then repeats a
/// group without backtracking into it, which changes how the repetition is studied).
pub(super) fn study(chain: &[Node], info: &mut Info) -> bool {
    for (k, node) in chain.iter().enumerate() {
        match node {
            Node::Char => {
                info.min = info.min.wrapping_add(1);
                info.max = info.max.wrapping_add(1);
            }
            Node::NfcChar | Node::Grapheme => {
                info.min = info.min.wrapping_add(1);
                info.deterministic = false;
            }
            Node::Slice(n) => {
                info.min = info.min.wrapping_add(*n);
                info.max = info.max.wrapping_add(*n);
            }
            Node::LineEnding => {
                info.min = info.min.wrapping_add(1);
                info.max = info.max.wrapping_add(2);
            }
            Node::Zero => {}
            Node::BackRef => info.max_valid = false,
            Node::CharGreedy(min) => {
                info.min = info.min.wrapping_add(*min);
                if info.max_valid {
                    info.max = info.max.wrapping_add(MAX_REPS);
                }
                info.deterministic = false;
            }
            Node::Curly { atom, min, max } => curly(atom, *min, *max, info),
            Node::Loop => {
                info.max_valid = false;
                info.deterministic = false;
                return false;
            }
            Node::Ques { atom, atomic } => {
                if *atomic {
                    study(atom, info);
                } else {
                    let min = info.min;
                    study(atom, info);
                    info.min = min;
                    info.deterministic = false;
                }
            }
            Node::Branch(alternatives) => {
                branch(alternatives, &chain[k + 1..], info);
                return false;
            }
        }
    }
    info.deterministic
}

fn curly(atom: &[Node], cmin: i32, cmax: i32, info: &mut Info) {
    let before = *info;
    *info = Info::new();
    study(atom, info);
    let mut min = info.min.wrapping_mul(cmin).wrapping_add(before.min);
    if min < before.min {
        min = 0x0FFF_FFFF;
    }
    info.min = min;
    if before.max_valid && info.max_valid {
        let max = info.max.wrapping_mul(cmax).wrapping_add(before.max);
        info.max = max;
        if max < before.max {
            info.max_valid = false;
        }
    } else {
        info.max_valid = false;
    }
    info.deterministic = if info.deterministic && cmin == cmax {
        before.deterministic
    } else {
        false
    };
}

/// Alternatives, then what follows them, each studied afresh and added up.
fn branch(alternatives: &[Vec<Node>], rest: &[Node], info: &mut Info) {
    let mut min = info.min;
    let mut max = info.max;
    let mut max_valid = info.max_valid;
    let mut alt_min = i32::MAX;
    let mut alt_max = -1i32;
    for alternative in alternatives {
        *info = Info::new();
        study(alternative, info);
        alt_min = alt_min.min(info.min);
        alt_max = alt_max.max(info.max);
        max_valid &= info.max_valid;
    }
    min = min.wrapping_add(alt_min);
    max = max.wrapping_add(alt_max);
    *info = Info::new();
    study(rest, info);
    info.min = info.min.wrapping_add(min);
    info.max = info.max.wrapping_add(max);
    info.max_valid &= max_valid;
    info.deterministic = false;
}

/// Whether Java finds an obvious maximum length for a lookbehind body.
pub(super) fn has_obvious_maximum(body: &[Node]) -> bool {
    let mut info = Info::new();
    study(body, &mut info);
    info.max_valid
}

/// Whether a repeated group body is deterministic (Java repeats it in place) or needs a loop.
pub(super) fn is_deterministic(body: &[Node]) -> bool {
    study(body, &mut Info::new())
}

#[cfg(test)]
mod tests {
    use super::Node::*;
    use super::*;

    #[test]
    fn single_characters_repeat_without_a_check_but_groups_overflow() {
        assert!(has_obvious_maximum(&[CharGreedy(0)]));
        assert!(has_obvious_maximum(&[Char, CharGreedy(1)]));
        let ab = Curly {
            atom: vec![Slice(2)],
            min: 0,
            max: MAX_REPS,
        };
        assert!(!has_obvious_maximum(&[ab]));
        let a = Curly {
            atom: vec![Char],
            min: 0,
            max: MAX_REPS,
        };
        assert!(has_obvious_maximum(std::slice::from_ref(&a)));
        assert!(!has_obvious_maximum(&[Char, a]));
        assert!(!has_obvious_maximum(&[BackRef]));
        assert!(!has_obvious_maximum(&[Loop]));
    }

    #[test]
    fn branches_and_options_add_up() {
        let b = Branch(vec![vec![Slice(3)], vec![]]);
        let mut info = Info::new();
        assert!(!study(&[Char, b, Char], &mut info));
        assert_eq!((info.min, info.max, info.max_valid), (2, 5, true));
        assert!(is_deterministic(&[Slice(2), Char, Zero]));
        assert!(!is_deterministic(&[Ques {
            atom: vec![Char],
            atomic: false
        }]));
    }
}
