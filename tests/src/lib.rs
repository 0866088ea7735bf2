//! Helpers for the end-to-end tests: start real `ecert-node` processes on
//! free loopback ports, talk to them over JSON-RPC, and stop them.
