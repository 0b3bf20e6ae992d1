"""Writers: tables (CSV/JSON), reports, and the atomic file machinery they share."""
