//! What `max_pool1d` and `avg_pool1d` share: their arguments and window.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{simplest_steps_padding, steps_options};
use crate::shape::ShapeError;
use crate::vocab::Padding;
use crate::window::Window;

/// The arguments of a 1-D pool. The stride defaults to the pool size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pool1d {
    /// Window length, in steps.
    pub kernel: usize,
    /// Stride, in steps.
    pub stride: usize,
    /// Padding.
    pub padding: Padding,
}

impl Pool1d {
    /// Its window over a `[steps, c]` input, as a one-row image, for the
    /// layer `name`.
    pub fn window(&self, name: &'static str, input: &[usize]) -> Result<Window, ShapeError> {
        Window::along_steps(name, "pool", input, self.kernel, self.stride, self.padding)
    }

    pub(super) fn output_shape(
        &self,
        name: &'static str,
        input: &[usize],
    ) -> Result<Vec<usize>, ShapeError> {
        let w = self.window(name, input)?;
        Ok(vec![w.out_w, w.in_c])
    }

    pub(super) fn dsl(&self, name: &str) -> String {
        format!(
            "{name}({}{})",
            self.kernel,
            steps_options(self.stride, self.kernel, self.padding)
        )
    }

    pub(super) fn simplified(&self, input: &[usize]) -> Self {
        let padding = simplest_steps_padding(input, self.kernel, self.stride, self.padding);
        Pool1d { padding, ..*self }
    }
}
