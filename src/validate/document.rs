//! Reading a document for validation: detecting its format and mapping JSON pointers back to
//! lines and columns.
//!
//! Placeholder until format detection lands.
