"""Going Home & Lifelong Links pathway episodes (SPEC section 3)."""
