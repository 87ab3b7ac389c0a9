"""The gateway: verified tokens, the tenant from the token, role guards, and forwarding to the owning service."""
