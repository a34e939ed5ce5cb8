//! `output:` -> the model's [`Shape`].

use crate::blueprint::{Blueprint, ShapeSpec};
use crate::model::Shape;

/// The shape the blueprint asks for (`auto` when it says nothing).
pub(super) fn shape(bp: &Blueprint) -> Shape {
    match bp.output.as_ref().and_then(|o| o.shape) {
        None | Some(ShapeSpec::Auto) => Shape::Auto,
        Some(ShapeSpec::Resources) => Shape::Resources,
        Some(ShapeSpec::Body) => Shape::Body,
    }
}
