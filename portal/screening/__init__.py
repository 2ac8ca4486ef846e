"""Screening of member and outgoing text: personal health information (PHI) and crisis
language. One service for the support groups (Moderation issue) and syndication."""
