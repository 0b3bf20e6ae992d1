"""Writers: tables (CSV/JSON), reports, pages, figures and exports."""
