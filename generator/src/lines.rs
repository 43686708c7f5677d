//! Byte offsets to 1-based line numbers, for both front ends' spans.

/// The start of every line of a text, searched by bisection.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex { starts }
    }

    /// The 1-based line that holds byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|start| *start <= offset) as u32
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lines_start_at_one() {
        let index = super::LineIndex::new("a\nbc\n\nd");
        assert_eq!([0, 1, 2, 4, 5, 6].map(|o| index.line(o)), [1, 1, 2, 2, 3, 4]);
    }
}
