"""The form framework: field declarations, definitions, the rule engine and the catalogue."""
