//! Terraform JSON checked against an AWS provider schema (`terraform providers schema -json`).
