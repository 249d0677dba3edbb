"""Pure domain core: numpy, pandas, geopandas and shapely only (no files, database, HTTP or plotting)."""
