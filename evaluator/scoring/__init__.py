"""Scoring: a criteria set compiled once, a partners × criteria table of points, aggregation,
outcomes, and what is built on the table (scorecards, the gap to the next outcome, results,
sensitivity to the weights)."""
