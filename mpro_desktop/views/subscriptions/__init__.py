"""The Subscriptions pane: subscriptions and orders, and ending a subscription."""
