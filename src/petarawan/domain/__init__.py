"""Pure domain core: numpy, pandas, geopandas, shapely only (no files, database, HTTP, plots)."""
