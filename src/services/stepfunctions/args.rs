//! The arguments every Step Functions operation shares: the state machine it works on, one
//! the blueprint owns (`state_machine`) or any by ARN (`state_machine_arn`). Each operation's
//! argument type is declared through [`machine_args!`], which writes these two fields (with
//! the operation's own words for them, as the blueprint schema shows them) and the lookup of
//! the machine once.

/// Declares an operation's argument type: the two machine fields, documented as written
/// before them, then the operation's own fields; adds `machine()`, the machine they name.
macro_rules! machine_args {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(#[$owned:meta])*
            state_machine,
            $(#[$by_arn:meta])*
            state_machine_arn,
            $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $(#[$owned])*
            #[serde(default)]
            pub state_machine: Option<String>,
            $(#[$by_arn])*
            #[serde(default)]
            pub state_machine_arn: Option<String>,
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl $name {
            /// The machine the arguments name.
            fn machine(
                &self,
                owned: &$crate::model::Owned,
            ) -> Result<super::Machine, $crate::model::OpError> {
                super::machine(
                    self.state_machine.as_deref(),
                    self.state_machine_arn.as_deref(),
                    owned,
                )
            }
        }
    };
}

pub(super) use machine_args;
