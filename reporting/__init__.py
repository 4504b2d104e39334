"""The reporting store: facts the cases publish, read with SQL by the agenda and the report."""
