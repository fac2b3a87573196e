//! "Did you mean …?" for misspelt layer and argument names.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (edit_distance(word, candidate), *candidate))
        .filter(|(distance, candidate)| {
            *distance <= (candidate.len() / 3).max(1) || is_affix(word, candidate)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// `" (did you mean `x`?)"`, or nothing.
pub(crate) fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    match closest(word, candidates) {
        Some(candidate) => format!("; did you mean `{candidate}`?"),
        None => String::new(),
    }
}

fn is_affix(word: &str, candidate: &str) -> bool {
    word.len() >= 3 && (candidate.starts_with(word) || word.starts_with(candidate))
}

/// Levenshtein distance over bytes (names here are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_prefixes() {
        let layers = [
            "conv2d",
            "depthwise_conv2d",
            "dense",
            "relu",
            "relu6",
            "max_pool",
        ];
        assert_eq!(closest("conv2", &layers), Some("conv2d"));
        assert_eq!(closest("dens", &layers), Some("dense"));
        assert_eq!(closest("maxpool", &layers), Some("max_pool"));
        assert_eq!(closest("depthwise", &layers), Some("depthwise_conv2d"));
        assert_eq!(closest("lstm", &layers), None);
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("stride", "strides"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
