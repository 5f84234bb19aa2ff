"""The Endpoints controller (pkg/controller/endpoint/) and RepackSubsets (pkg/api/v1/endpoints)."""
