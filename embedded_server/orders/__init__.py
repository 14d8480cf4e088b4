"""orders domain of the embedded portal: orders, subscriptions, dealer confirmation (R10, R20)."""
