//! One module per subcommand.

pub mod account;
pub mod anchor;
pub mod batch;
pub mod cert;
pub mod council;
pub mod document;
pub mod identity;
pub mod issuer;
pub mod node;
pub mod proof;
pub mod runtime;
pub mod types;
pub mod validator;
pub mod vc;
