//! What `max_pool` and `avg_pool` share: their arguments and window.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::{simplest_padding, size_text, window_options};
use crate::shape::ShapeError;
use crate::vocab::{Hw, Padding};
use crate::window::Window;

/// The arguments of a 2-D pool. The stride defaults to the pool size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pool {
    /// Window.
    pub kernel: Hw,
    /// Strides.
    pub stride: Hw,
    /// Padding.
    pub padding: Padding,
}

impl Pool {
    /// Its window over an `[h, w, c]` input, for the layer `name`.
    pub fn window(&self, name: &'static str, input: &[usize]) -> Result<Window, ShapeError> {
        Window::new(name, "pool", input, self.kernel, self.stride, self.padding)
    }

    pub(super) fn output_shape(
        &self,
        name: &'static str,
        input: &[usize],
    ) -> Result<Vec<usize>, ShapeError> {
        let w = self.window(name, input)?;
        Ok(vec![w.out_h, w.out_w, w.in_c])
    }

    pub(super) fn dsl(&self, name: &str) -> String {
        format!(
            "{name}({}{})",
            size_text(self.kernel),
            window_options(self.stride, self.kernel, self.padding)
        )
    }

    pub(super) fn simplified(&self, input: &[usize]) -> Self {
        let padding = simplest_padding(input, self.kernel, self.stride, self.padding);
        Pool { padding, ..*self }
    }
}
