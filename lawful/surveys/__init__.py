"""Surveys: questions, responses (linked to a person or anonymous) under the register's
survey purpose, and results with small numbers suppressed (lawful.policy.surveys)."""
