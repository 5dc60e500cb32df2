//! Baton's chat widget.
