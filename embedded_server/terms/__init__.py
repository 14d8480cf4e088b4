"""terms domain of the embedded portal: versioned terms and each user's acceptances (R21)."""
